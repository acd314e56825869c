import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harEntryToRawCall, harToRawCalls, rawCallsToHar, readHarEntry } from '../../lib/cme/har';
import type { RawCall } from '../../lib/cme/types';
import {
  FAKE_TICKET,
  VECTOR_SIGNATURE,
  answers,
  apiCall,
  base64Body,
  jsonBody,
  loginCall,
  makeRawCall,
  makeSignature,
} from './factories';

const FIXTURE = join(__dirname, '..', 'fixtures', 'chrome-export.har');
const fixture = (): unknown => JSON.parse(readFileSync(FIXTURE, 'utf8'));

/** A minimal Chrome-like entry with overrides merged at the top level. */
function harEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _resourceType: 'fetch',
    startedDateTime: '2024-05-20T08:30:01.500Z',
    time: 12.5,
    request: { method: 'GET', url: 'https://a.example/x', headers: [], queryString: [], cookies: [] },
    response: {
      status: 200,
      statusText: 'OK',
      headers: [{ name: 'content-type', value: 'application/json' }],
      content: { size: 2, mimeType: 'application/json', text: '{}' },
    },
    timings: { send: 1, wait: 10, receive: 1.5 },
    ...overrides,
  };
}

type Har = {
  log: {
    version: string;
    creator: { name: string; version: string };
    entries: Record<string, unknown>[];
  };
};

/** Checks the HAR 1.2 fields every consumer relies on; returns a list of violations. */
function harViolations(value: unknown): string[] {
  const out: string[] = [];
  const har = value as Har;
  if (har.log?.version !== '1.2') out.push('log.version');
  if (typeof har.log?.creator?.name !== 'string' || typeof har.log.creator.version !== 'string')
    out.push('creator');
  har.log.entries.forEach((e, i) => {
    const req = e.request as Record<string, unknown>;
    const res = e.response as Record<string, unknown>;
    const timings = e.timings as Record<string, number>;
    const content = res.content as Record<string, unknown>;
    const checks: [string, boolean][] = [
      [
        'startedDateTime',
        typeof e.startedDateTime === 'string' && !Number.isNaN(Date.parse(e.startedDateTime)),
      ],
      ['time', typeof e.time === 'number' && e.time >= 0],
      ['request.method', typeof req.method === 'string'],
      ['request.url', typeof req.url === 'string'],
      ['request.httpVersion', typeof req.httpVersion === 'string'],
      ['request.headers', Array.isArray(req.headers)],
      ['request.queryString', Array.isArray(req.queryString)],
      ['request.cookies', Array.isArray(req.cookies)],
      ['request.headersSize', req.headersSize === -1],
      ['request.bodySize', typeof req.bodySize === 'number'],
      ['response.status', typeof res.status === 'number'],
      ['response.statusText', typeof res.statusText === 'string'],
      ['response.headers', Array.isArray(res.headers)],
      ['response.cookies', Array.isArray(res.cookies)],
      ['content.size', typeof content.size === 'number'],
      ['content.mimeType', typeof content.mimeType === 'string'],
      ['response.redirectURL', typeof res.redirectURL === 'string'],
      ['response.bodySize', typeof res.bodySize === 'number'],
      ['cache', typeof e.cache === 'object'],
      [
        'timings',
        ['send', 'wait', 'receive'].every((k) => typeof timings[k] === 'number' && timings[k] >= 0),
      ],
      ['time = sum of timings', e.time === timings.send! + timings.wait! + timings.receive!],
    ];
    for (const [name, ok] of checks) if (!ok) out.push(`entries[${i}].${name}`);
  });
  return out;
}

