import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSandbox } from '../../lib/node/sandbox/main';
import { DEMO_KEY } from '../../lib/node/sandbox/options';
import { callApi, person, PLATFORM, startTestSandbox, ticketFor } from './sandbox-helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cme-sandbox-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('sandbox persistence (--data)', () => {
  it('keeps tickets and changes across a restart, writing atomically', async () => {
    const file = join(dir, 'state.json');
    const first = await startTestSandbox({ dataFile: file });
    const ticket = await ticketFor(first, 'persist_user');
    const created = await callApi(
      first,
      'Material/CreateClass',
      { ParentClassId: 0, Name: '持久化', Owner: person('persist_user') },
      ticket,
    );
    expect(created.json.Code).toBe('Success');
    await first.close();

    expect(readdirSync(dir)).toEqual(['state.json']);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      version: number;
      tickets: { ticket: string }[];
    };
    expect(saved.version).toBe(1);
    expect(saved.tickets.map((t) => t.ticket)).toContain(ticket);

    const second = await startTestSandbox({ dataFile: file });
    try {
      const classes = await callApi(
        second,
        'Material/DescribeClass',
        { Platform: PLATFORM, Owner: person('persist_user') },
        ticket,
      );
      expect(classes.json.Code).toBe('Success');
      const names = (classes.json.Data as { ClassInfoSet: { Name: string }[] }).ClassInfoSet.map(
        (c) => c.Name,
      );
      expect(names).toContain('持久化');
      expect(names.filter((n) => n === '视频素材')).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('does not write a read-only call', async () => {
    const file = join(dir, 'state.json');
    const sb = await startTestSandbox({ dataFile: file });
    try {
      const ticket = await ticketFor(sb);
      // Mark the file by hand: a rewrite would drop the mark.
      const marked = readFileSync(file, 'utf8').replace('"version": 1', '"version": 1 ');
      writeFileSync(file, marked);
      await callApi(sb, 'Team/DescribeJoinTeams', {}, ticket);
      expect(readFileSync(file, 'utf8')).toBe(marked);
      await callApi(sb, 'Material/CreateClass', { ParentClassId: 0, Name: 'w', Owner: person() }, ticket);
      expect(readFileSync(file, 'utf8')).toContain('"Name": "w"');
    } finally {
      await sb.close();
    }
  });

  it.each([
    ['not JSON', '{oops', /not valid JSON/],
    ['another JSON document', '{"hello": 1}', /not a sandbox state/],
  ])('refuses to start on a data file that is %s, leaving it untouched', async (_name, text, message) => {
    const file = join(dir, 'state.json');
    writeFileSync(file, text);
    await expect(startTestSandbox({ dataFile: file })).rejects.toThrow(message);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

function capture(): {
  io: { stdout: { write: (t: string) => boolean }; stderr: { write: (t: string) => boolean } };
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (t: string) => ((out += t), true) },
      stderr: { write: (t: string) => ((err += t), true) },
    },
    out: () => out,
    err: () => err,
  };
}

async function waitFor(check: () => string | null, ms = 5000): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('runSandbox (CLI)', () => {
  it('prints its URL and the sandbox-only demo key, serves, and stops cleanly on a signal', async () => {
    const c = capture();
    const stop = new AbortController();
    const file = join(dir, 'cli.json');
    const done = runSandbox(['--port', '0', '--data', file], { ...c.io, signal: stop.signal });
    const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(c.out())?.[1] ?? null);
    expect(c.out()).toContain('SANDBOX ONLY');
    expect(c.out()).toContain(DEMO_KEY.secretKey);
    const res = await fetch(`${url}/demo`);
    expect(res.status).toBe(200);
    expect(c.out()).toMatch(/GET \/demo → 200/);
    stop.abort();
    expect(await done).toBe(0);
    expect(c.out()).toContain('stopped');
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });

  it('does not print a key it was given', async () => {
    const c = capture();
    const stop = new AbortController();
    stop.abort();
    const code = await runSandbox(
      ['--port', '0', '--quiet', '--secret-id', 'AKIDEXAMPLE', '--secret-key', 'SECRETKEYEXAMPLE'],
      { ...c.io, signal: stop.signal },
    );
    expect(code).toBe(0);
    expect(c.out()).not.toContain('SECRETKEYEXAMPLE');
    expect(c.out()).not.toContain('SANDBOX ONLY');
  });

  it.each([
    [['--port', 'x'], 2, /--port/],
    [['--data', 'PLACEHOLDER'], 1, /Cannot start the sandbox/],
  ])('exits %j with code %i', async (argv, code, message) => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, 'nope');
    const c = capture();
    const args = argv.map((a) => (a === 'PLACEHOLDER' ? file : a));
    expect(await runSandbox(['--port', '0', ...args], c.io)).toBe(code);
    expect(c.err()).toMatch(message);
  });

  it('prints usage for --help', async () => {
    const c = capture();
    expect(await runSandbox(['--help'], c.io)).toBe(0);
    expect(c.out()).toContain('--login-shape');
  });
});
