import { browser } from 'wxt/browser';
import { AGENT_PORT, startRelay } from '../lib/agent/relay';

// ISOLATED world, document_start, registered by the background beside page-agent.js.
export default defineUnlistedScript({
  globalName: false,
  main() {
    startRelay(window, () => browser.runtime.connect({ name: AGENT_PORT }));
  },
});
