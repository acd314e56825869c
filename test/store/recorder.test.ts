import { describe, expect, it } from 'vitest';
import type { RawCall } from '../../lib/cme/types';
import { makeStore } from './fixtures';

const SITE = 'https://app.example';
const OTHER = 'http://127.0.0.1:8080';

function raw(n: number, bodyChars = 0): RawCall {
  return {
    startedAt: 1_700_000_000_000 + n,
    durationMs: n,
    request: {
      method: 'POST',
      url: `${SITE}/PaaS/A/B?n=${n}`,
      headers: [],
      body: { text: 'x'.repeat(bodyChars) },
    },
    response: null,
  };
}

const input = (n: number, origin = SITE, tabId = 1, bodyChars = 0) => ({
  tabId,
  origin,
  injected: null,
  raw: raw(n, bodyChars),
});

describe('the recorder’s store', () => {
  it('turns sites on and off, keeping when each was first enabled', async () => {
    const { store, clock } = makeStore();
    expect(await store.setAgentSite(SITE, true)).toEqual({
      origin: SITE,
      enabled: true,
      enabledAt: clock.now,
      count: 0,
      bytes: 0,
    });
    clock.now += 5;
    expect((await store.setAgentSite(SITE, false)).enabledAt).toBe(clock.now - 5);
    expect((await store.setAgentSite(SITE, true)).enabledAt).toBe(clock.now);
    expect((await store.listAgentSites()).map((s) => s.origin)).toEqual([SITE]);
  });

  it('keeps a call only for an enabled site, marked as reported by the page, with its size', async () => {
    const { store, clock } = makeStore();
    expect(await store.addRecordedCall(input(1))).toBeNull(); // not opted in
    await store.setAgentSite(SITE, true);
    const id = await store.addRecordedCall(input(2));
    const [call] = await store.listRecorded({ tabId: 1 });
    expect(call).toEqual({
      ...input(2),
      id,
      receivedAt: clock.now,
      reportedByPage: true,
      bytes: JSON.stringify(raw(2)).length,
    });
    expect((await store.listAgentSites())[0]).toMatchObject({ count: 1, bytes: call?.bytes });
    await store.setAgentSite(SITE, false);
    expect(await store.addRecordedCall(input(3))).toBeNull(); // turned off: kept, but nothing new
    expect(await store.listRecorded()).toHaveLength(1);
  });

  it('drops a site’s oldest calls beyond its count or size, never another site’s', async () => {
    const { store } = makeStore({ recorderLimits: { maxCalls: 3, maxBytes: 2000 } });
    await store.setAgentSite(SITE, true);
    await store.setAgentSite(OTHER, true);
    await store.addRecordedCall(input(0, OTHER, 2));
    for (let n = 1; n <= 5; n++) await store.addRecordedCall(input(n));
    expect((await store.listRecorded({ origin: SITE })).map((c) => c.raw.durationMs)).toEqual([3, 4, 5]);
    await store.addRecordedCall(input(6, SITE, 1, 1800)); // big: the older ones go to make room
    const left = await store.listRecorded({ origin: SITE });
    expect(left.map((c) => c.raw.durationMs)).toEqual([6]);
    const site = (await store.listAgentSites()).find((s) => s.origin === SITE);
    expect(site).toMatchObject({ count: 1, bytes: left[0]?.bytes });
    expect(await store.addRecordedCall(input(7, SITE, 1, 3000))).toBeNull(); // over the limit alone
    expect((await store.listRecorded({ origin: OTHER })).map((c) => c.raw.durationMs)).toEqual([0]);
  });

  it('takes a tab’s calls (oldest first, removed, sizes follow); clears; forgets a site', async () => {
    const { store } = makeStore();
    await store.setAgentSite(SITE, true);
    await store.setAgentSite(OTHER, true);
    await store.addRecordedCall(input(1, SITE, 1));
    await store.addRecordedCall(input(2, OTHER, 2));
    await store.addRecordedCall(input(3, SITE, 1));
    await store.addRecordedCall(input(4, SITE, 3));
    expect((await store.takeRecorded({ tabId: 1 })).map((c) => c.raw.durationMs)).toEqual([1, 3]);
    expect(await store.takeRecorded({ tabId: 1 })).toEqual([]);
    const sites = Object.fromEntries((await store.listAgentSites()).map((s) => [s.origin, s.count]));
    expect(sites).toEqual({ [SITE]: 1, [OTHER]: 1 });
    expect(await store.clearRecorded({ origin: OTHER })).toBe(1);
    expect(await store.deleteAgentSite(SITE)).toBe(true);
    expect(await store.deleteAgentSite(SITE)).toBe(false);
    expect(await store.listRecorded()).toEqual([]);
    expect((await store.listAgentSites()).map((s) => s.origin)).toEqual([OTHER]);
  });

  it('"clear captured calls" empties the recorder too; the sites stay opted in with nothing', async () => {
    const { store } = makeStore();
    await store.setAgentSite(SITE, true);
    await store.addRecordedCall(input(1));
    await store.clearAll(['captures']);
    expect(await store.listRecorded()).toEqual([]);
    expect(await store.listAgentSites()).toMatchObject([{ origin: SITE, enabled: true, count: 0, bytes: 0 }]);
    await store.clearAll(['tickets']); // other groups leave it alone
    expect(await store.listAgentSites()).toHaveLength(1);
  });
});
