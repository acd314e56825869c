import { describe, expect, it } from 'vitest';
import {
  captureRuleText,
  compileCaptureRule,
  compileCaptureRules,
  matchCaptureRules,
  parseCaptureRuleText,
  withRuleTicket,
  type RuleRequest,
} from '../../lib/cme/capture-rules';
import { collectSecrets } from '../../lib/cme/call-secrets';
import { classifyRequest } from '../../lib/cme/classify';
import { decodeCalls } from '../../lib/cme/decode-call';
import { rawCallsToHar } from '../../lib/cme/har';
import { growingSecrets, maskerForCalls } from '../../lib/cme/secrets';
import type { CaptureRule, CaptureRuleSpec, RawCall, TicketLocation } from '../../lib/cme/types';
import { FAKE_TICKET, jsonBody, loginCall, makeRawCall, VECTOR } from './factories';

const OTHER_TICKET = 'tf_fedcba9876543210fedcba98765432';

function rule(pattern: string, ticket: TicketLocation, environment?: string): CaptureRule {
  const r = compileCaptureRule({ pattern, ticket, ...(environment ? { environment } : {}) });
  if (!r.ok) throw new Error(r.error.message);
  return r.rule;
}

function errorOf(pattern: string, ticket: TicketLocation = { in: 'header', name: 'X-CME-Auth' }): string {
  const r = compileCaptureRule({ pattern, ticket });
  return r.ok ? 'ok' : r.error.code;
}

const headerRule = rule('/api/cme/<Class>/<Action>', { in: 'header', name: 'X-CME-Auth' });

function req(url: string, o: Partial<RuleRequest> & { json?: unknown } = {}): RuleRequest {
  return {
    method: o.method ?? 'POST',
    url,
    headers: o.headers ?? [],
    body: o.body ?? (o.json === undefined ? null : jsonBody(o.json)),
  };
}

/** A proxied call made by an app: renamed path, ticket in X-CME-Auth, CME's answer passed on. */
function proxiedCall(o: { ticket?: string; action?: string; code?: string; header?: string } = {}): RawCall {
  return makeRawCall({
    request: {
      method: 'POST',
      url: `https://app.example.com/api/cme/Material/${o.action ?? 'ListMedia'}`,
      headers: [
        { name: 'Content-Type', value: 'application/json' },
        { name: o.header ?? 'X-CME-Auth', value: o.ticket ?? FAKE_TICKET },
      ],
      body: jsonBody({ Limit: 10 }),
    },
    response: {
      status: 200,
      body: jsonBody({
        Code: o.code ?? 'Success',
        Message: o.ticket === undefined ? 'ok' : `ticket ${o.ticket} echoed`,
        RequestId: 'req-1',
        Data: {},
      }),
    },
  });
}

