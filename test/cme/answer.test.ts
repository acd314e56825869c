// The fields the background reads of an answer (answer.ts) are exactly the decoders' (envelope.ts), for
// every documented shape and for arbitrary JSON: the worker and the pages never disagree on a Code, a
// RequestId or a login's ticket.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAnswer, readLoginAnswer } from '../../lib/cme/answer';
import { decodeEnvelope, decodeLoginAnswer } from '../../lib/cme/envelope';
import { answers, FAKE_APP_ID, FAKE_TICKET } from './factories';

const HEAD = ['ok', 'code', 'message', 'englishMessage', 'requestId'] as const;
const LOGIN = [...HEAD, 'shape', 'authorization', 'appId', 'platform', 'userId', 'tfUid'] as const;

function pick<K extends string>(value: Record<string, unknown>, keys: readonly K[]): Record<K, unknown> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Record<K, unknown>;
}

function agree(text: string | null, status: number): void {
  expect(readAnswer(text, status)).toEqual(pick({ ...decodeEnvelope(text, status) }, HEAD));
  expect(readLoginAnswer(text, status)).toEqual(pick({ ...decodeLoginAnswer(text, status) }, LOGIN));
}

describe('readAnswer / readLoginAnswer', () => {
  it('read a login’s ticket and identity from either documented shape', () => {
    expect(readLoginAnswer(JSON.stringify(answers.currentOk()), 200)).toMatchObject({
      ok: true,
      shape: 'current',
      authorization: FAKE_TICKET,
      appId: FAKE_APP_ID,
      tfUid: 'tfuid_0001',
      userId: null,
    });
    expect(readLoginAnswer(JSON.stringify(answers.legacyOk({ appId: '1250000001' })), 200)).toMatchObject({
      ok: true,
      shape: 'legacy',
      authorization: FAKE_TICKET,
      appId: 1250000001,
      tfUid: null,
    });
    // A refused current-shape login carries no ticket, whatever its Response holds.
    const refused = { Response: { ...answers.currentError().Response, Authorization: FAKE_TICKET } };
    expect(readLoginAnswer(JSON.stringify(refused), 200)).toMatchObject({ ok: false, authorization: null });
  });

  it('agree with the decoders on the documented shapes, failures and non-answers', () => {
    const texts = [
      answers.currentOk(),
      answers.currentError(),
      answers.legacyOk(),
      answers.legacyError(),
      { Code: 7, Message: 'n', RequestId: 'r' },
      { Code: ['x'], Data: { RequestId: 'in-data' } },
      { Response: { Error: 'flat', RequestId: 'r' } },
      { Response: { Error: { Code: 'E', Message: '中文' } } },
      { Response: {}, Code: 'Both' },
      { Data: { Authorization: FAKE_TICKET } },
      [1, 2],
    ].map((v) => JSON.stringify(v));
    for (const text of [...texts, '\ufeff{"Code":"Success"}', '', '<html>', null]) {
      for (const status of [0, 200, 502]) agree(text, status);
    }
  });

  it('agree with the decoders on arbitrary JSON', () => {
    const field = fc.constantFrom('Code', 'Message', 'EnglishMessage', 'RequestId', 'Data', 'Response', 'x');
    const inner = fc.dictionary(
      fc.constantFrom('Error', 'Code', 'Message', 'RequestId', 'Authorization', 'AppId', 'TfUid', 'UserId'),
      fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.dictionary(fc.constantFrom('Code', 'Message'), fc.jsonValue({ maxDepth: 1 })),
      ),
    );
    fc.assert(
      fc.property(
        fc.dictionary(field, fc.oneof(fc.jsonValue({ maxDepth: 2 }), inner)),
        fc.constantFrom(0, 200, 404),
        (v, s) => agree(JSON.stringify(v), s),
      ),
    );
  });
});
