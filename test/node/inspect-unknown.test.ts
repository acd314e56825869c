/**
 * `cme-devtools inspect`: a line under each call whose body has parameters the catalogue does not know for
 * its action, with the documented one each likely meant; names only, never values; masked and escaped.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawCallsToHar } from '../../lib/cme/har';
import { unknownParamsLine } from '../../lib/node/inspect';
import { answers, apiCall, FAKE_TICKET, SESSION_START_MS } from '../cme/factories';
import { decoded } from '../ui/panel/fixtures';
import { runCli } from './cli-run';

const dir = mkdtempSync(join(tmpdir(), 'cme-inspect-unknown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IGNORED = 'CME ignores parameters it does not know, without an error.';

const deleteTask = (body: Record<string, unknown>, at = 10) =>
  apiCall({
    actionClass: 'Task',
    action: 'DeleteTask',
    body,
    startedAt: SESSION_START_MS + at,
    answer: answers.paasOk(),
  });

describe('inspect: unknown parameters', () => {
  it('says each with the documented one it likely meant', () => {
    expect(unknownParamsLine(decoded(deleteTask({ taskId: 'secret-value-1' })))).toBe(
      `       1 unknown parameter: taskId — did you mean TaskId? ${IGNORED}`,
    );
    expect(unknownParamsLine(decoded(deleteTask({ TaskId: 't', Foo: 1, taskid: 2 })))).toBe(
      `       2 unknown parameters: Foo; taskid — did you mean TaskId? ${IGNORED}`,
    );
    expect(unknownParamsLine(decoded(deleteTask({ TaskId: 't' })))).toBeNull();
  });

  it('names at most five and says how many more', () => {
    const body: Record<string, unknown> = { TaskId: 't' };
    for (let i = 0; i < 10_000; i++) body[`k${i}`] = i;
    expect(unknownParamsLine(decoded(deleteTask(body)))).toBe(
      `       10000 unknown parameters: k0; k1; k2; k3; k4; and 9995 more. ${IGNORED}`,
    );
  });

  it('prints the line under the call in the table, never a value, escaped and masked', async () => {
    const raws = [
      deleteTask({ taskId: 'value-never-printed' }, 1),
      deleteTask({ TaskId: 't' }, 2),
      deleteTask({ TaskId: 't', 'bad\u001b[2Jname': 'value-never-printed', [FAKE_TICKET]: 1 }, 3),
    ];
    const path = join(dir, 'unknown.har');
    writeFileSync(path, JSON.stringify(rawCallsToHar(raws, { reveal: true })));
    const { code, stdout } = await runCli(['inspect', path]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 3 + 2 + 1);
    expect(lines[1]).toContain('Task/DeleteTask');
    expect(lines[2]).toBe(`       1 unknown parameter: taskId — did you mean TaskId? ${IGNORED}`);
    expect(lines[3]).toContain('Task/DeleteTask');
    expect(lines[4]).toContain('Task/DeleteTask');
    expect(lines[5]).toMatch(/^ {7}2 unknown parameters: bad\\x1b\[2Jname; tf_…/);
    expect(stdout).not.toContain('value-never-printed');
    expect(stdout).not.toContain(FAKE_TICKET);
    expect(stdout).not.toContain('\u001b');
  });

  it('gives the suggestion in --json findings', async () => {
    const path = join(dir, 'unknown-json.har');
    writeFileSync(path, JSON.stringify(rawCallsToHar([deleteTask({ taskId: 'x' })])));
    const { stdout } = await runCli(['inspect', path, '--json']);
    const record = JSON.parse(stdout.trim()) as { catalogue: { findings: Record<string, unknown>[] } };
    expect(record.catalogue.findings.find((f) => f.problem === 'unknown')).toEqual({
      param: 'taskId',
      problem: 'unknown',
      suggestion: 'TaskId',
      message: 'Unknown parameter "taskId" for /Task/DeleteTask (did you mean "TaskId"?)',
    });
  });
});