describe('compileCaptureRule: patterns', () => {
  it('accepts a path, an origin and a trailing slash; keeps the spec trimmed', () => {
    const r = compileCaptureRule({
      pattern: ' /api/cme/<Class>/<Action>/ ',
      ticket: { in: 'query', name: ' t ' },
    });
    expect(r.ok && r.rule.spec).toEqual({
      pattern: '/api/cme/<Class>/<Action>/',
      ticket: { in: 'query', name: 't' },
    });
    const o = rule('HTTPS://App.Example.com:443/x/<Action>/of/<Class>', { in: 'query', name: 't' });
    expect(o.origin).toBe('https://app.example.com');
    expect(o.classFirst).toBe(false);
    expect(rule('http://127.0.0.1:9000/api/<Class>/<Action>', { in: 'query', name: 't' }).origin).toBe(
      'http://127.0.0.1:9000',
    );
  });

  it.each([
    ['', 'empty'],
    ['/api/cme/<Class>', 'missing-action'],
    ['/api/cme/<Action>', 'missing-class'],
    ['/api/<Class>/<Action>/<Class>', 'duplicate-placeholder'],
    ['/api/<Class><Action>', 'adjacent-placeholders'],
    ['/api/<Klass>/<Action>', 'unknown-placeholder'],
    ['/<Class>/<Action>', 'no-fixed-part'],
    ['api/<Class>/<Action>', 'no-path'],
    ['/api/<Class>/<Action>?auth=x', 'query-in-pattern'],
    ['/api/<Class>/<Action>#x', 'query-in-pattern'],
    ['/api /<Class>/<Action>', 'bad-char'],
    ['/api/<Class>/<Action>>', 'bad-char'],
    ['ftp://x/api/<Class>/<Action>', 'bad-origin'],
    ['http://x:99999/api/<Class>/<Action>', 'bad-origin'],
    [`/${'a'.repeat(400)}/<Class>/<Action>`, 'too-long'],
  ])('refuses %j (%s) with a message', (pattern, code) => {
    const r = compileCaptureRule({ pattern, ticket: { in: 'header', name: 'X-CME-Auth' } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.length).toBeGreaterThan(10);
    }
  });

  it.each<[TicketLocation, string]>([
    [{ in: 'header', name: 'X CME' }, 'ticket-name'],
    [{ in: 'header', name: '' }, 'ticket-name'],
    [{ in: 'query', name: 'a&b' }, 'ticket-name'],
    [{ in: 'body', name: 'a..b' }, 'ticket-name'],
    [{ in: 'body', name: 'a.b.c.d.e.f.g.h.i' }, 'body-depth'],
    [{ in: 'cookie' as 'query', name: 'x' }, 'ticket-kind'],
  ])('refuses the ticket location %j', (ticket, code) => {
    expect(errorOf('/api/<Class>/<Action>', ticket)).toBe(code);
  });

  it('escapes regex characters: they match only themselves', () => {
    const r = rule('/v1.0/(cme)+/*$/<Class>/<Action>', { in: 'query', name: 'auth' });
    const hit = (url: string) => matchCaptureRules(req(url), [r])?.action ?? null;
    expect(hit('https://a.b/v1.0/(cme)+/*$/Material/ListMedia?auth=tf_1234')).toBe('ListMedia');
    expect(hit('https://a.b/v1x0/(cme)+/*$/Material/ListMedia?auth=tf_1234')).toBeNull();
    expect(hit('https://a.b/v1.0/cmecme/x/Material/ListMedia?auth=tf_1234')).toBeNull();
  });

  it('reads and writes the command line form', () => {
    const r = parseCaptureRuleText('/api/cme/<Class>/<Action>;header=X-CME-Auth');
    expect(r.ok && r.rule.spec).toEqual({
      pattern: '/api/cme/<Class>/<Action>',
      ticket: { in: 'header', name: 'X-CME-Auth' },
    });
    expect(parseCaptureRuleText('/a;b/<Class>/<Action>;body=cme.ticket').ok).toBe(true);
    const bad = parseCaptureRuleText('/api/cme/<Class>/<Action>');
    expect(!bad.ok && bad.error.code).toBe('rule-syntax');
    expect(!parseCaptureRuleText('/api/<Class>;cookie=x').ok).toBe(true);
    const spec: CaptureRuleSpec = {
      pattern: '/proxy/<Class>/<Action>',
      ticket: { in: 'query', name: 'token' },
    };
    const back = parseCaptureRuleText(captureRuleText(spec));
    expect(back.ok && back.rule.spec).toEqual(spec);
  });

  it('compiles a list, keeping errors beside the rules', () => {
    const { rules, errors } = compileCaptureRules([
      { pattern: '/api/<Class>/<Action>', ticket: { in: 'query', name: 'auth' } },
      { pattern: '/api/<Class>', ticket: { in: 'query', name: 'auth' } },
    ]);
    expect(rules).toHaveLength(1);
    expect(errors.map((e) => e.error.code)).toEqual(['missing-action']);
  });
});

