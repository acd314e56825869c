/**
 * The page agent's part of the store (version 4): the sites the user opted in, and the calls the
 * recorder kept for them while no DevTools panel captured their tabs, bounded per site (oldest dropped).
 */
import { LOG_WRITE, type StoreContext } from './context';
import type { AgentSiteRecord, RecordedCallRecord } from './schema';

/** Most recorded calls, and most characters of them, one site keeps (older ones are dropped). */
export interface RecorderLimits {
  maxCalls: number;
  maxBytes: number;
}

/** 1,000 calls and 32 MiB of their JSON per site. */
export const RECORDER_LIMITS: RecorderLimits = { maxCalls: 1000, maxBytes: 32 * 1024 * 1024 };

/** A recorded call to keep: the store adds its id, size and time. */
export type RecordedCallInput = Omit<RecordedCallRecord, 'id' | 'bytes' | 'receivedAt' | 'reportedByPage'>;

/** Which recorded calls: one tab's, one site's, or all. */
export interface RecordedQuery {
  tabId?: number;
  origin?: string;
}

const STORES = ['agentSites', 'recordedCalls'] as const;

/** The recorder's functions over the store's connection. */
export function createRecorderFunctions(ctx: StoreContext, limits: RecorderLimits = RECORDER_LIMITS) {
  /** Recorded calls matching `query`, oldest first; removed too when `remove` (sites' sizes follow). */
  async function select(query: RecordedQuery, remove: boolean): Promise<RecordedCallRecord[]> {
    const tx = (await ctx.db()).transaction(STORES, 'readwrite');
    const calls = tx.objectStore('recordedCalls');
    const found =
      query.tabId !== undefined
        ? await calls.index('by-tab').getAll(query.tabId)
        : query.origin !== undefined
          ? await calls.index('by-origin').getAll(query.origin)
          : await calls.getAll();
    const chosen = found
      .filter((c) => query.origin === undefined || c.origin === query.origin)
      .sort((a, b) => a.id - b.id);
    if (remove) {
      const freed = new Map<string, { count: number; bytes: number }>();
      for (const c of chosen) {
        void calls.delete(c.id);
        const f = freed.get(c.origin) ?? { count: 0, bytes: 0 };
        freed.set(c.origin, { count: f.count + 1, bytes: f.bytes + c.bytes });
      }
      const sites = tx.objectStore('agentSites');
      for (const [origin, f] of freed) {
        const site = await sites.get(origin);
        if (site) {
          void sites.put({
            ...site,
            count: Math.max(0, site.count - f.count),
            bytes: Math.max(0, site.bytes - f.bytes),
          });
        }
      }
    }
    await tx.done;
    return chosen;
  }

  return {
    /** Every opted-in site (enabled or not), by origin. */
    async listAgentSites(): Promise<AgentSiteRecord[]> {
      return (await ctx.db()).transaction('agentSites').store.getAll();
    },

    /** Turn a site on or off (a new site starts empty); answers the site as stored. */
    async setAgentSite(origin: string, enabled: boolean): Promise<AgentSiteRecord> {
      const tx = (await ctx.db()).transaction('agentSites', 'readwrite');
      const old = await tx.store.get(origin);
      const site: AgentSiteRecord = old
        ? { ...old, enabled, enabledAt: enabled && !old.enabled ? ctx.now() : old.enabledAt }
        : { origin, enabled, enabledAt: ctx.now(), count: 0, bytes: 0 };
      await Promise.all([tx.store.put(site), tx.done]);
      return site;
    },

    /** Forget a site: its record and every call recorded for it. False when it was not known. */
    async deleteAgentSite(origin: string): Promise<boolean> {
      const tx = (await ctx.db()).transaction(STORES, 'readwrite');
      const existed = (await tx.objectStore('agentSites').getKey(origin)) !== undefined;
      void tx.objectStore('agentSites').delete(origin);
      const index = tx.objectStore('recordedCalls').index('by-origin');
      for (const key of await index.getAllKeys(origin)) void tx.objectStore('recordedCalls').delete(key);
      await tx.done;
      return existed;
    },

    /**
     * Keep a reported call for its site, dropping the site's oldest calls beyond the limits. Nothing is
     * kept for a site that is not enabled (forgotten or turned off meanwhile): answers null then.
     */
    async addRecordedCall(input: RecordedCallInput): Promise<number | null> {
      const bytes = JSON.stringify(input.raw).length;
      const tx = (await ctx.db()).transaction(STORES, 'readwrite', LOG_WRITE);
      const sites = tx.objectStore('agentSites');
      const calls = tx.objectStore('recordedCalls');
      const site = await sites.get(input.origin);
      if (!site?.enabled || bytes > limits.maxBytes) {
        await tx.done;
        return null;
      }
      const record = { ...input, receivedAt: ctx.now(), bytes, reportedByPage: true } as RecordedCallRecord;
      const id = await calls.add(record as RecordedCallRecord);
      let { count, bytes: total } = { count: site.count + 1, bytes: site.bytes + bytes };
      let cursor = await calls.index('by-origin').openCursor(input.origin);
      while (cursor && (count > limits.maxCalls || total > limits.maxBytes) && cursor.value.id !== id) {
        count -= 1;
        total -= cursor.value.bytes;
        void cursor.delete();
        cursor = await cursor.continue();
      }
      void sites.put({ ...site, count, bytes: Math.max(0, total) });
      await tx.done;
      return id;
    },

    /** Recorded calls of a tab or site (all when neither is given), oldest first. */
    listRecorded: (query: RecordedQuery = {}) => select(query, false),

    /** The recorded calls of a tab or site, removed from the store as they are answered. */
    takeRecorded: (query: RecordedQuery) => select(query, true),

    /** Remove recorded calls of a tab or site (all when neither is given); answers how many. */
    async clearRecorded(query: RecordedQuery = {}): Promise<number> {
      return (await select(query, true)).length;
    },
  };
}
