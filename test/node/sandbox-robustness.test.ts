import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyTemplate, listActions } from '../../lib/cme/catalogue';
import type { CatalogueEntry } from '../../lib/cme/types';
import type { RunningSandbox } from '../../lib/node/sandbox/main';
import { callApi, PLATFORM, startTestSandbox, ticketFor, UUID, type Answer } from './sandbox-helpers';

let sb: RunningSandbox & { errors: string[] };
let ticket: string;
const USER = 'robust_user';
const actions = listActions();
// Real IDs of the seeded state, so that odd bodies also reach the handlers' deeper paths.
const knownIds: string[] = [];
const knownClassIds: number[] = [];

beforeAll(async () => {
  sb = await startTestSandbox();
  ticket = await ticketFor(sb, USER);
  for (const p of sb.state.platforms) {
    knownIds.push(...p.materials.map((m) => m.MaterialId), ...p.projects.map((x) => x.ProjectId));
    knownIds.push(...p.teams.map((t) => t.TeamId), ...p.tasks.map((t) => t.TaskId));
    knownClassIds.push(...p.classes.map((c) => c.ClassId));
  }
});
afterAll(() => sb.close());

function expectEnvelope(ans: Answer): void {
  expect(ans.status).toBeLessThan(500);
  expect(typeof ans.json.Code).toBe('string');
  expect(ans.json.Message).toEqual(expect.any(String));
  expect(ans.json.EnglishMessage).toEqual(expect.any(String));
  expect((ans.json.Message as string).length).toBeGreaterThan(0);
  expect(ans.json.RequestId).toMatch(UUID);
}

/** Values of a catalogue type: right type, odd content, so the handlers (not only the checker) are probed. */
function valueOf(type: string): fc.Arbitrary<unknown> {
  const text = fc.oneof(
    fc.string(),
    fc.constantFrom('', '0', '-1', '产品发布会.mp4', 'manual', '1', 'Upload', USER, PLATFORM),
    fc.constantFrom(...knownIds),
  );
  if (type.startsWith('Array of '))
    return fc.array(valueOf(type.slice('Array of '.length)), { maxLength: 12 });
  switch (type) {
    case 'String':
      return text;
    case 'Integer':
      return fc.oneof(
        fc.integer(),
        fc.constantFrom(-1, 0, 20, 30, 31, Number.MAX_SAFE_INTEGER),
        fc.constantFrom(...knownClassIds),
      );
    case 'Float':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, 1.5, -3));
    case 'Boolean':
      return fc.boolean();
    case 'Entity':
      return fc.record({
        Type: fc.oneof(fc.constantFrom('PERSON', 'TEAM'), fc.string()),
        Id: fc.oneof(text, fc.constant(USER)),
      });
    default:
      return fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })),
      );
  }
}

function typedBody(entry: CatalogueEntry): fc.Arbitrary<Record<string, unknown>> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of entry.params) fields[p.name] = valueOf(p.type);
  const required = entry.params.filter((p) => p.required).map((p) => p.name);
  return fc.record(fields, { requiredKeys: required });
}

describe('sandbox robustness: every catalogued action', () => {
  it('has 33 catalogued actions, every one answered (none is InvalidParameter.Action)', () => {
    expect(actions).toHaveLength(33);
  });

  it.each(actions.map((e) => [e.path, e] as const))(
    '%s answers its template bodies without a 5xx',
    async (_path, entry) => {
      for (const includeOptional of [false, true]) {
        const body = bodyTemplate(entry, { platform: PLATFORM, userId: USER, includeOptional });
        const ans = await callApi(sb, `${entry.actionClass}/${entry.action}`, body, ticket);
        expectEnvelope(ans);
        expect(ans.json.Code).not.toBe('InvalidParameter.Action');
        expect(ans.json.Code).not.toBe('MissingParameter');
      }
    },
  );

  it.each(actions.map((e) => [e.path, e] as const))(
    '%s survives typed but odd bodies',
    async (_path, entry) => {
      await fc.assert(
        fc.asyncProperty(typedBody(entry), async (body) => {
          expectEnvelope(await callApi(sb, `${entry.actionClass}/${entry.action}`, body, ticket));
        }),
        { numRuns: 25 },
      );
    },
  );

  it('survives garbage bodies on every action', async () => {
    const garbage = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...actions), garbage, async (entry, body) => {
        expectEnvelope(await callApi(sb, `${entry.actionClass}/${entry.action}`, body, ticket));
      }),
      { numRuns: 300 },
    );
  });

  it('logged no handler exception along the way', () => {
    expect(sb.errors).toEqual([]);
  });
});