describe('matchCaptureRules', () => {
  it('takes Class and Action from the path and the ticket from a header of any case', () => {
    const hit = matchCaptureRules(
      req('https://app.example.com/api/cme/Material/ListMedia', {
        headers: [{ name: 'x-cme-auth', value: FAKE_TICKET }],
      }),
      [headerRule],
    );
    expect(hit).toMatchObject({
      actionClass: 'Material',
      action: 'ListMedia',
      ticket: FAKE_TICKET,
      host: 'app.example.com',
    });
  });

  it('takes the credential after a scheme in a header', () => {
    const hit = matchCaptureRules(
      req('https://a.b/api/cme/Project/DescribeProjects', {
        headers: [{ name: 'X-CME-AUTH', value: `Bearer ${FAKE_TICKET}` }],
      }),
      [headerRule],
    );
    expect(hit?.ticket).toBe(FAKE_TICKET);
  });

  it('does not match another path, a longer path, a bad name or a missing ticket', () => {
    const h = [{ name: 'X-CME-Auth', value: FAKE_TICKET }];
    for (const url of [
      'https://a.b/api/cmx/Material/ListMedia',
      'https://a.b/api/cme/Material/ListMedia/extra',
      'https://a.b/prefix/api/cme/Material/ListMedia',
      'https://a.b/api/cme/9Material/ListMedia',
      'https://a.b/api/cme/Mat-erial/ListMedia',
    ]) {
      expect(matchCaptureRules(req(url, { headers: h }), [headerRule]), url).toBeNull();
    }
    expect(matchCaptureRules(req('https://a.b/api/cme/Material/ListMedia'), [headerRule])).toBeNull();
    expect(
      matchCaptureRules(
        req('https://a.b/api/cme/Material/ListMedia', { headers: [{ name: 'X-CME-Auth', value: '' }] }),
        [headerRule],
      ),
    ).toBeNull();
  });

  it('matches a trailing slash, and only the rule origin when it has one', () => {
    const r = rule('https://app.example.com/api/<Class>/<Action>', { in: 'query', name: 'token' });
    expect(
      matchCaptureRules(req('https://app.example.com/api/Material/ListMedia/?token=tf_abcd'), [r])?.ticket,
    ).toBe('tf_abcd');
    expect(
      matchCaptureRules(req('https://evil.example.com/api/Material/ListMedia?token=tf_abcd'), [r]),
    ).toBeNull();
    expect(
      matchCaptureRules(req('http://app.example.com/api/Material/ListMedia?token=tf_abcd'), [r]),
    ).toBeNull();
  });

  it('reads a query parameter by its name, decoded', () => {
    const r = rule('/gw/<Class>/<Action>', { in: 'query', name: 'cmeTicket' });
    const hit = matchCaptureRules(
      req(`https://a.b/gw/Material/ListMedia?x=1&cmeTicket=${encodeURIComponent('tf_a+b/c')}`),
      [r],
    );
    expect(hit?.ticket).toBe('tf_a+b/c');
  });

  it('reads a top-level and a nested body field; a missing or non-string field does not match', () => {
    const top = rule('/api/cme/<Class>/<Action>', { in: 'body', name: 'Ticket' });
    const nested = rule('/api/cme/<Class>/<Action>', { in: 'body', name: 'meta.cme.auth' });
    const url = 'https://a.b/api/cme/Material/ListMedia';
    expect(matchCaptureRules(req(url, { json: { Ticket: FAKE_TICKET, Limit: 1 } }), [top])?.ticket).toBe(
      FAKE_TICKET,
    );
    expect(
      matchCaptureRules(req(url, { json: { meta: { cme: { auth: FAKE_TICKET } } } }), [nested])?.ticket,
    ).toBe(FAKE_TICKET);
    expect(matchCaptureRules(req(url, { json: { meta: { cme: {} } } }), [nested])).toBeNull();
    expect(matchCaptureRules(req(url, { json: { meta: { cme: { auth: 5 } } } }), [nested])).toBeNull();
    expect(matchCaptureRules(req(url, { json: { meta: [{ cme: { auth: 'x' } }] } }), [nested])).toBeNull();
    expect(matchCaptureRules(req(url), [top])).toBeNull();
    expect(matchCaptureRules(req(url, { body: jsonBody('not json') }), [top])).toBeNull();
    expect(
      matchCaptureRules(req(url, { json: { ['__proto__']: { auth: 'x' } } }), [
        rule('/api/cme/<Class>/<Action>', { in: 'body', name: 'toString' }),
      ]),
    ).toBeNull();
    const b64 = { text: btoa(JSON.stringify({ Ticket: FAKE_TICKET })), encoding: 'base64' };
    expect(matchCaptureRules(req(url, { body: b64 }), [top])?.ticket).toBe(FAKE_TICKET);
  });

  it('takes a ticket in both places from where the rule says; the first matching rule wins', () => {
    const url = `https://a.b/api/cme/Material/ListMedia?auth=${OTHER_TICKET}`;
    const both = req(url, {
      headers: [{ name: 'X-CME-Auth', value: FAKE_TICKET }],
      json: { Ticket: OTHER_TICKET },
    });
    expect(matchCaptureRules(both, [headerRule])?.ticket).toBe(FAKE_TICKET);
    const bodyRule = rule('/api/cme/<Class>/<Action>', { in: 'body', name: 'Ticket' });
    expect(matchCaptureRules(both, [bodyRule, headerRule])?.rule).toBe(bodyRule);
    // A rule whose ticket is missing lets the next one try.
    const noHeader = req('https://a.b/api/cme/Material/ListMedia', { json: { Ticket: OTHER_TICKET } });
    expect(matchCaptureRules(noHeader, [headerRule, bodyRule])?.rule).toBe(bodyRule);
  });

  it('does bounded work on adversarial input: long URLs, long names, 10,000-key bodies', () => {
    const h = [{ name: 'X-CME-Auth', value: FAKE_TICKET }];
    const longPath = `https://a.b/api/cme/${'A'.repeat(200_000)}/ListMedia`;
    expect(matchCaptureRules(req(longPath, { headers: h }), [headerRule])).toBeNull();
    const nearMiss = `https://a.b/api/cme/${'Material/'.repeat(200)}x`;
    expect(matchCaptureRules(req(nearMiss, { headers: h }), [headerRule])).toBeNull();
    const longName = `https://a.b/api/cme/${'A'.repeat(65)}/ListMedia`;
    expect(matchCaptureRules(req(longName, { headers: h }), [headerRule])).toBeNull();
    const manyKeys: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) manyKeys[`k${i}`] = 'v';
    manyKeys.Ticket = FAKE_TICKET;
    const bodyRule = rule('/api/cme/<Class>/<Action>', { in: 'body', name: 'Ticket' });
    expect(matchCaptureRules(req('https://a.b/api/cme/M/A', { json: manyKeys }), [bodyRule])?.ticket).toBe(
      FAKE_TICKET,
    );
    const huge = { text: `{"Ticket":"${FAKE_TICKET}","pad":"${'x'.repeat(300_000)}"}` };
    expect(matchCaptureRules(req('https://a.b/api/cme/M/A', { body: huge }), [bodyRule])).toBeNull();
    const headers = Array.from({ length: 100_000 }, (_, i) => ({ name: `h${i}`, value: 'v' }));
    expect(matchCaptureRules(req('https://a.b/api/cme/M/A', { headers }), [headerRule])).toBeNull();
  });
});

