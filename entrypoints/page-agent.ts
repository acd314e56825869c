import { agentChannel } from '../lib/agent/channel';
import { installPageAgent, type PageAgent } from '../lib/agent/page-agent';

// MAIN world, document_start, registered by the background for opted-in sites. No global name: the IIFE
// leaves nothing on the page's window.
export default defineUnlistedScript({
  globalName: false,
  main() {
    let agent: PageAgent | null = null;
    const post = agentChannel(window, (rules) => agent?.setRules(rules));
    agent = installPageAgent(window, { post });
  },
});
