import { describe, expect, it } from 'vitest';
import { compileCaptureRule } from '../../../lib/cme/capture-rules';
import { replayParams } from '../../../lib/ui/panel/replay';
import { FAKE_TICKET, jsonBody, makeRawCall } from '../../cme/factories';

describe('panel replay of a rule-captured call', () => {
  it('names the rule that captured it, so the background puts the ticket back there', async () => {
    const raw = makeRawCall({
      request: {
        method: 'POST',
        url: 'http://127.0.0.1:9000/api/cme/Material/ListMedia',
        headers: [{ name: 'X-CME-Auth', value: FAKE_TICKET }],
        body: jsonBody({}),
      },
    });
    const rule = compileCaptureRule({
      pattern: '/api/cme/<Class>/<Action>',
      ticket: { in: 'header', name: 'X-CME-Auth' },
      environment: 'app',
    });
    if (!rule.ok) throw new Error(rule.error.message);
    const params = await replayParams(raw, 3, 'ticket', '', 't1', { captureRules: [rule.rule] });
    expect(params).toMatchObject({ rule: rule.rule.spec, ticketId: 't1', capture: { request: raw.request } });
    expect((await replayParams(raw, 3, 'captured', '', null, {})).rule).toBeUndefined();
  });
});