describe('harToRawCalls', () => {
  it('reads every entry of a Chrome export', () => {
    const { calls, problems } = harToRawCalls(fixture());
    expect(problems).toEqual([]);
    expect(calls.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const image = calls[1]!.raw;
    expect(image.response?.body).toMatchObject({ encoding: 'base64', mimeType: 'image/png', size: 70 });
    const failed = calls[7]!.raw;
    expect(failed.response).toMatchObject({ status: 0, statusText: 'net::ERR_CONNECTION_RESET' });
    expect(failed.response?.body?.text).toBeNull();
    const api = calls[4]!.raw;
    expect(api.request.method).toBe('POST');
    expect(api.request.body).toMatchObject({ mimeType: 'application/json' });
    expect(JSON.parse(api.request.body?.text ?? '')).toEqual({ MaterialIds: ['mat_1a2b3c', 'mat_4d5e6f'] });
    expect(api.startedAt).toBe(Date.parse('2024-05-20T08:30:01.750Z'));
    expect(api.request.headers).toContainEqual({ name: 'content-type', value: 'application/json' });
  });

  it.each([
    ['null', null, 'no "log" object'],
    ['a string', 'har', 'no "log" object'],
    ['an object without log', { entries: [] }, 'no "log" object'],
    ['a log that is an array', { log: [] }, 'no "log" object'],
    ['entries not an array', { log: { entries: { 0: {} } } }, '"log.entries" is not an array'],
    ['no entries', { log: { version: '1.2' } }, '"log.entries" is not an array'],
  ])('reports %s as not a HAR without throwing', (_name, har, problem) => {
    const { calls, problems } = harToRawCalls(har);
    expect(calls).toEqual([]);
    expect(problems.join('\n')).toContain(problem);
  });

  it('skips entries without a request and keeps the original indices', () => {
    const entries = [null, 3, {}, { request: {} }, { request: { url: '' } }, harEntry()];
    const { calls, problems } = harToRawCalls({ log: { entries } });
    expect(calls.map((c) => c.index)).toEqual([5]);
    expect(problems).toEqual([
      'entries[0]: Entry is not an object (skipped)',
      'entries[1]: Entry is not an object (skipped)',
      'entries[2]: Entry has no request URL (skipped)',
      'entries[3]: Entry has no request URL (skipped)',
      'entries[4]: Entry has no request URL (skipped)',
    ]);
  });
});

describe('harEntryToRawCall', () => {
  it('reads a complete entry', () => {
    expect(harEntryToRawCall(harEntry())).toEqual({
      startedAt: Date.parse('2024-05-20T08:30:01.500Z'),
      durationMs: 12.5,
      request: { method: 'GET', url: 'https://a.example/x', headers: [], body: null },
      response: {
        status: 200,
        statusText: 'OK',
        headers: [{ name: 'content-type', value: 'application/json' }],
        body: { text: '{}', mimeType: 'application/json', size: 2 },
      },
    });
  });

  it.each<[string, Record<string, unknown>, (raw: RawCall) => unknown, unknown, string[]]>([
    [
      'startedDateTime absent',
      { startedDateTime: undefined },
      (r) => r.startedAt,
      0,
      ['startedDateTime is missing or invalid'],
    ],
    [
      'startedDateTime invalid',
      { startedDateTime: 'yesterday' },
      (r) => r.startedAt,
      0,
      ['startedDateTime is missing or invalid'],
    ],
    ['time -1', { time: -1 }, (r) => r.durationMs, -1, []],
    [
      'time absent: sum of known timings',
      { time: undefined, timings: { blocked: -1, send: 1, wait: 7, receive: 2 } },
      (r) => r.durationMs,
      10,
      [],
    ],
    ['time and timings absent', { time: undefined, timings: undefined }, (r) => r.durationMs, -1, []],
    ['response absent', { response: undefined }, (r) => r.response, null, []],
    [
      'response status 0',
      { response: { status: 0, _error: 'net::ERR_FAILED', content: { size: 0, mimeType: 'x-unknown' } } },
      (r) => [r.response?.status, r.response?.statusText, r.response?.body],
      [0, 'net::ERR_FAILED', { text: null, mimeType: 'x-unknown', size: 0 }],
      [],
    ],
    [
      'response without status or content',
      { response: { headers: 'nope' } },
      (r) => r.response,
      { status: 0, statusText: '', headers: [], body: null },
      [],
    ],
    [
      'content without text',
      { response: { status: 204, content: { size: 0 } } },
      (r) => r.response?.body,
      { text: null, size: 0 },
      [],
    ],
    [
      'base64 content',
      {
        response: {
          status: 200,
          content: { size: 3, mimeType: 'image/gif', text: 'R0lG', encoding: 'base64' },
        },
      },
      (r) => r.response?.body,
      { text: 'R0lG', encoding: 'base64', mimeType: 'image/gif', size: 3 },
      [],
    ],
    [
      'postData without text',
      { request: { method: 'POST', url: 'https://a/', postData: { mimeType: 'application/json' } } },
      (r) => r.request.body,
      { text: null, mimeType: 'application/json' },
      [],
    ],
    [
      'postData as form params',
      {
        request: {
          method: 'POST',
          url: 'https://a/',
          postData: {
            mimeType: 'application/x-www-form-urlencoded',
            params: [{ name: 'a b', value: '1&2' }, { name: 'c' }],
          },
        },
      },
      (r) => r.request.body?.text,
      'a%20b=1%262&c=',
      [],
    ],
    ['method absent', { request: { url: 'https://a/' } }, (r) => r.request.method, 'GET', []],
    [
      'malformed headers',
      {
        request: {
          url: 'https://a/',
          headers: [null, { name: 'x', value: 5 }, { value: 'no name' }, { name: 'y' }],
        },
      },
      (r) => r.request.headers,
      [
        { name: 'x', value: '5' },
        { name: 'y', value: '' },
      ],
      [],
    ],
  ])('tolerates %s', (_name, overrides, pick, expected, problems) => {
    const read = readHarEntry(harEntry(overrides));
    expect(read.raw).not.toBeNull();
    expect(pick(read.raw!)).toEqual(expected);
    expect(read.problems).toEqual(problems);
  });

  it('ignores Chrome-only underscore fields', () => {
    const plain = harEntryToRawCall(harEntry());
    const chrome = harEntryToRawCall(
      harEntry({
        _initiator: { type: 'script' },
        _priority: 'High',
        _transferSize: 300,
        serverIPAddress: '203.0.113.1',
      }),
    );
    expect(chrome).toEqual(plain);
  });
});

describe('rawCallsToHar', () => {
  it('writes a valid HAR 1.2 log that reads back to the same calls', () => {
    const calls = harToRawCalls(fixture()).calls.map((c) => c.raw);
    const har = rawCallsToHar(calls, { reveal: true });
    expect(harViolations(har)).toEqual([]);
    const back = harToRawCalls(har).calls.map((c) => c.raw);
    expect(back).toHaveLength(calls.length);
    back.forEach((raw, i) => {
      const original = calls[i]!;
      expect(raw.request).toEqual({
        ...original.request,
        body: original.request.body && expect.objectContaining({ text: original.request.body.text }),
      });
      expect(raw.startedAt).toBe(original.startedAt);
      expect(raw.durationMs).toBe(Math.max(0, original.durationMs));
      expect(raw.response?.status).toBe(original.response?.status ?? 0);
      expect(raw.response?.body?.text ?? null).toBe(original.response?.body?.text ?? null);
      expect(raw.response?.body?.encoding).toBe(original.response?.body?.encoding);
    });
  });

  it('uses the default creator or the given one', () => {
    expect((rawCallsToHar([]) as Har).log.creator).toEqual({ name: 'cme-devtools', version: '0.1.0' });
    expect((rawCallsToHar([], { creator: { name: 'x', version: '9' } }) as Har).log.creator).toEqual({
      name: 'x',
      version: '9',
    });
  });

  it('writes a missing response as status 0 and unknown times as 0', () => {
    const har = rawCallsToHar([makeRawCall({ response: null, durationMs: -1, startedAt: NaN })]) as Har;
    expect(harViolations(har)).toEqual([]);
    const entry = har.log.entries[0]!;
    expect(entry.response).toMatchObject({ status: 0, content: { size: 0, mimeType: 'x-unknown' } });
    expect(entry.time).toBe(0);
    expect(entry.startedDateTime).toBe('1970-01-01T00:00:00.000Z');
    const far = rawCallsToHar([makeRawCall({ startedAt: 1e20 })]) as Har;
    expect(far.log.entries[0]!.startedDateTime).toBe('1970-01-01T00:00:00.000Z');
  });

  it('fills queryString, sizes and postData', () => {
    const call = apiCall({ body: { Name: '片头' }, auth: 'tf_short' });
    const har = rawCallsToHar([call], { reveal: true }) as Har;
    const req = har.log.entries[0]!.request as Record<string, unknown>;
    expect(req.queryString).toEqual([{ name: 'auth', value: 'tf_short' }]);
    expect(req.postData).toEqual({ mimeType: 'application/json', text: '{"Name":"片头"}' });
    expect(req.bodySize).toBe(new TextEncoder().encode('{"Name":"片头"}').length);
  });

  describe('masking', () => {
    const UPLOAD_TICKET = 'tf_fedcba9876543210fedcba98765432aa';
    async function session(): Promise<{ calls: RawCall[]; secrets: string[] }> {
      const upload = await makeSignature({ action: 'Upload', random: 99 });
      const legacyLogin = loginCall({
        base: 'https://proxy.example.com/cme/login',
        answer: answers.legacyOk({ ticket: UPLOAD_TICKET }),
      });
      // A login answer stored base64 (Firefox does this for some JSON).
      legacyLogin.response!.body = base64Body(JSON.stringify(answers.legacyOk({ ticket: UPLOAD_TICKET })));
      const referer = { name: 'Referer', value: `https://editor.example.com/?auth=${FAKE_TICKET}` };
      const api = apiCall({ body: { VerifySign: upload, Note: `copied ${FAKE_TICKET}` } });
      api.request.headers.push(referer, { name: 'X-Debug', value: `ticket=${UPLOAD_TICKET}` });
      api.response!.headers.push({
        name: 'Location',
        value: `https://x.example/?signature=${encodeURIComponent(upload)}`,
      });
      const echo = apiCall({
        auth: UPLOAD_TICKET,
        answer: answers.paasOk({ Echo: { Authorization: FAKE_TICKET } }),
      });
      return {
        calls: [loginCall(), legacyLogin, api, echo],
        secrets: [
          FAKE_TICKET,
          UPLOAD_TICKET,
          VECTOR_SIGNATURE,
          encodeURIComponent(VECTOR_SIGNATURE),
          upload,
          encodeURIComponent(upload),
        ],
      };
    }

    it('masks every ticket and signature everywhere unless revealed', async () => {
      const { calls, secrets } = await session();
      const masked = JSON.stringify(rawCallsToHar(calls));
      for (const s of secrets) expect(masked).not.toContain(s);
      // The base64 login answer was masked inside, too.
      const decodedBodies = (rawCallsToHar(calls) as Har).log.entries.map((e) => {
        const content = (e.response as { content: { text?: string; encoding?: string } }).content;
        return content.encoding === 'base64' ? atob(content.text ?? '') : (content.text ?? '');
      });
      for (const s of secrets) expect(decodedBodies.join('\n')).not.toContain(s);
      expect(masked).toContain('tf_…27ec');
      expect(masked).toContain('F9yi6V…MQ==');

      const revealed = JSON.stringify(rawCallsToHar(calls, { reveal: true }));
      for (const s of [FAKE_TICKET, UPLOAD_TICKET, VECTOR_SIGNATURE]) expect(revealed).toContain(s);
    });

    it('masks URLs, queryString values, headers and redirectURL', async () => {
      const { calls } = await session();
      const har = rawCallsToHar(calls) as Har;
      const api = har.log.entries[2]!;
      const req = api.request as {
        url: string;
        queryString: { name: string; value: string }[];
        headers: { name: string; value: string }[];
      };
      expect(req.url).toBe('https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=tf_…27ec');
      expect(req.queryString).toEqual([{ name: 'auth', value: 'tf_…27ec' }]);
      expect(req.headers).toContainEqual({
        name: 'Referer',
        value: 'https://editor.example.com/?auth=tf_…27ec',
      });
      expect(req.headers).toContainEqual({ name: 'X-Debug', value: 'ticket=tf_…32aa' });
      expect((api.response as { redirectURL: string }).redirectURL).toMatch(
        /^https:\/\/x\.example\/\?signature=[^&]{6}…[^&]{4}$/,
      );
      const login = har.log.entries[0]!.request as { url: string };
      expect(login.url).toBe('https://open.cme.qcloud.com?signature=F9yi6V…MQ==');
    });

    it('leaves binary bodies and bodies without secrets byte for byte', () => {
      const png = makeRawCall({
        response: { body: { text: 'iVBORw0KGgo=', encoding: 'base64', mimeType: 'image/png' } },
      });
      const pretty = makeRawCall({ response: { body: jsonBody('{\n  "a": 1\n}') } });
      const har = rawCallsToHar([png, pretty]) as Har;
      const contents = har.log.entries.map((e) => (e.response as { content: unknown }).content);
      expect(contents[0]).toEqual({
        size: 8,
        mimeType: 'image/png',
        text: 'iVBORw0KGgo=',
        encoding: 'base64',
      });
      expect(contents[1]).toMatchObject({ text: '{\n  "a": 1\n}' });
    });

    it('masks a secret-named JSON field too short for text replacement', () => {
      const call = makeRawCall({ response: { body: jsonBody({ Data: { Authorization: 'abc' } }) } });
      const har = rawCallsToHar([call]) as Har;
      const text = (har.log.entries[0]!.response as { content: { text: string } }).content.text;
      expect(JSON.parse(text)).toEqual({ Data: { Authorization: '…' } });
    });
  });
});
