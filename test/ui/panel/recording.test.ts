/** The toolbar's recording switch: the host permission asked in the click itself, then agent.enable. */
import { describe, expect, it } from 'vitest';
import type { AgentSitesAnswer } from '../../../lib/protocol';
import { createRecordingStore } from '../../../lib/ui/panel/recording';

const ORIGIN = 'http://127.0.0.1:8123';

function fake(opts: { granted?: boolean; enabled?: boolean; origin?: string | null } = {}) {
  const calls: string[] = [];
  let enabled = opts.enabled ?? false;
  const answer = (): AgentSitesAnswer => ({
    sites: [
      { origin: ORIGIN, enabled, enabledAt: 1, count: 0, bytes: 0, granted: true, registered: enabled },
    ],
    dropped: { malformed: 0, rateLimited: 0, refusedPorts: 0 },
  });
  const store = createRecordingStore({
    rpc: {
      request: (async (method: string, params: { origin?: string }) => {
        calls.push(`${method} ${params.origin ?? ''}`.trim());
        if (method === 'agent.enable') enabled = true;
        if (method === 'agent.disable') enabled = false;
        return answer();
      }) as never,
    },
    permissions: {
      request: (p) => {
        calls.push(`permission ${p.origins.join()}`);
        return Promise.resolve(opts.granted ?? true);
      },
    },
    origin: async () => (opts.origin === undefined ? ORIGIN : opts.origin),
  });
  return { store: Object.assign(store, { rpc_enable: async () => void (enabled = true) }), calls };
}

describe('the recording switch', () => {
  it('reads whether the inspected origin is on', async () => {
    const f = fake({ enabled: true });
    await f.store.refresh();
    expect(f.store.origin.value).toBe(ORIGIN);
    expect(f.store.on.value).toBe(true);
  });

  it('asks the permission before it returns (a user gesture), then turns the agent on; off again', async () => {
    const f = fake();
    await f.store.refresh();
    const turning = f.store.toggle();
    expect(f.calls).toEqual(['agent.sites', `permission ${ORIGIN}/*`]);
    expect(await turning).toBe(true);
    expect(f.store.on.value).toBe(true);
    await f.store.toggle();
    expect(f.store.on.value).toBe(false);
    expect(f.calls.slice(2)).toEqual([`agent.enable ${ORIGIN}`, `agent.disable ${ORIGIN}`]);
  });

  it('says so when the permission is refused, and turns nothing on', async () => {
    const f = fake({ granted: false });
    await f.store.refresh();
    expect(await f.store.toggle()).toBe(false);
    expect(f.store.problem.value).toEqual({ kind: 'denied' });
    expect(f.calls).not.toContain(`agent.enable ${ORIGIN}`);
  });

  it('forgets a refused try once the site is on (turned on from the options page)', async () => {
    const f = fake({ granted: false });
    await f.store.refresh();
    await f.store.toggle();
    expect(f.store.problem.value).not.toBe(null);
    await f.store.rpc_enable();
    await f.store.refresh();
    expect(f.store.on.value).toBe(true);
    expect(f.store.problem.value).toBe(null);
  });

  it('does nothing on a page that is not http(s)', async () => {
    const f = fake({ origin: null });
    await f.store.refresh();
    expect(await f.store.toggle()).toBe(false);
    expect(f.calls).toEqual([]);
  });
});
