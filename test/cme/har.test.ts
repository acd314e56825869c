import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Har } from 'har-format';
import {
  harEntryToRawCall,
  harToRawCalls,
  initiatorLocation,
  rawCallsToHar,
  readHarEntry,
} from '../../lib/cme/har';
import { initiatorLabel } from '../../lib/cme/initiator';
import type { CallInitiator, RawCall } from '../../lib/cme/types';
import { buildHarExport, importHar } from '../../lib/ui/panel/export';
import { harSpecDiff } from './har-compare';
import { validateHar } from './har-schema';
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
      request: {
        method: 'GET',
        url: 'https://a.example/x',
        headers: [],
        body: null,
        queryString: [],
        cookies: [],
      },
      response: {
        status: 200,
        statusText: 'OK',
        headers: [{ name: 'content-type', value: 'application/json' }],
        body: { text: '{}', mimeType: 'application/json', size: 2 },
      },
      timings: { send: 1, wait: 10, receive: 1.5 },
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

  it('keeps the initiator, server IP and connection, and no other custom field', () => {
    const plain = harEntryToRawCall(harEntry());
    const chrome = harEntryToRawCall(
      harEntry({
        _initiator: {
          type: 'script',
          stack: { callFrames: [{ url: 'http://127.0.0.1/a.js', lineNumber: 3 }] },
        },
        _priority: 'High',
        _transferSize: 300,
        serverIPAddress: '127.0.0.1',
        connection: 8787,
      }),
    );
    expect(chrome).toEqual({
      ...plain,
      initiator: { type: 'script', stack: { callFrames: [{ url: 'http://127.0.0.1/a.js', lineNumber: 3 }] } },
      serverIPAddress: '127.0.0.1',
      connection: '8787',
    });
  });
});

describe('rawCallsToHar', () => {
  it('writes a valid HAR 1.2 log that reads back to the same calls', () => {
    const calls = harToRawCalls(fixture()).calls.map((c) => c.raw);
    const har = rawCallsToHar(calls, { reveal: true });
    expect(validateHar(har)).toEqual([]);
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
    expect(rawCallsToHar([]).log.creator).toEqual({ name: 'cme-devtools', version: '0.1.0' });
    expect(rawCallsToHar([], { creator: { name: 'x', version: '9' } }).log.creator).toEqual({
      name: 'x',
      version: '9',
    });
  });

  it('writes a missing response as status 0 and unknown times as 0', () => {
    const har = rawCallsToHar([makeRawCall({ response: null, durationMs: -1, startedAt: NaN })]);
    expect(validateHar(har)).toEqual([]);
    const entry = har.log.entries[0]!;
    expect(entry.response).toMatchObject({ status: 0, content: { size: 0, mimeType: 'x-unknown' } });
    expect(entry.time).toBe(0);
    expect(entry.startedDateTime).toBe('1970-01-01T00:00:00.000Z');
    const far = rawCallsToHar([makeRawCall({ startedAt: 1e20 })]);
    expect(far.log.entries[0]!.startedDateTime).toBe('1970-01-01T00:00:00.000Z');
  });

  it('fills queryString, sizes and postData', () => {
    const call = apiCall({ body: { Name: '片头' }, auth: 'tf_short' });
    const har = rawCallsToHar([call], { reveal: true });
    const req = har.log.entries[0]!.request;
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
      const decodedBodies = rawCallsToHar(calls).log.entries.map((e) => {
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
      const har = rawCallsToHar(calls);
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
      const har = rawCallsToHar([png, pretty]);
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
      const har = rawCallsToHar([call]);
      const text = (har.log.entries[0]!.response as { content: { text: string } }).content.text;
      expect(JSON.parse(text)).toEqual({ Data: { Authorization: '…' } });
    });
  });
});

