/**
 * Issue 15, "Proof", CLI table and JSON: what `cme-devtools inspect` prints (the table, `--json`, and its
 * stderr) never holds a ticket or signature the file used, in any encoding, wherever a later entry echoes
 * it: the URL query (raw, `%XX` either case, encoded keys), headers, bodies (nested, JSON-escaped, in
 * string URLs, in Message), comments, initiators. The file teaches the secret first (a login answer, an
 * `auth` query, a login signature, a VerifySign body), as traffic does; an echo before the secret's first
 * use is `cme-devtools redact`'s case (it reads the file twice). Generators and oracle:
 * test/cme/secret-arbitraries.ts.
 *
 * SECRETS_PROPERTY_RUNS sets the runs (default 10,000).
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { rawCallsToHar } from '../../lib/cme/har';
import { inspectHar } from '../../lib/node/inspect';
import { assertMasked, introCall, placed, RUNS, scenarioArb, TIMEOUT } from '../cme/secret-arbitraries';

const dir = mkdtempSync(join(tmpdir(), 'cme-inspect-property-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function inspect(file: string, json: boolean): Promise<string> {
  let out = '';
  await inspectHar(
    file,
    { json },
    {
      stdout: { write: (s: string) => ((out += s), true) },
      stderr: { write: (s: string) => ((out += s), true) },
    },
  );
  return out;
}

describe('cme-devtools inspect never prints a secret the file used (property)', () => {
  it(
    `table and --json, ${RUNS} runs`,
    async () => {
      const file = join(dir, 'case.har');
      await fc.assert(
        fc.asyncProperty(scenarioArb, fc.boolean(), async ({ secret, enc, p, intro }, json) => {
          // A file learns a secret from its traffic only: a secret the store alone knew is taught by a query.
          const teacher = introCall(secret, intro === 'store' ? 'query' : intro);
          const { call } = placed(secret, enc, p);
          const calls = teacher === null ? [call] : [teacher, call];
          writeFileSync(file, JSON.stringify(rawCallsToHar(calls, { reveal: true })));
          assertMasked(await inspect(file, json), secret, json ? 'inspect --json' : 'inspect table');
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
