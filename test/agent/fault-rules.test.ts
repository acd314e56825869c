import { describe, expect, it } from 'vitest';
import { explainError } from '../../lib/cme/errors';
import { fakeAnswer, pickRule, targets, type CmeTarget } from '../../lib/agent/fault-rules';
import { withDictionaryText } from '../../lib/agent/fault-text';
import { checkAgentMessage, checkBackgroundMessage, isFaultRule, type FaultRule } from '../../lib/agent/wire';

const listMedia: CmeTarget = { login: false, cls: 'Material', action: 'ListMedia' };
const login: CmeTarget = { login: true };
const rule = (over: Partial<FaultRule> = {}): FaultRule => ({
  id: 'r1',
  enabled: true,
  match: { target: 'Material/ListMedia' },
  effect: { kind: 'network' },
  ...over,
});

describe('targets', () => {
  it.each([
    ['Material/ListMedia', listMedia, true],
    ['Material/*', listMedia, true],
    ['*', listMedia, true],
    ['Material/DescribeClass', listMedia, false],
    ['Project/*', listMedia, false],
    ['Login', listMedia, false],
    ['Login', login, true],
    ['*', login, false],
    ['material/ListMedia', listMedia, false],
  ] as const)('%s names %o: %s', (target, call, yes) => {
    expect(targets(target, call)).toBe(yes);
  });
});

describe('pickRule', () => {
  const never = () => 0.99;
  it('takes the first enabled rule that names the call; disabled ones are skipped', () => {
    const rules = [
      rule({ id: 'off', enabled: false }),
      rule({ id: 'other', match: { target: 'Project/*' } }),
      rule({ id: 'class', match: { target: 'Material/*' } }),
      rule({ id: 'all', match: { target: '*' } }),
    ];
    expect(pickRule(rules, listMedia, new Map(), never)?.id).toBe('class');
    expect(pickRule(rules, login, new Map(), never)).toBeNull();
  });

  it('fires every Nth match, counted per rule (a miss does not fall through to later rules)', () => {
    const counts = new Map<string, number>();
    const rules = [rule({ id: 'third', everyNth: 3 }), rule({ id: 'all', match: { target: '*' } })];
    const fired = [1, 2, 3, 4, 5, 6].map(() => pickRule(rules, listMedia, counts, never)?.id ?? null);
    expect(fired).toEqual([null, null, 'third', null, null, 'third']);
    expect(counts.get('third')).toBe(6);
    expect(counts.has('all')).toBe(false);
  });

  it('fires for percent of the matches, by the injected random source', () => {
    const draws = [0.1, 0.6, 0.49, 0.5];
    const random = () => draws.shift()!;
    const rules = [rule({ percent: 50 })];
    const fired = [1, 2, 3, 4].map(() => pickRule(rules, listMedia, new Map(), random) !== null);
    expect(fired).toEqual([true, false, true, false]);
  });

  it('applies percent after everyNth (no draw on a skipped call)', () => {
    let draws = 0;
    const random = () => (draws++, 0);
    const counts = new Map<string, number>();
    const rules = [rule({ everyNth: 2, percent: 10 })];
    expect([1, 2, 3, 4].map(() => pickRule(rules, listMedia, counts, random) !== null)).toEqual([
      false,
      true,
      false,
      true,
    ]);
    expect(draws).toBe(2);
  });
});

