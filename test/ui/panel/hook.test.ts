/**
 * The panel's test hook ships in every panel: what it gives must hold no secret (tickets and URLs
 * masked, no server messages, no field it does not list), while telling tests what the list shows.
 */
import { describe, expect, it } from 'vitest';
import { installPanelHook } from '../../../lib/ui/panel/hook';
import type { PanelRow } from '../../../lib/ui/panel/rows';
import { makeRow } from './fixtures';

const TICKET = 'tf_0123456789abcdef0123456789ab27ec';
const OTHER = 'tf_fedcba9876543210fedcba9876543210';

function hookOver(rows: PanelRow[]) {
  const target: { __cmePanel?: unknown } = {};
  return installPanelHook(target, { rows: { peek: () => rows } });
}

describe('panel hook', () => {
  it('gives each row with its ticket masked, its URL without query, and nothing secret in any field', () => {
    const rows = [
      makeRow({
        id: 1,
        ticket: TICKET,
        url: `https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=${encodeURIComponent(TICKET)}&x=1`,
        message: `ticket ${TICKET} echoed`,
        englishMessage: `and ${OTHER}`,
        requestId: 'rq-1',
        text: `search text ${TICKET}`,
      }),
      // A proxy that carries the ticket in its path, and a login with a signature.
      makeRow({
        id: 2,
        ticket: TICKET,
        url: `https://app.example.test/cme/${TICKET}/PaaS/Team/DescribeTeams`,
      }),
      makeRow({
        id: 3,
        kind: 'login',
        actionClass: null,
        action: 'Login',
        ticket: OTHER,
        url: `https://open.cme.qcloud.com/?signature=${'S'.repeat(120)}`,
      }),
    ];
    const given = hookOver(rows).rows();
    const text = JSON.stringify(given);
    for (const secret of [TICKET, OTHER, 'S'.repeat(20)]) expect(text).not.toContain(secret);
    expect(given[0]).toMatchObject({
      id: 1,
      kind: 'api',
      action: 'ListMedia',
      code: 'Success',
      ok: true,
      httpStatus: 200,
      platform: 'my_platform',
      userId: 'user_001',
      ticket: 'tf_…27ec',
    });
    expect(given[0]!.url).toBe('https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia');
    expect(given[1]!.url).toBe('https://app.example.test/cme/tf_…27ec/PaaS/Team/DescribeTeams');
    expect(given[2]).toMatchObject({ kind: 'login', ticket: 'tf_…3210' });
    // Only the fields it lists: the messages, the search text and whatever rows gain later stay out.
    expect(Object.keys(given[0]!).sort()).toEqual(
      [
        'id',
        'seq',
        'startedAt',
        'kind',
        'method',
        'actionClass',
        'action',
        'code',
        'ok',
        'httpStatus',
        'durationMs',
        'platform',
        'userId',
        'url',
        'ticket',
      ].sort(),
    );
  });

  it('gives a row without a ticket as it is, and counts every row', () => {
    const hook = hookOver([makeRow({ id: 7, ticket: null, url: 'https://x.test/PaaS/A/B' }), makeRow()]);
    expect(hook.count()).toBe(2);
    expect(hook.rows()[0]).toMatchObject({ ticket: null, url: 'https://x.test/PaaS/A/B' });
  });
});
