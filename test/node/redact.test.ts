import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { base64Encode, utf8Encode } from '../../lib/cme/bytes';
import { blockSink, prepareRedaction, redactFile } from '../../lib/node/redact';
import { validateHar } from '../cme/har-schema';
import { runCli } from './cli-run';

const FIXTURES = join(__dirname, '..', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'cme-redact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Redacts HAR text in memory through the same two passes the command runs. */
async function redactText(text: string, limits = {}): Promise<string> {
  const bytes = Buffer.from(text, 'utf8');
  const redaction = await prepareRedaction(() => [bytes], limits);
  let out = '';
  await redaction.write(blockSink(async (block) => void (out += block)));
  return out;
}

/**
 * The secrets of a HAR found independently of lib/cme: every ticket (`tf_` and 32 hex), every `signature`
 * query value (as sent and decoded), every VerifySign and Authorization value of a JSON body.
 */
function secretsOf(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/tf_[0-9a-f]{32}/g)) found.add(m[0]);
  for (const m of text.matchAll(/[?&]signature=([^"&#\s\\]+)/g)) {
    found.add(m[1]!);
    found.add(decodeURIComponent(m[1]!));
  }
  for (const m of text.matchAll(/\\"(?:VerifySign|Authorization|Signature)\\":\\"([^\\"]+)\\"/g))
    found.add(m[1]!);
  return [...found].filter((s) => s.length >= 16);
}

/** Every string of a JSON value with its path, in order. */
function strings(value: unknown, path = '', out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
  return out;
}

/** A JSON value with every string blanked: what must stay the same (fields, order, numbers...). */
function shape(value: unknown): unknown {
  if (typeof value === 'string') return '';
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  return value;
}

describe.each(['chrome-export.har', 'firefox-export.har'])('redact %s', (name) => {
  const input = join(FIXTURES, name);
  const text = readFileSync(input, 'utf8');
  const secrets = secretsOf(text);

  it('keeps every entry, field and non-secret text, and leaves no ticket or signature', async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const out = join(dir, `${name}.redacted.har`);
    const { code, stdout, stderr } = await runCli(['redact', input, '-o', out]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^cme-devtools: redact: \d+ entries written to .*, every ticket, signature and key masked\n$/,
    );
    const redacted = readFileSync(out, 'utf8');
    for (const s of secrets) {
      expect(redacted).not.toContain(s);
      expect(redacted).not.toContain(encodeURIComponent(s));
    }
    const before = JSON.parse(text) as { log: { entries: { request: { method: string; url: string } }[] } };
    const after = JSON.parse(redacted) as typeof before;
    // As valid HAR 1.2 as the browser's file (Firefox writes negative page timings, kept as they are).
    expect(validateHar(after)).toEqual(validateHar(before));
    expect(validateHar(after).every((v) => v.includes('/pageTimings/'))).toBe(true);
    // Same entries in the same order, same fields everywhere, same numbers and booleans.
    expect(shape(after)).toEqual(shape(before));
    expect(after.log.entries.map((e) => [e.request.method, e.request.url.split('?')[0]])).toEqual(
      before.log.entries.map((e) => [e.request.method, e.request.url.split('?')[0]]),
    );
    // A string changed only where it held a secret (or is a cookie value, masked as the export does).
    const a = strings(after);
    const changed = strings(before).filter(([path, v], i) => a[i]![1] !== v && a[i]![0] === path);
    expect(changed.length).toBeGreaterThan(0);
    const b = strings(before);
    for (const [path, v] of changed) {
      const secret = secrets.some((s) => v.includes(s) || v.includes(encodeURIComponent(s)));
      // Cookie values are masked whole, as the panel's export does (cookies and Cookie headers).
      const name = b[b.findIndex(([p]) => p === path) - 1]?.[1]?.toLowerCase();
      const cookie = /\.cookies\[\d+\]\.value$/.test(path) || name === 'cookie' || name === 'set-cookie';
      expect(secret || cookie, `${path}: ${v}`).toBe(true);
    }
    // The masks are those of the panel's export: tickets as tf_…xxxx.
    expect(redacted).toMatch(/tf_…[0-9a-f]{4}/);
  });

  it('writes the same to stdout without -o', async () => {
    const out = join(dir, `${name}.redacted.har`);
    const { code, stdout } = await runCli(['redact', input]);
    expect(code).toBe(0);
    expect(stdout).toBe(readFileSync(out, 'utf8'));
  });
});

// Random secrets in random places: each is "seen" once where CME puts it (an `auth` query value of an API
// call, a `signature` query value of a login, a login answer's Authorization), and echoed anywhere else.
const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 });
const b64 = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
  minLength: 40,
  maxLength: 120,
});
const ticket = hex.map((h) => `tf_${h}`);
const signature = b64.map((b) => `${b}==`);
const secretArb = fc.oneof(
  fc.record({ kind: fc.constant('ticket' as const), value: ticket }),
  fc.record({ kind: fc.constant('signature' as const), value: signature }),
  fc.record({ kind: fc.constant('login' as const), value: ticket }),
);
const PLACES = [
  'url-query',
  'url-encoded',
  'header',
  'authorization',
  'cookie-header',
  'cookie',
  'query-string',
  'request-json',
  'request-url-in-json',
  'response-message',
  'response-base64',
  'response-text',
  'initiator',
  'page-title',
  'comment',
] as const;
type Place = (typeof PLACES)[number];

