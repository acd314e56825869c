import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../lib/node/cli';
import { FAKE_SECRET_ID, FAKE_SECRET_KEY, VECTOR_SIGNATURE } from '../cme/factories';
import { runCli } from './cli-run';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'chrome-export.har');
const dir = mkdtempSync(join(tmpdir(), 'cme-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Secrets inside the fixture (fake: made with the test key).
const TICKET_A = 'tf_a3f1c2d4e5b60718293a4b5c6d7e8f90';
const TICKET_B = 'tf_5e6f708192a3b4c5d6e7f8091a2b3c4d';
const fixtureSecrets = (): string[] => {
  const text = readFileSync(FIXTURE, 'utf8');
  const sigs = [...text.matchAll(/signature=([^"&]+)/g)].map((m) => decodeURIComponent(m[1]!));
  const verify = [...text.matchAll(/\\"VerifySign\\":\\"([^\\]+)\\"/g)].map((m) => m[1]!);
  expect(sigs.length).toBeGreaterThanOrEqual(2);
  expect(verify).toHaveLength(1);
  return [TICKET_A, TICKET_B, ...sigs, ...sigs.map(encodeURIComponent), ...verify];
};

const FIELDS = [
  'index',
  'kind',
  'class',
  'action',
  'method',
  'url',
  'httpStatus',
  'ok',
  'code',
  'message',
  'englishMessage',
  'requestId',
  'startedAt',
  'durationMs',
  'ticket',
  'user',
  'signature',
  'catalogue',
  'loginFindings',
  'problems',
];

const jsonLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const ALICE = { platform: 'demo_platform', userId: 'alice_01', appId: 1250000001 };
const BOB = { platform: 'demo_platform', userId: 'bob_02', appId: 1250000001 };

describe('inspect --json', () => {
  it('prints one record per CME call with exactly the documented fields', async () => {
    const { code, stdout, stderr } = await runCli(['inspect', FIXTURE, '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const records = jsonLines(stdout);
    for (const r of records) expect(Object.keys(r)).toEqual(FIELDS);
    expect(
      records.map((r) => [r.index, r.kind, r.class, r.action, r.httpStatus, r.ok, r.code, r.user]),
    ).toEqual([
      [2, 'login', null, 'Login', 200, true, 'Success', ALICE],
      [4, 'api', 'Material', 'DescribeMaterials', 200, true, 'Success', ALICE],
      [5, 'api', 'Material', 'DeleteMaterial', 200, false, 'InvalidParameterValue.MaterialId', ALICE],
      [7, 'api', 'Project', 'DescribeProjects', 0, false, null, ALICE],
      [8, 'login', null, 'Login', 200, true, 'Success', BOB],
      [9, 'api', 'Material', 'CreateUploadMaterial', 200, true, 'Success', BOB],
      [11, 'api', 'Material', 'ListMedia', 200, true, 'Success', ALICE],
    ]);
  });

  it('gives the values of a login and of a failed api call', async () => {
    const records = jsonLines((await runCli(['inspect', FIXTURE, '--json'])).stdout);
    expect(records[0]).toEqual({
      index: 2,
      kind: 'login',
      class: null,
      action: 'Login',
      method: 'GET',
      url: 'https://open.cme.qcloud.com/?signature=arvrl4…MQ==',
      httpStatus: 200,
      ok: true,
      code: 'Success',
      message: null,
      englishMessage: null,
      requestId: '7c1e4a52-3b9d-4f0e-8a61-2d5c9b7e0f13',
      startedAt: '2024-05-20T08:30:01.500Z',
      durationMs: 88.9,
      ticket: 'tf_…8f90',
      user: ALICE,
      signature: {
        secretId: 'AKIDEXAMPLE',
        currentTimeStamp: 1716193799,
        expireTime: 1716194099,
        random: 2718281828,
        platform: 'demo_platform',
        action: 'Login',
        userId: 'alice_01',
        extra: {},
        expired: false,
      },
      catalogue: null,
      loginFindings: [],
      problems: [],
    });
    expect(records[2]).toMatchObject({
      message: '媒体不存在',
      englishMessage: 'Material not exist',
      signature: null,
      catalogue: { catalogued: true, documented: true, findings: [] },
      loginFindings: [],
      problems: [],
    });
    expect(records[3]).toMatchObject({ httpStatus: 0, code: null, ok: false });
    expect(records[3]!.problems).not.toEqual([]);
    expect((records[3]!.catalogue as { findings: unknown[] }).findings).toHaveLength(1);
    expect(records[4]!.url).toBe('https://cme-proxy.example.com/api/cme/login?signature=dyX4gO…MDI=');
  });

  it('masks every ticket and signature unless --reveal', async () => {
    const secrets = fixtureSecrets();
    const masked = (await runCli(['inspect', FIXTURE, '--json'])).stdout;
    for (const s of secrets) expect(masked).not.toContain(s);
    const table = (await runCli(['inspect', FIXTURE])).stdout;
    for (const s of secrets) expect(table).not.toContain(s);

    const revealed = jsonLines((await runCli(['inspect', FIXTURE, '--json', '--reveal'])).stdout);
    expect(revealed.map((r) => r.ticket)).toEqual([
      TICKET_A,
      TICKET_A,
      TICKET_A,
      TICKET_A,
      TICKET_B,
      TICKET_B,
      TICKET_A,
    ]);
    expect(revealed[1]!.url).toBe(
      `https://web-paas-api.cme.qcloud.com/PaaS/Material/DescribeMaterials?auth=${TICKET_A}`,
    );
    expect(String(revealed[0]!.url)).toContain(encodeURIComponent(secrets[2]!));
  });

  it('judges a login signature as expired at the request time', async () => {
    const path = join(dir, 'expired.har');
    const har = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
      log: { entries: { startedDateTime: string }[] };
    };
    har.log.entries[2]!.startedDateTime = '2024-05-20T09:30:00.000Z';
    writeFileSync(path, JSON.stringify(har));
    const records = jsonLines((await runCli(['inspect', path, '--json'])).stdout);
    expect((records[0]!.signature as { expired: boolean }).expired).toBe(true);
  });
});

describe('inspect (table)', () => {
  it('prints aligned rows and a summary', async () => {
    const { code, stdout } = await runCli(['inspect', FIXTURE]);
    expect(code).toBe(0);
    const all = stdout.trimEnd().split('\n');
    // DescribeProjects sends Owner, which that action does not take: a line under its row says so.
    const unknownLine = all.findIndex((l) => l.trimStart().startsWith('1 unknown parameter'));
    expect(all[unknownLine - 1]).toContain('Project/DescribeProjects');
    expect(all[unknownLine]).toBe(
      '       1 unknown parameter: Owner. CME ignores parameters it does not know, without an error.',
    );
    const lines = all.filter((_, i) => i !== unknownLine);
    expect(lines).toHaveLength(1 + 7 + 1);
    expect(lines.at(-1)).toBe('7 CME calls in 12 entries');
    const header = lines[0]!;
    for (const name of ['#', 'time (UTC)', 'action', 'http', 'code', 'user', 'ms'])
      expect(header).toContain(name);
    // The `user` column starts at the same place on every row.
    const userAt = header.indexOf('user');
    for (const row of lines.slice(1, -1))
      expect(row.slice(userAt)).toMatch(/^demo_platform\/(alice_01|bob_02) /);
    expect(lines[1]).toMatch(/^ {4}2 {2}2024-05-20 08:30:01\.500 {2}Login /);
    expect(lines[5]).toContain('proxied');
    expect(lines[4]).toContain('Project/DescribeProjects');
  });
});

describe('inspect (table) summary', () => {
  it.each([
    [[], '0 CME calls in 0 entries'],
    [[2], '1 CME call in 1 entry'],
    [[0, 2], '1 CME call in 2 entries'],
    [[2, 4], '2 CME calls in 2 entries'],
  ])('entries %j of the fixture end with "%s"', async (keep, summary) => {
    const har = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { log: { entries: unknown[] } };
    har.log.entries = keep.map((i) => har.log.entries[i]);
    const path = join(dir, `summary-${keep.join('-')}.har`);
    writeFileSync(path, JSON.stringify(har));
    const { code, stdout } = await runCli(['inspect', path]);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(summary);
  });
});

describe('inspect errors', () => {
  const notJson = join(dir, 'not-json.har');
  const notHar = join(dir, 'not-har.json');
  writeFileSync(notJson, 'this is not JSON');
  writeFileSync(notHar, JSON.stringify({ hello: 'world' }));
  it.each([
    ['a missing file', [join(dir, 'missing.har')], /no such file$/],
    ['a directory', [dir], /is a directory/],
    ['a file that is not JSON', [notJson], /Not a HAR file: not a JSON object/],
    ['JSON that is not a HAR', [notHar], /Not a HAR file: no "log" object/],
    ['no file argument', [], /inspect: missing FILE\.har/],
    [
      'an unknown option',
      [FIXTURE, '--frob'],
      /unknown option --frob \(see `cme-devtools inspect --help`\)$/,
    ],
    ['a second file', [FIXTURE, 'other.har'], /unexpected argument "other\.har"/],
  ])('exits 2 with one line for %s', async (_name, args, message) => {
    const { code, stdout, stderr } = await runCli(['inspect', ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(2);
    expect(stderr.trimEnd()).toMatch(message);
    expect(stderr).toMatch(/^cme-devtools: /);
  });
});

describe('inspect on a truncated HAR', () => {
  // The fixture cut inside its ninth entry: eight entries whole, four CME calls among them (2, 4, 5, 7).
  const har = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { log: { entries: unknown[] } };
  const { entries, ...log } = har.log;
  const whole = entries.slice(0, 8).map((e) => JSON.stringify(e));
  const cut = JSON.stringify(entries[8]).slice(0, 60);
  const path = join(dir, 'truncated.har');
  writeFileSync(path, `{"log":${JSON.stringify(log).slice(0, -1)},"entries":[${whole.join(',')},${cut}`);
  const line = `cme-devtools: ${path}: The HAR file ends early (truncated after 8 entries)\n`;

  it('prints the calls it read, as the whole file gives them, then one error line, exit 2', async () => {
    const full = jsonLines((await runCli(['inspect', FIXTURE, '--json'])).stdout);
    const { code, stdout, stderr } = await runCli(['inspect', path, '--json']);
    expect(code).toBe(2);
    expect(jsonLines(stdout)).toEqual(full.filter((r) => (r.index as number) < 8));
    expect(jsonLines(stdout).map((r) => r.index)).toEqual([2, 4, 5, 7]);
    expect(stderr).toBe(line);
  });

  it('prints the table rows it read, without the summary, then one error line, exit 2', async () => {
    const full = (await runCli(['inspect', FIXTURE])).stdout.split('\n');
    const { code, stdout, stderr } = await runCli(['inspect', path]);
    expect(code).toBe(2);
    // The header and the first four rows of the whole file's table (the fourth, DescribeProjects, with its
    // line of unknown parameters); no "N CME calls in M entries".
    expect(stdout).toBe(`${full.slice(0, 6).join('\n')}\n`);
    expect(stdout).not.toMatch(/CME calls? in/);
    expect(stderr).toBe(line);
  });
});

describe('sign', () => {
  const args = [
    '--time',
    '1700000000',
    '--random',
    '123456',
    '--ttl',
    '300',
    '--platform',
    'my_platform',
    '--user-id',
    'user_001',
    '--secret-id',
    FAKE_SECRET_ID,
    '--secret-key',
    FAKE_SECRET_KEY,
  ];

  it('prints the signature.md test vector alone', async () => {
    expect(await runCli(['sign', ...args])).toEqual({ code: 0, stdout: `${VECTOR_SIGNATURE}\n`, stderr: '' });
  });

  it('takes --name=value and defaults to a 300 s Login at the clock time', async () => {
    const now = 1700000000_500;
    const { stdout } = await runCli(
      ['sign', '--secret-id=AKIDEXAMPLE', '--secret-key=SECRETKEYEXAMPLE', '--platform=p', '--user-id=u'],
      now,
    );
    const decoded = jsonLines((await runCli(['decode-signature', stdout.trim(), '--json'], now)).stdout)[0]!;
    expect(decoded.fields).toMatchObject({
      currentTimeStamp: 1700000000,
      expireTime: 1700000300,
      action: 'Login',
    });
  });

  it.each(['--secret-id', '--secret-key', '--platform', '--user-id'])(
    'exits 2 naming %s when it is missing',
    async (flag) => {
      const i = args.indexOf(flag);
      const without = [...args.slice(0, i), ...args.slice(i + 2)];
      const { code, stdout, stderr } = await runCli(['sign', ...without]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`cme-devtools: sign: missing ${flag}\n`);
    },
  );

  it.each([
    [['--random', '4294967296'], /--random must be a whole number from 0 to 4294967295/],
    [['--ttl=-5'], /--ttl must be a whole number/],
    [['--ttl', '-5'], /--ttl needs a value; a negative one is written --ttl=-5/],
    [['--time', 'soon'], /--time must be a whole number/],
    [['--ttl'], /--ttl needs a value/],
  ])('exits 2 for a bad number %j', async (extra, message) => {
    const { code, stderr } = await runCli(['sign', ...args, ...extra]);
    expect(code).toBe(2);
    expect(stderr.trimEnd()).toMatch(message);
  });
});

describe('decode-signature', () => {
  it.each([
    [[], null],
    [['--secret-key', FAKE_SECRET_KEY], true],
    [['--secret-key', 'WRONGKEY'], false],
  ])('--json with %j says valid: %s', async (extra, valid) => {
    const { code, stdout } = await runCli(['decode-signature', VECTOR_SIGNATURE, '--json', ...extra]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      fields: {
        secretId: 'AKIDEXAMPLE',
        currentTimeStamp: 1700000000,
        expireTime: 1700000300,
        random: 123456,
        platform: 'my_platform',
        action: 'Login',
        userId: 'user_001',
        extra: {},
      },
      valid,
      expired: true,
      findings: [],
      problems: [],
    });
  });

  it('says when a signature was made in the future or is valid for long', async () => {
    const signedAt = 1700000000_000;
    const { stdout: sig } = await runCli(
      [
        'sign',
        '--secret-id=AKIDEXAMPLE',
        '--secret-key=SECRETKEYEXAMPLE',
        '--platform=p',
        '--user-id=u',
        '--ttl=2592000',
      ],
      signedAt,
    );
    // Decoded 7 minutes before it was made: the signing clock is ahead of this one.
    const early = signedAt - 420_000;
    const json = JSON.parse((await runCli(['decode-signature', sig.trim(), '--json'], early)).stdout);
    expect(json.findings.map((f: { kind: string; severity: string }) => `${f.kind}:${f.severity}`)).toEqual([
      'signed-in-future:error',
      'long-validity:warning',
    ]);
    const text = (await runCli(['decode-signature', sig.trim()], early)).stdout;
    expect(text).toContain("error: Signed 7 min in the future: your signing server's clock is ahead.");
    expect(text).toContain(
      "warning: Valid for 30 days: shorter is safer (CME's samples sign for 5 minutes).",
    );
    // Read when it was made, for 5 minutes: nothing to say.
    const { stdout: fresh } = await runCli(
      ['sign', '--secret-id=AKIDEXAMPLE', '--secret-key=SECRETKEYEXAMPLE', '--platform=p', '--user-id=u'],
      signedAt,
    );
    expect(
      JSON.parse((await runCli(['decode-signature', fresh.trim(), '--json'], signedAt)).stdout).findings,
    ).toEqual([]);
  });

  it('judges expiry at the current time', async () => {
    const { stdout } = await runCli(['decode-signature', VECTOR_SIGNATURE, '--json'], 1700000100_000);
    expect(JSON.parse(stdout)).toMatchObject({ expired: false });
  });

  it('prints one name: value per line in readable form', async () => {
    const { stdout } = await runCli(
      ['decode-signature', VECTOR_SIGNATURE, '--secret-key', FAKE_SECRET_KEY],
      1700000100_000,
    );
    expect(stdout.split('\n').slice(0, 9)).toEqual([
      'secretId: AKIDEXAMPLE',
      'currentTimeStamp: 1700000000 (2023-11-14T22:13:20Z)',
      'expireTime: 1700000300 (2023-11-14T22:18:20Z)',
      'random: 123456',
      'platform: my_platform',
      'action: Login',
      'userId: user_001',
      'expired: no (200 s left)',
      'valid: yes (HMAC matches the key)',
    ]);
  });

  it.each([['garbage'], ['aGVsbG8gd29ybGQ='], ['']])('exits 2 with one line for %j', async (sig) => {
    const { code, stdout, stderr } = await runCli(['decode-signature', sig]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(2);
    expect(stderr).toMatch(/^cme-devtools: decode-signature: (not a CME signature|missing SIG)/);
  });
});

describe('dispatch', () => {
  it.each([[[]], [['help']], [['--help']]])('%j prints the usage', async (argv) => {
    const { code, stdout } = await runCli(argv);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: cme-devtools <command>/);
    for (const name of COMMANDS.keys()) expect(stdout).toContain(`  ${name}`);
  });

  it('exits 2 with a usage hint for an unknown command', async () => {
    const { code, stderr } = await runCli(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toBe('cme-devtools: unknown command "frobnicate" (see `cme-devtools --help`)\n');
  });

  it('dispatches to commands added to the table later', async () => {
    COMMANDS.set('echo-test', {
      summary: 'test',
      usage: 'echo-test ARGS',
      run: async (args, io) => {
        io.stdout.write(args.join(','));
        return 7;
      },
    });
    try {
      expect(await runCli(['echo-test', 'a', 'b'])).toMatchObject({ code: 7, stdout: 'a,b' });
    } finally {
      COMMANDS.delete('echo-test');
    }
  });

  it('turns a crash into one line and exit 1', async () => {
    COMMANDS.set('crash-test', {
      summary: '',
      usage: '',
      run: async () => Promise.reject(new Error('boom\nstack')),
    });
    try {
      expect(await runCli(['crash-test'])).toEqual({
        code: 1,
        stdout: '',
        stderr: 'cme-devtools: crash-test failed: boom\n',
      });
    } finally {
      COMMANDS.delete('crash-test');
    }
  });
});

describe('bin/cme-devtools.mjs', () => {
  it('runs as a process', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['bin/cme-devtools.mjs', 'inspect', 'test/fixtures/chrome-export.har', '--json'],
      { cwd: ROOT, timeout: 60_000 },
    );
    expect(stderr).toBe('');
    expect(jsonLines(stdout).map((r) => r.index)).toEqual([2, 4, 5, 7, 8, 9, 11]);
  }, 60_000);

  it('exits 2 as a process for a missing file', async () => {
    const err = await promisify(execFile)(process.execPath, ['bin/cme-devtools.mjs', 'inspect', 'nope.har'], {
      cwd: ROOT,
      timeout: 60_000,
    }).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2, stderr: 'cme-devtools: nope.har: no such file\n' });
  }, 60_000);
});

describe('arguments and help', () => {
  const PACKAGE_VERSION = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;

  it.each([...COMMANDS.keys()].flatMap((name) => [[name, '--help'] as const, [name, '-h'] as const]))(
    '%s %s prints that command’s usage and every option, exit 0',
    async (name, flag) => {
      const { code, stdout, stderr } = await runCli([name, flag]);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(new RegExp(`^Usage: cme-devtools ${name} `));
      expect(stdout).not.toContain('Commands:');
      for (const option of Object.keys(COMMANDS.get(name)!.options ?? {}))
        expect(stdout).toContain(`--${option}`);
      expect(stdout).toContain('-h, --help');
    },
  );

  it('lists the real options of each command in its help', async () => {
    expect((await runCli(['inspect', '-h'])).stdout).toMatch(/--json +JSON Lines/);
    expect((await runCli(['sign', '-h'])).stdout).toMatch(/--secret-key KEY +SecretKey/);
    expect((await runCli(['decode-signature', '-h'])).stdout).toMatch(/--secret-key KEY +check the HMAC/);
    expect((await runCli(['sandbox', '-h'])).stdout).toMatch(/--login-shape SHAPE +current \| legacy/);
  });

  it('help COMMAND is COMMAND --help', async () => {
    expect(await runCli(['help', 'sign'])).toEqual(await runCli(['sign', '--help']));
    expect(await runCli(['help', 'nope'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'cme-devtools: help: unknown command "nope" (see `cme-devtools --help`)\n',
    });
    expect((await runCli(['help', 'sign', 'x'])).stderr).toBe(
      'cme-devtools: help: unexpected argument "x" (see `cme-devtools --help`)\n',
    );
  });

  it('--help wins over a wrong argument beside it, and is an argument after --', async () => {
    expect(await runCli(['inspect', '--frob', '--help'])).toMatchObject({ code: 0, stderr: '' });
    const after = await runCli(['inspect', '--', '--help']);
    expect(after).toMatchObject({ code: 2, stdout: '' });
    expect(after.stderr).toBe('cme-devtools: --help: no such file\n');
  });

  it('--version and -V print the version of package.json', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${PACKAGE_VERSION}\n`, stderr: '' });
    expect((await runCli(['-V'])).stdout).toBe(`${PACKAGE_VERSION}\n`);
  });

  it.each([
    [['--frob'], 'cme-devtools: unknown option --frob (see `cme-devtools --help`)'],
    [['-x'], 'cme-devtools: unknown option -x (see `cme-devtools --help`)'],
    [
      ['inspect', FIXTURE, '-j'],
      'cme-devtools: inspect: unknown option -j (see `cme-devtools inspect --help`)',
    ],
    [
      ['inspect', FIXTURE, '--json=yes'],
      'cme-devtools: inspect: --json takes no value (see `cme-devtools inspect --help`)',
    ],
    [
      ['decode-signature', VECTOR_SIGNATURE, '--secret-key'],
      'cme-devtools: decode-signature: --secret-key needs a value (see `cme-devtools decode-signature --help`)',
    ],
    [
      ['sign', '--platfrom', 'p'],
      'cme-devtools: sign: unknown option --platfrom (see `cme-devtools sign --help`)',
    ],
    [
      ['sandbox', '--bogus'],
      'cme-devtools: sandbox: unknown option --bogus (see `cme-devtools sandbox --help`)',
    ],
    [
      ['sandbox', '--port', '99999'],
      'cme-devtools: sandbox: --port must be 0–65535, got 99999 (see `cme-devtools sandbox --help`)',
    ],
    [
      ['sandbox', 'extra'],
      'cme-devtools: sandbox: unexpected argument "extra" (see `cme-devtools sandbox --help`)',
    ],
  ])('%j exits 2 with exactly one line naming the problem', async (argv, line) => {
    expect(await runCli(argv)).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('masks a secret-sized argument it refuses', async () => {
    const { code, stderr } = await runCli(['decode-signature', VECTOR_SIGNATURE, VECTOR_SIGNATURE]);
    expect(code).toBe(2);
    expect(stderr).not.toContain(VECTOR_SIGNATURE);
    expect(stderr).toMatch(/unexpected argument ".+….+"/);
  });

  it('takes a repeated option’s last value', async () => {
    const sig = (
      await runCli([
        'sign',
        '--secret-id=A',
        '--secret-key=K',
        '--platform=p',
        '--user-id=u',
        '--time=1',
        '--time=1700000000',
      ])
    ).stdout.trim();
    const decoded = JSON.parse((await runCli(['decode-signature', sig, '--json'])).stdout) as {
      fields: { currentTimeStamp: number };
    };
    expect(decoded.fields.currentTimeStamp).toBe(1700000000);
  });
});