describe('fakeAnswer', () => {
  it("answers a Code as CME's envelope at HTTP 200 with the dictionary's zh and en text", () => {
    const [r] = withDictionaryText([rule({ effect: { kind: 'code', code: 'InvalidParameterValue.Limit' } })]);
    const a = fakeAnswer(r!.effect, false, 'req-1')!;
    const ex = explainError('InvalidParameterValue.Limit', 'api')!;
    expect(a.status).toBe(200);
    expect(a.contentType).toBe('application/json');
    expect(JSON.parse(a.body)).toEqual({
      Code: 'InvalidParameterValue.Limit',
      Message: ex.messageZh,
      EnglishMessage: ex.messageEn,
      RequestId: 'req-1',
    });
    expect(ex.messageZh).not.toBe(ex.messageEn);
  });

  it("answers a login's Code in the current login shape, with the login scope's text", () => {
    const [r] = withDictionaryText([
      rule({ match: { target: 'Login' }, effect: { kind: 'code', code: 'SignatureVerifyFail' } }),
    ]);
    const body = JSON.parse(fakeAnswer(r!.effect, true, 'req-2')!.body);
    expect(body).toEqual({
      Response: {
        Error: {
          Code: 'SignatureVerifyFail',
          Message: explainError('SignatureVerifyFail', 'login')!.messageEn,
        },
        RequestId: 'req-2',
      },
    });
  });

  it('answers an HTTP status with a small HTML page', () => {
    const a = fakeAnswer({ kind: 'http', status: 502 }, false, 'x')!;
    expect(a).toMatchObject({ status: 502, contentType: 'text/html' });
    expect(a.body).toMatch(/^<html>.*502.*<\/html>$/);
  });

  it('is no answer for delay and network', () => {
    expect(fakeAnswer({ kind: 'delay', ms: 5 }, false, 'x')).toBeNull();
    expect(fakeAnswer({ kind: 'network' }, false, 'x')).toBeNull();
  });

  it('leaves rules other than code unchanged (withDictionaryText)', () => {
    const rules = [rule(), rule({ effect: { kind: 'http', status: 503 } })];
    expect(withDictionaryText(rules)).toEqual(rules);
  });
});

describe('wire checks', () => {
  it('accepts the rules of the wire and refuses bad ones', () => {
    expect(isFaultRule(rule())).toBe(true);
    expect(isFaultRule(rule({ match: { target: 'Login' }, everyNth: 2, percent: 12.5 }))).toBe(true);
    expect(isFaultRule(rule({ match: { target: 'Material/List Media' } }))).toBe(false);
    expect(isFaultRule(rule({ effect: { kind: 'delay', ms: 10 ** 9 } }))).toBe(false);
    expect(isFaultRule(rule({ effect: { kind: 'http', status: 200 } }))).toBe(false);
    expect(isFaultRule(rule({ percent: 101 }))).toBe(false);
    expect(isFaultRule({ ...rule(), effect: { kind: 'eval' } })).toBe(false);
    const many = Array.from({ length: 51 }, (_, i) => rule({ id: `r${i}` }));
    expect(checkBackgroundMessage({ type: 'cme-agent/rules', rules: many })).toBeNull();
    expect(checkBackgroundMessage({ type: 'cme-agent/rules', rules: many.slice(0, 50) })?.rules).toHaveLength(
      50,
    );
  });

  it('accepts only bounded agent messages, and only their fields', () => {
    const call = {
      via: 'fetch',
      startedAt: 1,
      durationMs: 2,
      request: { method: 'POST', url: 'https://h/PaaS/A/B?auth=t', headers: [['a', 'b']], body: '{}' },
      response: null,
      error: 'network',
    };
    expect(checkAgentMessage({ type: 'cme-agent/call', call, extra: 'x' })).toEqual({
      type: 'cme-agent/call',
      call,
    });
    expect(checkAgentMessage({ type: 'cme-agent/hello', x: 1 })).toEqual({ type: 'cme-agent/hello' });
    expect(checkAgentMessage({ type: 'cme-agent/rules', rules: [] })).toBeNull();
    const big = { ...call, request: { ...call.request, body: 'x'.repeat(256 * 1024 + 1) } };
    expect(checkAgentMessage({ type: 'cme-agent/call', call: big })).toBeNull();
    const headers = { ...call, request: { ...call.request, headers: Array(101).fill(['a', 'b']) } };
    expect(checkAgentMessage({ type: 'cme-agent/call', call: headers })).toBeNull();
  });
});
