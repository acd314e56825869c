import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signSignature } from '../../lib/cme/signature';
import { escapeJson, escapeLine } from '../../lib/node/cli-io';
import { inspectHar } from '../../lib/node/inspect';
import { FAKE_SECRET_ID, FAKE_SECRET_KEY } from '../cme/factories';
import { runCli } from './cli-run';

const FIXTURE = join(__dirname, '..', 'fixtures', 'chrome-export.har');
const dir = mkdtempSync(join(tmpdir(), 'cme-escapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every character a terminal may act on: C0, DEL, C1, line separators, bidi controls.
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

// Retitles the window, clears the screen, moves the cursor home, a C1 CSI, then reverses the text's order.
const EVIL = 'x\u001b]0;pwned\u0007\u001b[2J\u001b[H\u009b31m\u202egnp.exe\u2066\u2069\u0008\r\n\t';

/** Output lines hold no raw control or bidi character (the newlines between lines aside). */
function expectSafe(text: string): void {
  expect(text).not.toMatch(UNSAFE);
}

/** The fixture with its platform, a user and a Code replaced by text full of terminal escapes. */
function evilHar(): string {
  const har = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { log: { entries: unknown[] } };
  const evil = (s: string, inJson: boolean): string => {
    const to = (v: string) => (inJson ? JSON.stringify(v).slice(1, -1) : v);
    return s
      .split('demo_platform')
      .join(to(`demo${EVIL}platform`))
      .split('alice_01')
      .join(to(`alice${EVIL}`))
      .split('InvalidParameterValue.MaterialId')
      .join(to(`InvalidParameterValue${EVIL}`));
  };
  const walk = (v: unknown, key = ''): unknown => {
    if (typeof v === 'string') return evil(v, key === 'text');
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return JSON.stringify(walk(har), null, 2);
}

describe('escapeLine and escapeJson', () => {
  it('shows every control and bidi character as a visible escape', () => {
    expect(escapeLine('a\u001b[2Jb\u202ec\u0085d\u007f\n\t')).toBe('a\\x1b[2Jb\\u202ec\\x85d\\x7f\\x0a\\x09');
    expect(escapeLine('剪辑 — “ok” 🎬')).toBe('剪辑 — “ok” 🎬');
  });

  it('keeps JSON meaning the same', () => {
    const value = { s: EVIL, k: ['\u0085\u2028\u202e'] };
    const out = escapeJson(JSON.stringify(value));
    expectSafe(out);
    expect(JSON.parse(out)).toEqual(value);
  });
});

describe('terminal escapes in a HAR', () => {
  const file = join(dir, 'evil.har');
  writeFileSync(file, evilHar());

  it('the table, its notes and its summary hold no raw control character', async () => {
    const { code, stdout, stderr } = await runCli(['inspect', file]);
    expect(code).toBe(0);
    expectSafe(stdout);
    expectSafe(stderr);
    // The rows are still one line each, with the escapes visible (the changed platform adds a login
    // finding line: "Signed for platform …, answered for platform …", escaped like the rest).
    const plain = await runCli(['inspect', FIXTURE]);
    const finding = /^ {7}(error|warning|info): /;
    const rows = (text: string) => text.split('\n').filter((l) => !finding.test(l));
    expect(rows(stdout)).toHaveLength(rows(plain.stdout).length);
    expect(stdout).toContain('answered for platform demox\\x1b]0;');
    expect(stdout).toContain('demox\\x1b]0;pwned\\x07');
    expect(stdout).toContain('InvalidParameterValuex\\x1b]0;');
  });

  it('--json holds no raw control character and reads back as the same values', async () => {
    const { code, stdout } = await runCli(['inspect', file, '--json']);
    expect(code).toBe(0);
    expectSafe(stdout);
    const records = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { code: string | null; user: { platform: string } | null });
    expect(records.some((r) => r.code === `InvalidParameterValue${EVIL}`)).toBe(true);
    expect(records.some((r) => r.user?.platform === `demo${EVIL}platform`)).toBe(true);
  });

  it('the lines about what the per-entry bounds left out are escaped too', async () => {
    let stdout = '';
    let stderr = '';
    const code = await inspectHar(
      file,
      { maxStringBytes: 64 },
      {
        stdout: { write: (s: string) => ((stdout += s), true) },
        stderr: { write: (s: string) => ((stderr += s), true) },
      },
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/not read: over the 64 bytes limit per string/);
    expectSafe(stdout);
    expectSafe(stderr);
  });

  it('an error line naming a file escapes its name', async () => {
    const { code, stderr } = await runCli(['inspect', join(dir, `missing${EVIL}.har`)]);
    expect(code).toBe(2);
    expectSafe(stderr);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('usage errors quoting an argument escape it', async () => {
    for (const argv of [
      ['inspect', FIXTURE, `extra${EVIL}`],
      ['inspect', `--${EVIL}`],
      [`cmd${EVIL}`],
      ['help', `cmd${EVIL}`],
      ['redact', `missing${EVIL}.har`],
    ]) {
      const { code, stderr } = await runCli(argv);
      expect(code).toBe(2);
      expectSafe(stderr);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

describe('decode-signature and sign', () => {
  it('decode-signature prints a hostile platform, user and extra field escaped', async () => {
    const sig = await signSignature(
      {
        secretId: FAKE_SECRET_ID,
        platform: `p${EVIL}`,
        userId: `u${EVIL}`,
        action: `Login${EVIL}`,
        ttl: 300,
        currentTimeStamp: 1_900_000_000,
        random: 7,
      },
      FAKE_SECRET_KEY,
    );
    const text = await runCli(['decode-signature', sig, '--secret-key', FAKE_SECRET_KEY]);
    expect(text.code).toBe(0);
    expectSafe(text.stdout);
    expect(text.stdout).toContain('platform: px\\x1b]0;pwned\\x07\\x1b[2J\\x1b[H\\x9b31m\\u202egnp.exe');
    const json = await runCli(['decode-signature', sig, '--json']);
    expect(json.code).toBe(0);
    expectSafe(json.stdout);
    expect((JSON.parse(json.stdout) as { fields: { userId: string } }).fields.userId).toBe(`u${EVIL}`);
  });

  it('sign prints only the signature', async () => {
    const { code, stdout } = await runCli([
      'sign',
      '--secret-id',
      FAKE_SECRET_ID,
      '--secret-key',
      FAKE_SECRET_KEY,
      '--platform',
      `p${EVIL}`,
      '--user-id',
      `u${EVIL}`,
    ]);
    expect(code).toBe(0);
    expectSafe(stdout);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
  });
});