describe('classifyRequest with capture rules', () => {
  const opts = { captureRules: [headerRule] };

  it('classifies a rule match as a proxied api call that knows its rule', () => {
    const c = classifyRequest(
      req('https://app.example.com/api/cme/Material/ListMedia', {
        headers: [{ name: 'X-CME-Auth', value: FAKE_TICKET }],
      }),
      opts,
    );
    expect(c).toEqual({
      kind: 'api',
      actionClass: 'Material',
      action: 'ListMedia',
      auth: FAKE_TICKET,
      host: 'app.example.com',
      proxied: true,
      rule: headerRule.spec,
    });
  });

  it('still classifies /PaaS/ calls and logins, and rejects the rest and preflights', () => {
    expect(classifyRequest(req(`https://x.y/PaaS/Material/ListMedia?auth=${FAKE_TICKET}`), opts).kind).toBe(
      'api',
    );
    expect(classifyRequest(req('https://x.y/static/app.js', { method: 'GET' }), opts).kind).toBe('other');
    const preflight = req('https://a.b/api/cme/M/A', {
      method: 'OPTIONS',
      headers: [{ name: 'X-CME-Auth', value: 'tf_1234' }],
    });
    expect(classifyRequest(preflight, opts).kind).toBe('other');
  });

  it('answers "other" for traffic no rule matches (its cost is `npm run bench decode`)', () => {
    const rules = [headerRule, rule('/gw/v2/<Class>/<Action>', { in: 'query', name: 'token' })];
    for (const url of [
      'https://cdn.example.com/assets/chunk-1.js?v=1',
      'https://a.b/api/v2/M/A',
      'https://a.b/gw/v1/M/A',
    ])
      expect(classifyRequest({ method: 'GET', url }, { captureRules: rules }).kind).toBe('other');
  });
});

