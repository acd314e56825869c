/** The name of an environment as the UI shows it: the built-in one in the UI language, others as named. */
import type { Translate } from '../lib/i18n/i18n';
import type { EnvironmentRecord } from '../lib/store/schema';

/** The shown name of an environment. */
export function environmentName(t: Translate, env: Pick<EnvironmentRecord, 'kind' | 'name'>): string {
  return env.kind === 'tencent' ? t('optionsEnvTencentName') : env.name;
}