describe('a faithful HAR', () => {
  const CHROME_FIXTURE_CALLS = () => harToRawCalls(fixture()).calls.map((c) => c.raw);

  it('keeps every field HAR 1.2 defines of a Chrome export, its pages and initiators', () => {
    const har = rawCallsToHar(CHROME_FIXTURE_CALLS(), { reveal: true });
    expect(validateHar(har)).toEqual([]);
    expect(harSpecDiff(fixture(), har)).toEqual([]);
    const original = (fixture() as Har).log;
    expect(har.log.pages).toEqual(original.pages);
    expect(har.log.entries.map((e) => e._initiator)).toEqual(original.entries.map((e) => e._initiator));
    expect(har.log.entries[0]).toMatchObject({
      pageref: 'page_1',
      serverIPAddress: '203.0.113.10',
      connection: '443',
      request: { httpVersion: 'http/2.0' },
      response: { httpVersion: 'http/2.0' },
      timings: { blocked: 2.1, dns: -1, ssl: -1, connect: -1, send: 0.2, wait: 48.7, receive: 1.4 },
    });
    // Chrome's network error goes back to `_error`, its status text stays empty.
    expect(har.log.entries[7]!.response).toMatchObject({
      statusText: '',
      _error: 'net::ERR_CONNECTION_RESET',
    });
  });

  it('writes a call stored before these fields existed with HAR’s unknown values', () => {
    const call = makeRawCall({ durationMs: 42 });
    const har = rawCallsToHar([call]);
    expect(validateHar(har)).toEqual([]);
    const entry = har.log.entries[0]!;
    expect(har.log.pages).toBeUndefined();
    expect(entry.pageref).toBeUndefined();
    expect(entry.request).toMatchObject({ httpVersion: '', cookies: [], headersSize: -1 });
    expect(entry.response).toMatchObject({ httpVersion: '', cookies: [], headersSize: -1 });
    expect(entry.time).toBe(42);
    expect(entry.timings).toEqual({
      blocked: -1,
      dns: -1,
      connect: -1,
      send: 0,
      wait: 42,
      receive: 0,
      ssl: -1,
    });
  });

  it('writes stored timings as HAR allows: -1 for a phase that does not apply, send/wait/receive ≥ 0', () => {
    const call = makeRawCall({ durationMs: -1 });
    call.timings = {
      blocked: -5,
      dns: 3,
      connect: Number.NaN,
      send: -1,
      wait: 20,
      receive: 2.5,
      comment: 'x',
    };
    const har = rawCallsToHar([call], { reveal: true });
    expect(validateHar(har)).toEqual([]);
    expect(har.log.entries[0]!.timings).toEqual({
      blocked: -1,
      dns: 3,
      connect: -1,
      send: 0,
      wait: 20,
      receive: 2.5,
      comment: 'x',
    });
    // No total from the browser: the sum of the phases that apply.
    expect(har.log.entries[0]!.time).toBe(25.5);
  });

  it('lists in log.pages the pages its calls belong to, once each', () => {
    const page = (id: string, title: string) => ({
      startedDateTime: '2024-05-20T08:30:00.000Z',
      id,
      title,
      pageTimings: { onContentLoad: 10, onLoad: 20 },
    });
    const entry = (pageref: string) => harEntry({ pageref });
    const read = harToRawCalls({
      log: {
        pages: [
          page('page_1', 'http://127.0.0.1/one'),
          page('page_2', 'http://127.0.0.1/two'),
          { title: 'no id' },
        ],
        entries: [entry('page_2'), entry('page_2'), entry('page_9')],
      },
    });
    expect(read.problems).toEqual(['log.pages[2] has no id (ignored)']);
    expect(read.calls[0]!.raw.page).toEqual(page('page_2', 'http://127.0.0.1/two'));
    const har = rawCallsToHar(read.calls.map((c) => c.raw));
    expect(validateHar(har)).toEqual([]);
    expect(har.log.pages).toEqual([page('page_2', 'http://127.0.0.1/two')]);
    // A pageref whose page the file did not list is kept as it was.
    expect(har.log.entries.map((e) => e.pageref)).toEqual(['page_2', 'page_2', 'page_9']);
  });

  describe('masking of the fields the browser gave', () => {
    const COOKIE_TICKET = 'tf_c00c1e0000000000000000000000c001';
    const INITIATOR_TICKET = 'tf_1111111111111111111111111111aaaa';
    const PAGE_TICKET = 'tf_2222222222222222222222222222bbbb';
    const QUERY_TICKET = 'tf_3333333333333333333333333333cccc';

    async function leakyCall(): Promise<{ call: RawCall; secrets: string[] }> {
      const signature = await makeSignature({ action: 'Upload', random: 7 });
      const hmacBase64 = signature.slice(0, 27);
      const call = apiCall({ body: { VerifySign: signature } });
      call.request.cookies = [
        { name: 'cme_auth', value: COOKIE_TICKET, path: '/', httpOnly: true },
        { name: 'sig', value: signature },
      ];
      call.request.queryString = [{ name: 'auth', value: QUERY_TICKET }];
      call.request.comment = `sent with ${FAKE_TICKET}`;
      call.response!.cookies = [{ name: 't', value: FAKE_TICKET, path: `/cb?auth=${FAKE_TICKET}` }];
      call.response!.error = `failed for ${FAKE_TICKET}`;
      call.response!.redirectURL = `http://127.0.0.1:8787/next?auth=${INITIATOR_TICKET}`;
      call.initiator = {
        type: 'script',
        url: `http://127.0.0.1:8787/app.js?auth=${INITIATOR_TICKET}`,
        stack: {
          callFrames: [
            {
              url: `http://127.0.0.1:8787/sdk.js?signature=${encodeURIComponent(signature)}`,
              functionName: `call_${FAKE_TICKET}`,
              lineNumber: 1,
            },
          ],
          parent: { callFrames: [{ url: `http://127.0.0.1:8787/x.js?auth=${FAKE_TICKET}` }] },
        },
      };
      call.pageref = 'page_1';
      call.page = {
        startedDateTime: '2024-05-20T08:30:00.000Z',
        id: 'page_1',
        title: `http://127.0.0.1:8787/demo?auth=${PAGE_TICKET}&signature=${encodeURIComponent(signature)}`,
        pageTimings: { comment: FAKE_TICKET },
      };
      call.serverIPAddress = `127.0.0.1 ${FAKE_TICKET}`;
      call.connection = FAKE_TICKET;
      call.comment = `see ${signature}`;
      call.cache = { afterRequest: { lastAccess: '', eTag: FAKE_TICKET, hitCount: 1 } };
      call.timings = { send: 1, wait: 2, receive: 3, comment: FAKE_TICKET };
      return {
        call,
        secrets: [
          FAKE_TICKET,
          COOKIE_TICKET,
          INITIATOR_TICKET,
          PAGE_TICKET,
          QUERY_TICKET,
          signature,
          encodeURIComponent(signature),
          hmacBase64,
        ],
      };
    }

    it('leaves no ticket nor signature HMAC anywhere in an export with reveal off', async () => {
      const { call, secrets } = await leakyCall();
      const masked = JSON.stringify(rawCallsToHar([call]));
      const leaks = secrets.filter((s) => masked.includes(s));
      expect(leaks).toEqual([]);
      expect(validateHar(JSON.parse(masked))).toEqual([]);
      // Every field above is exported: revealed, each secret is there.
      const revealed = JSON.stringify(rawCallsToHar([call], { reveal: true }));
      expect(secrets.filter((s) => !revealed.includes(s))).toEqual([]);
    });

    it('masks cookie values as a Cookie header’s and keeps their other fields', async () => {
      const { call } = await leakyCall();
      const entry = rawCallsToHar([call]).log.entries[0]!;
      expect(entry.request.cookies[0]).toEqual({
        name: 'cme_auth',
        value: 'tf_…c001',
        path: '/',
        httpOnly: true,
      });
      expect(entry.request.queryString).toEqual([{ name: 'auth', value: 'tf_…cccc' }]);
      expect(entry.response.cookies[0]).toEqual({ name: 't', value: 'tf_…27ec', path: '/cb?auth=tf_…27ec' });
      expect(entry._initiator).toMatchObject({ url: 'http://127.0.0.1:8787/app.js?auth=tf_…aaaa' });
    });
  });

  describe('odd input', () => {
    it('reads odd field types with problems and still writes a valid HAR', () => {
      const read = readHarEntry(
        harEntry({
          timings: { send: '1', wait: 10, receive: null, blocked: {} },
          request: {
            method: 'POST',
            url: 'http://127.0.0.1/x',
            cookies: 'a=b',
            queryString: 5,
            httpVersion: 2,
            postData: { mimeType: 'text/plain', params: [{ name: 'a', value: 1 }, 7] },
          },
          response: { status: '200', cookies: { 0: {} }, headersSize: 'big', content: { size: 'x' } },
          serverIPAddress: 5,
          pageref: {},
          cache: 'no',
          _initiator: 42,
        }),
      );
      expect(read.raw).not.toBeNull();
      expect(read.problems).toEqual([
        'request.postData.params: 1 item(s) without a name (ignored)',
        'request.cookies is not an array (ignored)',
        'request.queryString is not an array (ignored)',
        'response.cookies is not an array (ignored)',
        'timings.blocked is not a number (ignored)',
        'timings.send is not a number (ignored)',
        'timings.receive is not a number (ignored)',
        'serverIPAddress is not a string (ignored)',
        'pageref is not a string (ignored)',
      ]);
      const har = rawCallsToHar([read.raw!], { reveal: true });
      expect(validateHar(har)).toEqual([]);
      expect(har.log.entries[0]!.timings).toEqual({ send: 0, wait: 10, receive: 0 });
    });

    it('keeps a bounded copy of an initiator nested 100,000 deep or cyclic', () => {
      const deep: Record<string, unknown> = { type: 'script' };
      let node = deep;
      for (let i = 0; i < 100_000; i++) {
        const next: Record<string, unknown> = { url: `http://127.0.0.1/${i}.js` };
        node.parent = next;
        node = next;
      }
      const cyclic: Record<string, unknown> = { type: 'script', stack: { callFrames: [] } };
      (cyclic.stack as Record<string, unknown>).parent = cyclic;
      const wide = { type: 'script', frames: Array.from({ length: 10_000 }, () => 'x'.repeat(1000)) };
      for (const initiator of [deep, cyclic, wide]) {
        const raw = harEntryToRawCall(harEntry({ _initiator: initiator }))!;
        const text = JSON.stringify(raw.initiator);
        expect(text.length).toBeLessThan(100_000);
        let depth = 0;
        for (let v: unknown = raw.initiator; typeof v === 'object' && v !== null; depth++) {
          v = (v as Record<string, unknown>).parent ?? (v as Record<string, unknown>).stack;
        }
        expect(depth).toBeLessThanOrEqual(12);
        expect(validateHar(rawCallsToHar([raw]))).toEqual([]);
      }
    });
  });
});

