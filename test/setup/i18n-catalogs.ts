/** Unit-test setup: both UI catalogs registered up front, so views and tests translate synchronously. */
import en from '../../public/_locales/en/messages.json';
import zh from '../../public/_locales/zh_CN/messages.json';
import { registerCatalog } from '../../lib/i18n/i18n';

registerCatalog('en', en);
registerCatalog('zh_CN', zh);
