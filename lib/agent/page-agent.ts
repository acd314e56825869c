/**
 * The page agent: runs in the page's MAIN world, wraps `fetch` and `XMLHttpRequest`, reports the page's own
 * CME calls (logins and client API calls) and applies its tab's fault rules to them. A call it has no rule
 * for goes to the browser's own function with the same arguments; a non-CME call is not even looked at past
 * its URL (no clone, no listener, nothing kept). Dependency-free and small: it carries no dictionary (rules
 * come with their text) and no capture rules (an app behind its own backend, whose calls classify.ts finds
 * by capture rules, is not seen by the agent; only `/PaaS/<Class>/<Action>?auth=` and `?signature=`).
 * Before `setRules` is first called every call passes unchanged.
 */
import { cloak } from './cloak';
import { cut, type AgentCore } from './core';
import { fakeAnswer, pickRule } from './fault-rules';
import { installFetch } from './fetch';
import { installXhr } from './xhr';
import { MAX_RULES, MAX_URL_CHARS, type AgentToBackground, type FaultRule } from './wire';

/** What the agent needs from its surroundings. */
export interface AgentDeps {
  /** Sends a message towards the background (the relay's port); must not throw. */
  post(message: AgentToBackground): void;
  /** Epoch ms (default the window's Date.now). */
  now?: () => number;
  /** [0, 1) for `percent` rules (default Math.random). */
  random?: () => number;
}

/** The installed agent. */
export interface PageAgent {
  /** The tab's fault rules (replaces the previous ones; match counts of kept rules go on). */
  setRules(rules: FaultRule[]): void;
}

/** Installs the agent in `win` (its fetch and XMLHttpRequest); call once per window. */
export function installPageAgent(win: typeof globalThis, deps: AgentDeps): PageAgent {
  let rules: FaultRule[] = [];
  const counts = new Map<string, number>();
  const random = deps.random ?? Math.random;
  const c = cloak(win);
  const now = deps.now ?? win.Date.now;
  // RequestIds of made-up answers: UUIDs like CME's (not from deps.random, which decides `percent`).
  const requestId = () =>
    'xxxxxxxx-xxxx-4xxx-axxx-xxxxxxxxxxxx'.replace(/x/g, () => ((Math.random() * 16) | 0).toString(16));
  const core: AgentCore = {
    win,
    now,
    pick: (t) => (rules.length === 0 ? null : pickRule(rules, t, counts, random)),
    record: (via, method, url, headers, rule) => {
      const startedAt = now();
      return (body, response, error) => {
        try {
          deps.post({
            type: 'cme-agent/call',
            call: {
              via,
              startedAt,
              durationMs: Math.max(0, now() - startedAt),
              request: {
                method: method.toUpperCase(),
                url: url.slice(0, MAX_URL_CHARS),
                headers,
                ...cut(body),
              },
              response,
              ...(error ? { error } : {}),
              ...(rule ? { injected: { ruleId: rule.id, effect: rule.effect } } : {}),
            },
          });
        } catch {
          // The relay is gone: the page goes on.
        }
      };
    },
    answer: (rule, t) => fakeAnswer(rule.effect, t.login, requestId()),
    urlOf: (u) => (typeof u === 'string' ? u : u instanceof win.URL ? u.href : ''),
    firefox: /Firefox\//.test(String(win.navigator?.userAgent)),
  };
  installFetch(core, c);
  if (typeof win.XMLHttpRequest === 'function') installXhr(core, c);
  return {
    setRules: (next) => {
      rules = next.slice(0, MAX_RULES);
    },
  };
}