describe('decoding and masking a rule-captured call', () => {
  const rules = [headerRule];

  it('decodes action, Code and attributes the ticket to the login that issued it', () => {
    const calls = decodeCalls([loginCall(), proxiedCall({ code: 'InvalidParameter' })], {
      classify: { captureRules: rules },
    });
    expect(calls).toHaveLength(2);
    const api = calls[1];
    expect(api).toMatchObject({
      kind: 'api',
      actionClass: 'Material',
      action: 'ListMedia',
      code: 'InvalidParameter',
      ok: false,
      ticket: FAKE_TICKET,
      proxied: true,
      rule: headerRule.spec,
      user: { platform: VECTOR.platform, userId: VECTOR.userId },
      requestBody: { Limit: 10 },
    });
    expect(api?.catalogue?.catalogued).toBe(true);
    expect(decodeCalls([proxiedCall()])).toHaveLength(0);
  });

  it('counts the rule ticket among the call secrets, wherever it sits', () => {
    const bodyRule = rule('/api/cme/<Class>/<Action>', { in: 'body', name: 'session.key' });
    const inBody = makeRawCall({
      request: {
        method: 'POST',
        url: 'https://a.b/api/cme/Material/ListMedia',
        headers: [],
        body: jsonBody({ session: { key: 'opaque_session_value_123' } }),
      },
    });
    expect(collectSecrets([inBody])).not.toContain('opaque_session_value_123');
    expect(collectSecrets([inBody], [], [bodyRule])).toContain('opaque_session_value_123');
    const g = growingSecrets([bodyRule]);
    g.addCall(inBody);
    expect(g.masker().text('echo opaque_session_value_123 end')).not.toContain('opaque_session_value_123');
    const inQuery = rule('/api/cme/<Class>/<Action>', { in: 'query', name: 'k' });
    const q = makeRawCall({
      request: { method: 'POST', url: 'https://a.b/api/cme/M/A?k=plainvalue99', headers: [], body: null },
    });
    expect(maskerForCalls([q], [], [inQuery]).url(q.request.url)).not.toContain('plainvalue99');
  });

  it('masks the ticket in the HAR export: header, echoed in the answer, nowhere in full', () => {
    const odd = 'opaqueTicketValue_0123456789';
    const call = proxiedCall({ ticket: odd, header: 'X-App-Session' });
    const withRule = rule('/api/cme/<Class>/<Action>', { in: 'header', name: 'X-App-Session' });
    const har = JSON.stringify(rawCallsToHar([call], { captureRules: [withRule] }));
    expect(har).not.toContain(odd);
    expect(har).toContain('X-App-Session');
    // Without the rule this header name is not a credential: the rule is what finds it.
    expect(JSON.stringify(rawCallsToHar([call]))).toContain(odd);
  });
});

describe('withRuleTicket', () => {
  const base = {
    url: 'https://a.b/api/cme/M/A?x=1',
    headers: [{ name: 'x-cme-auth', value: `Bearer ${FAKE_TICKET}` }],
    body: '{"Limit":1}',
  };

  it('puts a ticket back in the header, keeping its scheme and name', () => {
    const out = withRuleTicket(base, { in: 'header', name: 'X-CME-Auth' }, OTHER_TICKET);
    expect(out.headers).toEqual([{ name: 'x-cme-auth', value: `Bearer ${OTHER_TICKET}` }]);
    expect(out.url).toBe(base.url);
    expect(
      withRuleTicket({ ...base, headers: [] }, { in: 'header', name: 'X-CME-Auth' }, 't').headers,
    ).toEqual([{ name: 'X-CME-Auth', value: 't' }]);
  });

  it('in the query, and in a nested body field (made when missing)', () => {
    expect(withRuleTicket(base, { in: 'query', name: 'tk' }, 'a b').url).toBe(
      'https://a.b/api/cme/M/A?x=1&tk=a+b',
    );
    const out = withRuleTicket(base, { in: 'body', name: 'meta.auth' }, OTHER_TICKET);
    expect(JSON.parse(out.body)).toEqual({ Limit: 1, meta: { auth: OTHER_TICKET } });
    const proto = withRuleTicket(base, { in: 'body', name: '__proto__.polluted' }, 'x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(proto.body)).toMatchObject({ Limit: 1 });
  });
});
