/** The Faults view's store: drafts to rules (bounds of the wire), and the tab's rules saved whole on each change. */
import { describe, expect, it } from 'vitest';
// The code effects' text comes from the dictionary (lib/agent/fault-text.ts).
import type { FaultRule } from '../../../lib/agent/wire';
import { ruleOfDraft } from '../../../lib/ui/panel/fault-draft';
import { createFaultsStore, EMPTY_DRAFT, type FaultDraft } from '../../../lib/ui/panel/faults';

const draft = (p: Partial<FaultDraft>): FaultDraft => ({
  ...EMPTY_DRAFT,
  target: 'Material/DescribeClass',
  ...p,
});

describe('a draft', () => {
  it.each([
    [{}, { kind: 'code', code: 'AuthFailure.SessionInvalid' }],
    [
      { kind: 'http', status: '502' },
      { kind: 'http', status: 502 },
    ],
    [
      { kind: 'delay', ms: '2000' },
      { kind: 'delay', ms: 2000 },
    ],
    [{ kind: 'network' }, { kind: 'network' }],
  ] as [Partial<FaultDraft>, unknown][])('%o makes the effect %o', (p, effect) => {
    expect(ruleOfDraft(draft(p), 'a')).toEqual({
      id: 'a',
      enabled: true,
      match: { target: 'Material/DescribeClass' },
      effect,
    });
  });

  it('keeps every Nth and a percentage only when they narrow', () => {
    expect(ruleOfDraft(draft({ everyNth: '3', percent: '50' }), 'a')).toMatchObject({
      everyNth: 3,
      percent: 50,
    });
    const all = ruleOfDraft(draft({ everyNth: '1', percent: '100' }), 'a');
    expect(all).not.toHaveProperty('everyNth');
    expect(all).not.toHaveProperty('percent');
  });

  it.each([
    [{ target: '' }, 'faultsNeedTarget'],
    [{ target: 'Material/' }, 'faultsBadTarget'],
    [{ target: 'a b' }, 'faultsBadTarget'],
    [{ code: '' }, 'faultsNeedCode'],
    [{ code: 'x y' }, 'faultsNeedCode'],
    [{ kind: 'http', status: '200' }, 'faultsBadStatus'],
    [{ kind: 'http', status: '6000' }, 'faultsBadStatus'],
    [{ kind: 'delay', ms: '-1' }, 'faultsBadDelay'],
    [{ kind: 'delay', ms: '120001' }, 'faultsBadDelay'],
    [{ everyNth: '0' }, 'faultsBadNth'],
    [{ everyNth: '1.5' }, 'faultsBadNth'],
    [{ percent: '101' }, 'faultsBadPercent'],
    [{ percent: 'x' }, 'faultsBadPercent'],
  ] as [Partial<FaultDraft>, string][])('%o is refused: %s', (p, problem) => {
    expect(ruleOfDraft(draft(p), 'a')).toBe(problem);
  });

  it.each(['*', 'Login', 'Material/*', 'Project/CreateProject'])('targets %s', (target) => {
    expect(ruleOfDraft(draft({ target }), 'a')).toMatchObject({ match: { target } });
  });
});

/** A fake RPC keeping the rules per tab as the background does (a code gets its dictionary text). */
function fakeRpc(opts: { fail?: boolean; agents?: number } = {}) {
  const tabs = new Map<number, FaultRule[]>([
    [3, [{ id: 'old', enabled: false, match: { target: '*' }, effect: { kind: 'network' } }]],
  ]);
  const sets: FaultRule[][] = [];
  return {
    sets,
    tabs,
    rpc: {
      request: (async (method: string, params: { tabId: number; rules?: FaultRule[] }) => {
        if (opts.fail) throw new Error('worker gone');
        if (method === 'faults.get') return { rules: tabs.get(params.tabId) ?? [] };
        const rules = params.rules!.map((r) =>
          r.effect.kind === 'code'
            ? { ...r, effect: { ...r.effect, message: '会话无效', englishMessage: 'Session invalid' } }
            : r,
        );
        sets.push(params.rules!);
        // The panel fills a code's text from the dictionary.
        for (const r of params.rules!)
          if (r.effect.kind === 'code') expect(r.effect.englishMessage).toBeTruthy();
        tabs.set(params.tabId, rules);
        return { rules, agents: opts.agents ?? 1 };
      }) as never,
    },
  };
}

describe('the Faults store', () => {
  it("reads the tab's rules, adds, toggles, removes and turns all off, saving the whole list each time", async () => {
    const fake = fakeRpc();
    let n = 0;
    const store = createFaultsStore({ rpc: fake.rpc, tabId: 3, newId: () => `n${++n}` });
    await store.load();
    expect(store.rules.value.map((r) => r.id)).toEqual(['old']);
    expect(store.active.value).toBe(0);
    store.edit({ target: 'Material/DescribeClass' });
    expect(await store.add()).toBe(true);
    expect(store.rules.value[1]).toMatchObject({
      id: 'n1',
      enabled: true,
      effect: { kind: 'code', code: 'AuthFailure.SessionInvalid', englishMessage: 'Session invalid' },
    });
    expect(store.active.value).toBe(1);
    expect(store.agents.value).toBe(1);
    await store.toggle('old');
    expect(store.active.value).toBe(2);
    await store.allOff();
    expect(store.active.value).toBe(0);
    expect(store.rules.value).toHaveLength(2);
    await store.remove('old');
    expect(fake.tabs.get(3)!.map((r) => r.id)).toEqual(['n1']);
    expect(fake.sets).toHaveLength(4);
  });

  it('says why a draft is no rule, and saves nothing', async () => {
    const fake = fakeRpc();
    const store = createFaultsStore({ rpc: fake.rpc, tabId: 3 });
    store.edit({ target: '', kind: 'delay', ms: '5' });
    expect(await store.add()).toBe(false);
    expect(store.problem.value).toBe('faultsNeedTarget');
    store.edit({ target: '*' });
    expect(store.problem.value).toBe(null);
    expect(fake.sets).toEqual([]);
  });

  it('keeps the rules as they were when the background refuses, and says why', async () => {
    const fake = fakeRpc({ fail: true });
    const store = createFaultsStore({ rpc: fake.rpc, tabId: 3 });
    store.edit({ target: '*' });
    await store.add();
    expect(store.rules.value).toEqual([]);
    expect(store.error.value).toBe('worker gone');
  });

  it('refuses a 51st rule', async () => {
    const store = createFaultsStore({ rpc: fakeRpc().rpc, tabId: 4 });
    store.edit({ target: '*', kind: 'network' });
    for (let i = 0; i < 50; i++) expect(await store.add()).toBe(true);
    expect(await store.add()).toBe(false);
    expect(store.problem.value).toBe('faultsTooMany');
  });

  it('reads nothing without a tab (the viewer)', async () => {
    const fake = fakeRpc({ fail: true });
    const store = createFaultsStore({ rpc: fake.rpc, tabId: -1 });
    await store.load();
    expect(store.error.value).toBe(null);
  });
});