describe('initiatorLabel', () => {
  it.each<[string, number | null, string]>([
    ['http://127.0.0.1:8787/static/demo.js?auth=tf_x#h', 41, 'demo.js:42'],
    ['http://127.0.0.1:8787/demo', 0, 'demo:1'],
    ['http://127.0.0.1:8787/', null, '127.0.0.1:8787/'],
    ['webpack://app/src/cme.ts', 9, 'cme.ts:10'],
  ])('labels %s line %s as %s', (url, lineNumber, label) => {
    expect(initiatorLabel({ url, lineNumber, columnNumber: null, functionName: null })).toBe(label);
  });
});

describe('initiatorLocation', () => {
  it.each<[string, unknown, unknown]>([
    [
      'a script: the first frame with a URL',
      {
        type: 'script',
        stack: {
          callFrames: [
            { functionName: '', url: '', lineNumber: 0 },
            { functionName: 'request', url: 'http://127.0.0.1/sdk.js', lineNumber: 41, columnNumber: 7 },
          ],
        },
      },
      { url: 'http://127.0.0.1/sdk.js', lineNumber: 41, columnNumber: 7, functionName: 'request' },
    ],
    [
      'an async call: a frame of a parent stack',
      {
        type: 'script',
        stack: {
          callFrames: [],
          parent: { description: 'Promise.then', callFrames: [{ url: 'http://127.0.0.1/a.js' }] },
        },
      },
      { url: 'http://127.0.0.1/a.js', lineNumber: null, columnNumber: null, functionName: null },
    ],
    [
      'the parser',
      { type: 'parser', url: 'http://127.0.0.1/demo', lineNumber: 12 },
      { url: 'http://127.0.0.1/demo', lineNumber: 12, columnNumber: null, functionName: null },
    ],
    ['other', { type: 'other' }, null],
    ['no initiator', undefined, null],
    ['odd types', { type: 'script', url: 5, stack: { callFrames: 'x', parent: [] } }, null],
    [
      'a frame with a string line',
      { type: 'script', stack: { callFrames: [{ url: 'http://127.0.0.1/b.js', lineNumber: '3' }] } },
      { url: 'http://127.0.0.1/b.js', lineNumber: null, columnNumber: null, functionName: null },
    ],
  ])('reads %s', (_name, initiator, expected) => {
    expect(initiatorLocation(initiator as CallInitiator | undefined)).toEqual(expected);
  });
});