function entry(url: string, extra: { req?: object; res?: object; top?: object } = {}): object {
  return {
    startedDateTime: '2024-05-20T08:30:00.000Z',
    time: 5,
    request: {
      method: 'POST',
      url,
      httpVersion: 'HTTP/1.1',
      headers: [],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
      ...extra.req,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: [],
      cookies: [],
      content: { size: 0, mimeType: 'application/json', text: '{"Code":"Success"}' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      ...extra.res,
    },
    cache: {},
    timings: { send: 0, wait: 5, receive: 0 },
    ...extra.top,
  };
}

function harWith(
  secret: { kind: 'ticket' | 'signature' | 'login'; value: string },
  places: Place[],
  order: number,
): string {
  const s = secret.value;
  const enc = encodeURIComponent(s);
  const seen =
    secret.kind === 'ticket'
      ? entry(`https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=${enc}`)
      : secret.kind === 'signature'
        ? entry(`https://open.cme.qcloud.com/?signature=${enc}`, { req: { method: 'GET' } })
        : entry('https://proxy.example.com/api/cme/login', {
            res: {
              content: {
                size: 1,
                mimeType: 'application/json',
                text: JSON.stringify({ Code: 'Success', Data: { Authorization: s } }),
              },
            },
          });
  const echoes = places.map((place) => {
    const base = 'https://other.example.com/p';
    switch (place) {
      case 'url-query':
        return entry(`${base}?x=1&t=${s}`);
      case 'url-encoded':
        return entry(`${base}?next=${encodeURIComponent(`https://a.example/?auth=${s}`)}`);
      case 'header':
        return entry(base, { req: { headers: [{ name: 'X-CME-Auth', value: s }] } });
      case 'authorization':
        return entry(base, { req: { headers: [{ name: 'Authorization', value: `Bearer ${s}` }] } });
      case 'cookie-header':
        return entry(base, { req: { headers: [{ name: 'Cookie', value: `a=1; t=${s}` }] } });
      case 'cookie':
        return entry(base, {
          req: { cookies: [{ name: 't', value: s }] },
          res: { cookies: [{ name: 't', value: s, path: '/' }] },
        });
      case 'query-string':
        return entry(`${base}?auth=${enc}`, {
          req: {
            queryString: [
              { name: 'auth', value: s },
              { name: 'x', value: s },
            ],
          },
        });
      case 'request-json':
        return entry(base, {
          req: { postData: { mimeType: 'application/json', text: JSON.stringify({ a: { b: [s] } }) } },
        });
      case 'request-url-in-json':
        return entry(base, {
          req: {
            postData: {
              mimeType: 'application/json',
              text: JSON.stringify({ u: `https://x.example/?auth=${s}&y=1` }),
            },
          },
        });
      case 'response-message':
        return entry(base, {
          res: {
            content: {
              size: 1,
              mimeType: 'application/json',
              text: JSON.stringify({ Message: `ticket ${s} expired` }),
            },
          },
        });
      case 'response-base64':
        return entry(base, {
          res: {
            content: {
              size: 1,
              mimeType: 'application/json',
              encoding: 'base64',
              text: base64Encode(utf8Encode(JSON.stringify({ Ticket: s, n: 1 }))),
            },
          },
        });
      case 'response-text':
        return entry(base, {
          res: { content: { size: 1, mimeType: 'text/plain', text: `line one\nauth=${s}\n` } },
        });
      case 'initiator':
        return entry(base, {
          top: {
            _initiator: {
              type: 'script',
              url: `https://a.example/app.js?auth=${s}`,
              stack: { callFrames: [{ url: `https://b.example/?k=${s}` }] },
            },
          },
        });
      case 'page-title':
        return entry(base, { top: { pageref: 'page_1' } });
      case 'comment':
        return entry(base, { top: { comment: `see ${s}` }, req: { comment: s } });
    }
  });
  const entries = [...echoes];
  entries.splice(order % (entries.length + 1), 0, seen);
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'test', version: '1' },
      pages: [
        {
          startedDateTime: '2024-05-20T08:30:00.000Z',
          id: 'page_1',
          title: `https://app.example/?auth=${s}&t=${s}`,
          pageTimings: {},
        },
      ],
      entries,
    },
  });
}

describe('redact, property', () => {
  it('never leaves a ticket or signature anywhere, in any entry (10,000 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretArb,
        fc.array(fc.constantFrom(...PLACES), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        async (secret, places, order) => {
          const text = harWith(secret, places, order);
          const out = await redactText(text);
          expect(out).not.toContain(secret.value);
          expect(out).not.toContain(encodeURIComponent(secret.value));
          const before = JSON.parse(text) as { log: { entries: unknown[] } };
          const after = JSON.parse(out) as typeof before;
          expect(shape(after)).toEqual(shape(before));
        },
      ),
      { numRuns: 10_000 },
    );
  }, 300_000);
});

