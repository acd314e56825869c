import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, decodeEnvelopeHead } from '../../lib/cme/envelope';

/** The fields both readers must agree on (`data` and `json` differ by design). */
function head(env: ReturnType<typeof decodeEnvelope>) {
  const { ok, code, message, englishMessage, requestId, problems } = env;
  return { ok, code, message, englishMessage, requestId, problems };
}

const bigData = {
  TotalCount: 300,
  MaterialInfoSet: Array.from({ length: 300 }, (_, i) => ({ Id: `mat_${i}`, Name: `素材 ${i}` })),
};

describe('decodeEnvelopeHead', () => {
  it('reads Code, messages and RequestId of a big answer without parsing Data', () => {
    const text = JSON.stringify({
      Code: 'Success',
      Message: '成功',
      EnglishMessage: 'OK',
      RequestId: 'r-1',
      Data: bigData,
    });
    const env = decodeEnvelopeHead(text, 200);
    expect(head(env)).toEqual(head(decodeEnvelope(text, 200)));
    expect(env).toMatchObject({ ok: true, code: 'Success', requestId: 'r-1', data: undefined });
  });

  it('says a failed Code and a failed HTTP status as the whole parse does', () => {
    const text = JSON.stringify({
      Code: 'InvalidParameterValue.MaterialId',
      Message: '媒体不存在',
      RequestId: 'r',
      Data: bigData,
    });
    expect(head(decodeEnvelopeHead(text, 502))).toEqual(head(decodeEnvelope(text, 502)));
    expect(decodeEnvelopeHead(text, 502).ok).toBe(false);
  });

  it.each([
    ['Data first', { Data: bigData, Code: 'Success', RequestId: 'r' }],
    ['no RequestId before Data', { Code: 'Success', Data: { ...bigData, RequestId: 'in-data' } }],
    [
      '"Data" nested before the top-level one',
      { Code: 'Success', X: { Data: 1 }, RequestId: 'r', Data: bigData },
    ],
    ['a Message that reads "Data"', { Code: 'Fail', Message: 'Data', RequestId: 'r', Data: bigData }],
    ['members after Data', { Code: 'Success', RequestId: 'r', Data: bigData, Extra: 1 }],
  ])('parses the whole answer when the head cannot say (%s)', (_, answer) => {
    const text = JSON.stringify(answer);
    const env = decodeEnvelopeHead(text, 200);
    expect(head(env)).toEqual(head(decodeEnvelope(text, 200)));
    // Either the whole parse ran (data read) or the head agreed on every field above.
    if (!('Extra' in answer)) expect(env.data).toEqual(answer.Data);
  });

  it('parses a small answer whole, and says what is wrong with a body that is not JSON', () => {
    const small = '{"Code":"Success","RequestId":"r","Data":{"A":1}}';
    expect(decodeEnvelopeHead(small, 200).data).toEqual({ A: 1 });
    const broken = `{"Code":"Success","RequestId":"r","Data":${'['.repeat(3000)}`;
    expect(head(decodeEnvelopeHead(broken, 200))).toEqual(head(decodeEnvelope(broken, 200)));
    expect(decodeEnvelopeHead(broken, 200).problems[0]).toMatch(/^Answer is not JSON/);
  });

  it('agrees with the whole parse on any envelope of CME’s shape', () => {
    const text = fc.string({ maxLength: 20 });
    fc.assert(
      fc.property(
        fc.record({
          Code: fc.oneof(text, fc.integer(), fc.constant(null)),
          Message: fc.option(text),
          EnglishMessage: fc.option(text),
          RequestId: fc.oneof(text, fc.integer()),
        }),
        fc.array(fc.jsonValue(), { maxLength: 40 }),
        fc.integer({ min: 0, max: 599 }),
        (envelope, items, status) => {
          const answer = JSON.stringify({ ...envelope, Data: { pad: 'x'.repeat(2100), items } });
          expect(head(decodeEnvelopeHead(answer, status))).toEqual(head(decodeEnvelope(answer, status)));
        },
      ),
    );
  });
});
