/**
 * "Copy for a support ticket": RequestId first, the Code and messages, time with its offset, status,
 * duration, identity, the request and both bodies, bounded, in the UI language; and (property) no ticket
 * or signature in any encoding, wherever the call carries it, as test/cme/secrets-property.test.ts does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMasker, secretsOf } from '../../../lib/cme/secrets';
import { createTranslator } from '../../../lib/i18n/i18n';
import { callMasker } from '../../../lib/ui/panel/row-actions';
import { bounded, isoWithOffset, supportText } from '../../../lib/ui/panel/support-text';
import { answers, apiCall, FAKE_TICKET, jsonBody } from '../../cme/factories';
import {
  assertMasked,
  introCall,
  known,
  placed,
  RUNS,
  scenarioArb,
  TIMEOUT,
} from '../../cme/secret-arbitraries';
import { makeRow } from './fixtures';

const en = createTranslator('en');
const zh = createTranslator('zh_CN');

const failing = () =>
  apiCall({
    action: 'DeleteMaterial',
    body: { MaterialId: '0000000000' },
    answer: {
      Code: 'InvalidParameterValue.MaterialId',
      Message: '媒体不存在',
      EnglishMessage: 'material not exist',
      RequestId: 'req-7f3a',
    },
  });
const failingRow = () =>
  makeRow({
    action: 'DeleteMaterial',
    code: 'InvalidParameterValue.MaterialId',
    ok: false,
    requestId: 'req-7f3a',
    message: '媒体不存在',
    englishMessage: 'material not exist',
  });

describe('supportText', () => {
  it('puts the RequestId first, then action, Code, messages, time, status, duration, identity, request', () => {
    const raw = failing();
    const text = supportText(failingRow(), raw, callMasker(raw, createMasker([])), en, {
      offsetMinutes: 480,
    });
    const lines = text.split('\n');
    expect(lines.slice(0, 10)).toEqual([
      'RequestId: req-7f3a',
      'Action: Material/DeleteMaterial',
      'Code: InvalidParameterValue.MaterialId',
      'Message: 媒体不存在',
      'EnglishMessage: material not exist',
      `Time: ${isoWithOffset(raw.startedAt, 480)}`,
      'HTTP status: 200',
      'Duration: 42 ms',
      'Platform/user: my_platform/user_001',
      `Request: POST https://web-paas-api.cme.qcloud.com/PaaS/Material/DeleteMaterial?auth=tf_…27ec`,
    ]);
    expect(text).toContain('Request body:\n{\n  "MaterialId": "0000000000"\n}');
    expect(text).toContain('"RequestId": "req-7f3a"');
    expect(text).not.toContain(FAKE_TICKET);
    expect(text.trim().endsWith('Tickets, signatures and keys are masked.')).toBe(true);
  });

  it('speaks the UI language', () => {
    const raw = failing();
    const text = supportText(failingRow(), raw, callMasker(raw, createMasker([])), zh);
    expect(text).toContain('操作: Material/DeleteMaterial');
    expect(text).toContain('HTTP 状态: 200');
    expect(text).toContain('请求体:');
  });

  it('writes the time in ISO 8601 with the offset', () => {
    const ms = Date.UTC(2026, 11, 6, 7, 5, 9, 42);
    expect(isoWithOffset(ms, 480)).toBe('2026-12-06T15:05:09.042+08:00');
    expect(isoWithOffset(ms, -330)).toBe('2026-12-06T01:35:09.042-05:30');
    expect(isoWithOffset(ms, 0)).toBe('2026-12-06T07:05:09.042+00:00');
    expect(isoWithOffset(Number.NaN)).toBe('—');
  });

  it('bounds each body and says how much more there was', () => {
    const big = 'x'.repeat(10_000);
    const raw = apiCall({ body: { Name: big }, answer: { ...answers.paasOk(), Data: big } });
    const text = supportText(makeRow(), raw, callMasker(raw, createMasker([])), en, { maxBodyChars: 4096 });
    const more = text.match(/… \((\d+) more characters\)/g) ?? [];
    expect(more).toHaveLength(2);
    expect(text.length).toBeLessThan(2 * 4096 + 2000);
    expect(bounded('abcdef', 4, en)).toBe('abcd\n… (2 more characters)');
    expect(bounded('abc', 4, en)).toBe('abc');
    // A surrogate pair is never split.
    expect(bounded('ab😀cd', 3, zh)).toBe('ab\n…（另有 4 个字符）');
  });

  it('says when there was no answer, no body, or a body the capture cut', () => {
    const raw = { ...failing(), response: null };
    const row = makeRow({ httpStatus: 0, ok: false, code: null, requestId: null });
    const text = supportText(row, raw, callMasker(raw, createMasker([])), en);
    expect(text).toContain('RequestId: —');
    expect(text).toContain('HTTP status: No response (network failure)');
    expect(text).toMatch(/Answer body:\nNo response/);
    const cut = apiCall({ body: null });
    cut.response!.body = { ...jsonBody({ Code: 'Success' }), truncated: true };
    const t2 = supportText(makeRow(), cut, callMasker(cut, createMasker([])), en);
    expect(t2).toMatch(/Request body:\nNo body/);
    expect(t2).toContain('(the capture kept only the start of this body)');
  });

  it(
    `holds no ticket or signature in any encoding wherever the call carries it (${Math.max(200, Math.floor(RUNS / 10))} runs)`,
    () => {
      fc.assert(
        fc.property(scenarioArb, fc.boolean(), ({ secret, enc, p, intro }, small) => {
          const { call, text: fragment } = placed(secret, enc, p);
          const k = known(secret, introCall(secret, intro));
          const panelMasker = createMasker(secretsOf(k.calls, k.extra));
          // The row's messages may echo it too (the server's Message of a bad ticket).
          const row = makeRow({ message: fragment, englishMessage: `x ${fragment}`, requestId: 'r-1' });
          const out = supportText(row, call, callMasker(call, panelMasker), en, {
            maxBodyChars: small ? 64 : 4096,
          });
          assertMasked(out, secret, 'support text');
        }),
        { numRuns: Math.max(200, Math.floor(RUNS / 10)) },
      );
    },
    TIMEOUT,
  );
});
