import { describe, expect, it } from 'vitest';
import type { CaptureSummary } from '../../../lib/store';
import { actionLabel, identityLabel, prepareCapture, rowFromSummary } from '../../../lib/ui/panel/rows';
import { buildSearchText, compactText } from '../../../lib/ui/panel/search';
import { answers, apiCall, jsonBody, loginCall } from '../../cme/factories';
import { decoded } from './fixtures';

describe('panel rows', () => {
  it('prepares a store input and a row with the same search text', () => {
    const raw = apiCall({ answer: answers.paasError() });
    const { input, row } = prepareCapture(decoded(raw), raw, 4);
    const r = row(99);
    expect(input).toMatchObject({
      seq: 4,
      kind: 'api',
      ok: false,
      code: 'InvalidParameterValue.MaterialId',
      message: '媒体不存在',
      englishMessage: 'Material not exist',
    });
    expect(r).toMatchObject({ id: 99, seq: 4, message: '媒体不存在', englishMessage: 'Material not exist' });
    expect(input.searchText).toBe(r.text);
  });

  it('reads messages from a stored summary when it has them', () => {
    const summary: CaptureSummary = {
      id: 1,
      tabId: 7,
      seq: 1,
      startedAt: 0,
      kind: 'login',
      method: 'GET',
      url: 'u',
      actionClass: null,
      action: 'Login',
      code: 'Success',
      ok: true,
      httpStatus: 200,
      durationMs: 3,
      platform: 'p',
      userId: 'u1',
      ticket: 't',
      requestId: null,
      text: 'login',
    };
    expect(rowFromSummary(summary)).toMatchObject({ message: null, englishMessage: null, action: 'Login' });
    const withMessage = { ...summary, message: '成功', englishMessage: 'OK' };
    expect(rowFromSummary(withMessage)).toMatchObject({ message: '成功', englishMessage: 'OK' });
  });

  it.each([
    [{ actionClass: 'Material', action: 'ListMedia' }, 'Material/ListMedia'],
    [{ actionClass: null, action: 'Login' }, 'Login'],
  ])('labels the action of %j as %s', (row, label) => {
    expect(actionLabel(row)).toBe(label);
  });

  it.each([
    [{ platform: 'p', userId: 'u' }, 'p/u'],
    [{ platform: null, userId: 'u' }, 'u'],
    [{ platform: 'p', userId: null }, 'p'],
    [{ platform: null, userId: null }, ''],
  ])('labels the identity of %j as %s', (row, label) => {
    expect(identityLabel(row)).toBe(label);
  });
});

describe('panel search text', () => {
  it('holds fields and body excerpts, lowercased', () => {
    const raw = apiCall({
      body: { ClassId: 12, Name: 'Holiday' },
      answer: answers.paasOk({ MaterialId: 'M_ABC' }),
    });
    const text = buildSearchText(decoded(raw), raw);
    expect(text).toContain('material/listmedia');
    expect(text).toContain('"name":"holiday"');
    expect(text).toContain('m_abc');
    expect(text).toBe(text.toLowerCase());
  });

  it('is capped, whatever the body size', () => {
    const raw = apiCall({ answer: answers.paasOk({ Blob: 'z'.repeat(200_000) }) });
    expect(buildSearchText(decoded(raw), raw, 500).length).toBeLessThanOrEqual(500);
  });

  it('leaves out base64 bodies and keeps a login without body', () => {
    const raw = loginCall();
    raw.response!.body = { ...jsonBody('e30='), encoding: 'base64' };
    const text = buildSearchText(decoded(raw), raw);
    expect(text).not.toContain('e30=');
    expect(text).toContain('login');
  });

  it('collapses whitespace', () => {
    expect(compactText('{\n  "a":   1\n}', 100)).toBe('{ "a": 1 }');
    expect(compactText('abcdef', 3)).toBe('abc');
    expect(compactText('abc', 0)).toBe('');
  });
});
