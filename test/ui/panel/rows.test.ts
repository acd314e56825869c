import { describe, expect, it } from 'vitest';
import type { CaptureSummary } from '../../../lib/store';
import {
  actionLabel,
  identityLabel,
  prepareCapture,
  rowFromSummary,
  UNKNOWN_NAME_CHARS,
  UNKNOWN_NAMES_KEPT,
  unknownParamsOf,
} from '../../../lib/ui/panel/rows';
import { buildSearchText, compactText } from '../../../lib/ui/panel/search';
import { answers, apiCall, jsonBody, loginCall, SESSION_START_MS, VECTOR } from '../../cme/factories';
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

describe('panel rows: unknown parameters', () => {
  const deleteTask = (body: Record<string, unknown>) =>
    apiCall({ actionClass: 'Task', action: 'DeleteTask', body, answer: answers.paasOk() });

  it('counts the unknown parameters once, when the row is made, with their suggestions', () => {
    const raw = deleteTask({ taskId: 't-1' });
    const { row, input } = prepareCapture(decoded(raw), raw, 1);
    expect(row(7).unknownParams).toEqual({ count: 1, names: [{ param: 'taskId', suggestion: 'TaskId' }] });
    // The store keeps them too: a row read back from the log has its badge.
    expect(input.unknownParams).toEqual(row(7).unknownParams);
  });

  it("marks a login with its diagnosis's most serious finding, stored with the row", () => {
    const sentAt = (VECTOR.currentTimeStamp - 420) * 1000;
    const raw = loginCall({ startedAt: sentAt });
    raw.response!.headers.push({ name: 'Date', value: new Date(sentAt).toUTCString() });
    const { row, input } = prepareCapture(decoded(raw), raw, 1);
    // The login worked: a clock 7 minutes ahead is a warning.
    expect(row(1).loginDiagnosis).toBe('warning');
    expect(input.loginDiagnosis).toBe('warning');
    const fine = loginCall({ startedAt: SESSION_START_MS });
    expect(prepareCapture(decoded(fine), fine, 1).row(1)).not.toHaveProperty('loginDiagnosis');
  });

  it('has none for a call whose body the catalogue knows, a login, or an uncatalogued action', () => {
    const ok = deleteTask({ TaskId: 't-1' });
    expect(prepareCapture(decoded(ok), ok, 1).row(1)).not.toHaveProperty('unknownParams');
    const login = loginCall();
    expect(prepareCapture(decoded(login), login, 1).row(1)).not.toHaveProperty('unknownParams');
    const other = apiCall({ actionClass: 'Nope', action: 'Nothing', body: { anything: 1 } });
    expect(prepareCapture(decoded(other), other, 1).row(1)).not.toHaveProperty('unknownParams');
    expect(unknownParamsOf(null)).toBeUndefined();
  });

  it('keeps the count and only the first few names (cut) of a body with 10,000 unknown keys', () => {
    const body: Record<string, unknown> = { TaskId: 't', ['k'.repeat(500)]: 1 };
    for (let i = 0; i < 9_999; i++) body[`extra${i}`] = i;
    const raw = deleteTask(body);
    const unknown = prepareCapture(decoded(raw), raw, 1).row(1).unknownParams!;
    expect(unknown.count).toBe(10_000);
    expect(unknown.names).toHaveLength(UNKNOWN_NAMES_KEPT);
    expect(unknown.names[0]!.param).toHaveLength(UNKNOWN_NAME_CHARS);
    expect(unknown.names[0]!.param.endsWith('…')).toBe(true);
    expect(unknown.names.slice(1)).toEqual([{ param: 'extra0' }, { param: 'extra1' }]);
  });

  it('counts unknown fields inside documented structures and leaves other findings out', () => {
    const raw = apiCall({ body: { ClassId: 'x', Owner: { type: 'PERSON', Id: 'u' } } });
    const call = decoded(raw);
    expect(call.catalogue?.findings.map((f) => f.problem)).toEqual(['missing', 'type', 'missing', 'unknown']);
    expect(unknownParamsOf(call.catalogue)).toEqual({
      count: 1,
      names: [{ param: 'Owner.type', suggestion: 'Owner.Type' }],
    });
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
