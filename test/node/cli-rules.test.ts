import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawCallsToHar } from '../../lib/cme/har';
import type { RawCall } from '../../lib/cme/types';
import { FAKE_TICKET, jsonBody, loginCall, makeRawCall, VECTOR } from '../cme/factories';
import { runCli } from './cli-run';

const dir = mkdtempSync(join(tmpdir(), 'cme-cli-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function proxied(action: string, where: 'header' | 'body'): RawCall {
  return makeRawCall({
    request: {
      method: 'POST',
      url: `http://127.0.0.1:9000/api/cme/Material/${action}`,
      headers: where === 'header' ? [{ name: 'X-CME-Auth', value: FAKE_TICKET }] : [],
      body: jsonBody(where === 'body' ? { Session: { Ticket: FAKE_TICKET } } : { Limit: 1 }),
    },
    response: {
      status: 200,
      body: jsonBody({ Code: 'Success', Message: `echo ${FAKE_TICKET}`, RequestId: 'r1', Data: {} }),
    },
  });
}

const har = join(dir, 'proxied.har');
writeFileSync(
  har,
  JSON.stringify(
    rawCallsToHar([loginCall(), proxied('ListMedia', 'header'), proxied('DescribeClass', 'body')], {
      reveal: true,
    }),
  ),
);

describe('inspect --rule', () => {
  it('classifies an app backend’s calls with the rule, attributes them and masks their ticket', async () => {
    const plain = await runCli(['inspect', har, '--json']);
    expect(plain.stdout.trimEnd().split('\n')).toHaveLength(1);
    const r = await runCli([
      'inspect',
      har,
      '--json',
      '--rule',
      '/api/cme/<Class>/<Action>;header=X-CME-Auth',
      '--rule=/api/cme/<Class>/<Action>;body=Session.Ticket',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.action)).toEqual(['Login', 'ListMedia', 'DescribeClass']);
    expect(lines[1]).toMatchObject({
      class: 'Material',
      code: 'Success',
      user: { platform: VECTOR.platform, userId: VECTOR.userId },
    });
    expect(r.stdout).not.toContain(FAKE_TICKET);
    const table = await runCli(['inspect', har, '--rule', '/api/cme/<Class>/<Action>;header=x-cme-auth']);
    expect(table.stdout).toContain('ListMedia');
    expect(table.stdout).not.toContain(FAKE_TICKET);
    expect(table.stdout).toContain('2 CME calls');
  });

  it('stops on a bad rule with one line and exit code 2', async () => {
    for (const [rule, words] of [
      ['/api/cme/<Class>;header=X', 'needs <Action>'],
      ['/api/cme/<Class>/<Action>', "'<pattern>;header=NAME'"],
      ['/api/cme/<Class>/<Action>;cookie=x', "'<pattern>;header=NAME'"],
      ['/api/cme/<Class>/<Action>;header=bad name', 'header name'],
    ] as const) {
      const r = await runCli(['inspect', har, '--rule', rule]);
      expect(r.code, rule).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), rule).toHaveLength(1);
      expect(r.stderr).toContain('--rule');
      expect(r.stderr).toContain(words);
    }
  });

  it('documents --rule in the command help', async () => {
    const r = await runCli(['inspect', '--help']);
    expect(r.stdout).toContain('--rule');
    expect(r.stdout).toContain('header=X-CME-Auth');
  });
});

describe('redact --rule', () => {
  // A session value no login taught and no field name gives away: only the rule says it is the ticket.
  const SESSION = 'opaque-session-value-0123456789abcdef';
  const file = join(dir, 'session.har');
  const call = makeRawCall({
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:9000/api/cme/Material/ListMedia',
      headers: [],
      body: jsonBody({ Session: { Key: SESSION }, Limit: 1 }),
    },
    response: {
      status: 200,
      body: jsonBody({ Code: 'Success', Message: `session ${SESSION}`, RequestId: 'r1', Data: {} }),
    },
  });
  writeFileSync(file, JSON.stringify(rawCallsToHar([call], { reveal: true })));

  it('masks the ticket a rule reads, wherever it is echoed', async () => {
    const plain = await runCli(['redact', file]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(SESSION);
    const r = await runCli(['redact', file, '--rule', '/api/cme/<Class>/<Action>;body=Session.Key']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(SESSION);
    expect(r.stdout).toContain('ListMedia');
    expect(JSON.parse(r.stdout).log.entries).toHaveLength(1);
  });

  it('stops on a bad rule with one line and exit code 2', async () => {
    const r = await runCli(['redact', file, '--rule', '/api/cme/<Class>;header=X']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^cme-devtools: redact: bad --rule .*needs <Action>/);
  });
});
