import { describe, expect, it } from 'vitest';
import {
  checkAgentMessage as relayCheck,
  isFaultRule,
  WIRE_LIMITS,
  type AgentCall,
} from '../../lib/agent/wire';
import { faultRules } from '../../lib/protocol/agent-checks';
import { checkAgentMessage, injectedOf } from '../../lib/protocol/agent-message';
import { agentCallToRawCall } from '../../lib/agent/record';

const RULE = { id: 'r1', enabled: true, match: { target: 'Material/*' }, effect: { kind: 'delay', ms: 10 } };
const CALL: AgentCall = {
  via: 'fetch',
  startedAt: 1_700_000_000_000.5,
  durationMs: 3.25,
  request: { method: 'POST', url: 'https://x.example/PaaS/A/B', headers: [['a', '']], body: '' },
  response: { status: 200, statusText: '', headers: [], body: null, bodyTruncated: true },
};

// Rules a panel might send: the background must accept exactly those the relay passes on to the agent.
const RULES: unknown[] = [
  RULE,
  { ...RULE, everyNth: 3, percent: 12.5 },
  { ...RULE, match: { target: '*' } },
  { ...RULE, match: { target: 'Login' } },
  { ...RULE, match: { target: 'Material/ListMedia' } },
  { ...RULE, effect: { kind: 'code', code: 'InvalidParameter.Limit' } },
  { ...RULE, effect: { kind: 'code', code: 'X', message: '参数错误', englishMessage: 'Bad parameter' } },
  { ...RULE, effect: { kind: 'http', status: 502 } },
  { ...RULE, effect: { kind: 'network' } },
  { ...RULE, effect: { kind: 'delay', ms: WIRE_LIMITS.maxDelayMs } },
  // refused by both
  { ...RULE, effect: { kind: 'delay', ms: WIRE_LIMITS.maxDelayMs + 1 } },
  { ...RULE, effect: { kind: 'delay', ms: 1.5 } },
  { ...RULE, effect: { kind: 'http', status: 200 } },
  { ...RULE, effect: { kind: 'code', code: '<script>' } },
  { ...RULE, effect: { kind: 'code', code: 'A', message: 'm'.repeat(1025) } },
  { ...RULE, effect: { kind: 'teapot' } },
  { ...RULE, id: 'i'.repeat(65) },
  { ...RULE, id: 42 },
  { ...RULE, match: { target: 'Material' } },
  { ...RULE, match: { target: 'a/b/c' } },
  { ...RULE, percent: 101 },
  { ...RULE, everyNth: 0 },
  { ...RULE, enabled: 'yes' },
  null,
];

describe('the background’s checks of the page agent’s wire', () => {
  it.each(RULES.map((r) => [JSON.stringify(r)?.slice(0, 90), r]))(
    'agree with the relay on the rule %s',
    (_, rule) => {
      expect(faultRules([rule], 'rules').ok).toBe(isFaultRule(rule));
    },
  );

  it(`refuses more than ${WIRE_LIMITS.maxRules} rules`, () => {
    const many = Array.from({ length: WIRE_LIMITS.maxRules + 1 }, (_, i) => ({ ...RULE, id: `r${i}` }));
    expect(faultRules(many, 'rules').ok).toBe(false);
    expect(faultRules(many.slice(1), 'rules').ok).toBe(true);
  });

  it('passes a call the relay passes; what the worker keeps of it has the wire’s fields only', () => {
    const effect = { kind: 'code', code: 'E', message: 'm', englishMessage: 'e' } as const;
    const call = { ...CALL, extra: 'x'.repeat(1000), injected: { ruleId: 'r', effect: { ...effect, x: 1 } } };
    const message = { type: 'cme-agent/call', call, more: 1 };
    expect(relayCheck(message)).not.toBeNull();
    const checked = checkAgentMessage(message);
    expect(checked?.type).toBe('cme-agent/call');
    const kept = checked?.type === 'cme-agent/call' ? checked.call : CALL;
    expect(agentCallToRawCall(kept)).toEqual(
      agentCallToRawCall({ ...CALL, injected: { ruleId: 'r', effect } }),
    );
    expect(JSON.stringify(agentCallToRawCall(kept))).not.toContain('xxx');
    expect(injectedOf(kept)).toEqual({ ruleId: 'r', effect });
    expect(injectedOf(CALL)).toBeNull();
    expect(checkAgentMessage({ type: 'cme-agent/hello', x: 1 })).toEqual({ type: 'cme-agent/hello' });
  });

  it.each<[string, unknown]>([
    ['a negative duration', { ...CALL, durationMs: -1 }],
    ['a long method', { ...CALL, request: { ...CALL.request, method: 'M'.repeat(33) } }],
    ['a long header name', { ...CALL, request: { ...CALL.request, headers: [['n'.repeat(257), '']] } }],
    ['a long error', { ...CALL, response: null, error: 'e'.repeat(65) }],
    [
      'a body over the limit',
      { ...CALL, response: { ...CALL.response, body: 'b'.repeat(WIRE_LIMITS.maxBodyChars + 1) } },
    ],
    [
      'an injected rule id over 64',
      { ...CALL, injected: { ruleId: 'i'.repeat(65), effect: { kind: 'network' } } },
    ],
  ])('refuses %s, as the relay does', (_, call) => {
    const message = { type: 'cme-agent/call', call };
    expect(relayCheck(message)).toBeNull();
    expect(checkAgentMessage(message)).toBeNull();
  });
});