describe('redact, bad input', () => {
  const cases: [string, string, RegExp][] = [
    ['missing', '', /no such file/],
    ['not-json.har', 'hello', /Not a HAR file/],
    ['array.har', '[]', /Not a HAR file: the JSON is an array/],
    ['no-entries.har', '{"log":{"version":"1.2"}}', /no "entries"/],
    ['truncated.har', readFileSync(join(FIXTURES, 'chrome-export.har'), 'utf8').slice(0, 9000), /ends early/],
  ];
  it.each(cases)('%s: one line, exit 2, no output file', async (name, content, message) => {
    const input = join(dir, name);
    if (name !== 'missing') writeFileSync(input, content);
    const outDir = mkdtempSync(join(dir, 'out-'));
    const out = join(outDir, 'out.har');
    const { code, stdout, stderr } = await runCli(['redact', input, '-o', out]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(outDir)).toEqual([]);
    // Without -o nothing reaches stdout either.
    const toStdout = await runCli(['redact', input]);
    expect(toStdout.code).toBe(2);
    expect(toStdout.stdout).toBe('');
  });

  it('an output it cannot write: one line, exit 2', async () => {
    const { code, stderr } = await runCli([
      'redact',
      join(FIXTURES, 'chrome-export.har'),
      '-o',
      join(dir, 'no', 'such', 'dir', 'out.har'),
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot write: no such directory\n$/);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a missing FILE or an extra argument: exit 2 and a pointer to --help', async () => {
    for (const argv of [['redact'], ['redact', 'a.har', 'b.har'], ['redact', 'a.har', '-o']]) {
      const { code, stderr } = await runCli(argv);
      expect(code).toBe(2);
      expect(stderr).toMatch(/see `cme-devtools redact --help`/);
    }
  });
});

describe('redact, per-entry bounds', () => {
  it('writes a string over the limit as "" with a note, and the rest of the file as ever', async () => {
    const input = join(dir, 'big-body.har');
    const har = JSON.parse(readFileSync(join(FIXTURES, 'chrome-export.har'), 'utf8')) as {
      log: { entries: { response: { content: { text?: string } } }[] };
    };
    har.log.entries[1]!.response.content.text = 'A'.repeat(5000);
    writeFileSync(input, JSON.stringify(har));
    const out = join(dir, 'big-body.redacted.har');
    let stderr = '';
    const code = await redactFile(
      input,
      { out, maxStringBytes: 4096, chunkSize: 512 },
      { stdout: { write: () => true }, stderr: { write: (s: string) => ((stderr += s), true) } },
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /entry 1: response\.content\.text \(4\.9 KB\) not read: over the 4 KB limit per string; written as ""/,
    );
    const after = JSON.parse(readFileSync(out, 'utf8')) as typeof har;
    expect(after.log.entries[1]!.response.content.text).toBe('');
    expect(after.log.entries).toHaveLength(har.log.entries.length);
  });

  it('refuses an entry over the per-entry limit: one line, exit 2, no file', async () => {
    const out = join(dir, 'refused.har');
    let stderr = '';
    const code = await redactFile(
      join(FIXTURES, 'chrome-export.har'),
      { out, maxEntryBytes: 2000 },
      { stdout: { write: () => true }, stderr: { write: (s: string) => ((stderr += s), true) } },
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/entry \d+ takes .*, over the 2\.0 KB limit per entry: cannot redact it\n$/);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe('redact --help', () => {
  it('describes the command and its -o option, and the overview lists it', async () => {
    const { code, stdout } = await runCli(['redact', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Usage: cme-devtools redact FILE\.har \[-o OUT\.har\] \[--rule '<pattern>;header=NAME'\]\.\.\.\n/,
    );
    expect(stdout).toMatch(/-o, --output OUT\.har/);
    expect(stdout).toMatch(/-h, --help/);
    // The examples name no real secret.
    expect(stdout).not.toMatch(/tf_[0-9a-f]{8}|signature=|auth=[^`\s]/);
    expect((await runCli(['help', 'redact'])).stdout).toBe(stdout);
    expect((await runCli(['--help'])).stdout).toMatch(/\n {2}redact {13}write a HAR with every ticket/);
  });
});

describe('redact, deep nesting', () => {
  it('masks a ticket nested 100,000 levels deep in a custom field and writes valid JSON', async () => {
    const t = 'tf_0123456789abcdef0123456789ab27ec';
    const depth = 100_000;
    const deep = `${'['.repeat(depth)}{"u":"https://x.example/?auth=${t}","m":"${t}"}${']'.repeat(depth)}`;
    const e = JSON.stringify(
      entry(`https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=${t}`, {
        top: { _custom: 'DEEP' },
      }),
    );
    const text = `{"log":{"version":"1.2","entries":[${e.replace('"DEEP"', deep)}]}}`;
    const out = await redactText(text);
    expect(out).not.toContain(t);
    expect(out.replace(/\s/g, '')).toContain(
      `${'['.repeat(depth)}{"u":"https://x.example/?auth=tf_…27ec","m":"tf_…27ec"}`,
    );
  });
});