describe.each([
  ['Chrome', 'chrome-export.har'],
  ['Firefox', 'firefox-export.har'],
])('a HAR %s wrote (test/fixtures/%s)', (_browser, file) => {
  const original = () => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', file), 'utf8')) as Har;

  it('reads and writes every entry keeping every field HAR 1.2 defines', () => {
    const read = harToRawCalls(original());
    expect(read.problems).toEqual([]);
    const har = rawCallsToHar(
      read.calls.map((c) => c.raw),
      { reveal: true },
    );
    expect(validateHar(har)).toEqual([]);
    expect(har.log.entries).toHaveLength(original().log.entries.length);
    expect(harSpecDiff(original(), har)).toEqual([]);
  });

  it('keeps them through the viewer’s import and export of its CME calls', async () => {
    const imported = importHar(JSON.stringify(original()));
    expect(imported.problems).toEqual([]);
    expect(imported.rows.length).toBeGreaterThanOrEqual(4);
    const body = async (id: number) => imported.bodies.get(id);
    const har = JSON.parse((await buildHarExport(imported.rows, body, true)).text) as Har;
    expect(validateHar(har)).toEqual([]);
    expect(har.log.entries).toHaveLength(imported.rows.length);
    expect(harSpecDiff(original(), har)).toEqual([]);
    // Masked: none of the file's tickets or signatures, anywhere.
    const secrets = original()
      .log.entries.flatMap((e) => e.request.queryString)
      .filter((q) => q.name === 'auth' || q.name === 'signature')
      .map((q) => q.value);
    expect(secrets.length).toBeGreaterThan(0);
    const masked = (await buildHarExport(imported.rows, body, false)).text;
    expect(validateHar(JSON.parse(masked))).toEqual([]);
    expect(secrets.filter((s) => masked.includes(s) || masked.includes(encodeURIComponent(s)))).toEqual([]);
  });
});
