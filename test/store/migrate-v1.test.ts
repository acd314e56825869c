import { describe, expect, it } from 'vitest';
import { historyFromV1, ticketFromV1 } from '../../lib/store/migrate-v1';

describe('v1 row conversion', () => {
  it.each([
    ['not an object', 'tf_x'],
    ['no id', { authorization: 'tf_x' }],
    ['no authorization', { id: 't1' }],
  ])('drops a ticket row with %s', (_, row) => {
    expect(ticketFromV1(row)).toBeNull();
  });

  it('reads what it can from a sparse ticket row', () => {
    expect(
      ticketFromV1({ id: 't1', authorization: 'tf_x', source: 'imported', appId: 'NaN', savedAt: 5 }),
    ).toEqual({
      id: 't1',
      authorization: 'tf_x',
      platform: null,
      userId: null,
      appId: null,
      tfUid: null,
      environment: 'tencent',
      label: '',
      source: 'captured',
      createdAt: 5,
      lastUsedAt: null,
      status: 'active',
      rejectedCode: null,
      rejectedAt: null,
    });
  });

  it.each([
    [
      'an api call',
      { actionClass: 'Project', status: 'done' },
      { kind: 'api', method: 'POST', status: 'done' },
    ],
    [
      'a login',
      { actionClass: null, status: 'pending' },
      { kind: 'login', method: 'GET', status: 'pending' },
    ],
    ['an unknown status', { actionClass: 'Project', status: 'ok' }, { status: 'failed' }],
  ])('converts a history row of %s', (_, fields, expected) => {
    const row = historyFromV1({ id: 'h1', action: 'Login', url: 'https://open.cme.qcloud.com/', ...fields });
    expect(row).toMatchObject({ ...expected, environment: 'tencent', replayOf: null, requestBody: '' });
  });

  it('drops a history row without id, action or url', () => {
    expect(historyFromV1({ id: 'h1', action: 'Login' })).toBeNull();
    expect(historyFromV1(null)).toBeNull();
  });
});
