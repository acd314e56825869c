/**
 * Capture rules in the panel: the environments (their API bases, login URLs and rules feed the tab's
 * classify options, live), the tab's recent non-CME requests for the editor's preview, and saving a rule
 * through the same RPC as the options page — then the recent requests it matches become captured calls.
 */
import { signal } from '@preact/signals';
import type { RecentRequest, RecentRequests } from '../../capture/recent-requests';
import type { CaptureRuleSpec, ClassifyOptions } from '../../cme/types';
import type { RpcClient } from '../../protocol';
import type { EnvironmentRecord } from '../../store/schema';
import { saveCaptureRules } from '../shared/capture-rules';
import { errorText } from '../shared/rpc-client';

/** What the store needs. */
export interface PanelRulesDeps {
  rpc: Pick<RpcClient, 'request'>;
  /** The tab's classify options: updated in place, so capture and decoding follow at once. */
  classify: ClassifyOptions;
}

/** Creates the panel's capture rules store. */
export function createPanelRules(deps: PanelRulesDeps) {
  const environments = signal<EnvironmentRecord[]>([]);
  const recent = signal<readonly RecentRequest[]>([]);
  const open = signal(false);
  const error = signal<string | null>(null);
  /** How many recent requests the last save turned into calls (null before any save). */
  const applied = signal<number | null>(null);
  let ring: RecentRequests | null = null;
  let apply: (() => number) | null = null;
  let stopRing: (() => void) | null = null;

  /**
   * Sets the environments and what the tab classifies with. The rule compiler loads on the first call
   * (it is not part of the list's first paint); capture starts after it (boot awaits it).
   */
  async function use(envs: EnvironmentRecord[]): Promise<void> {
    const { rulesOfEnvironments } = await import('./capture-rules-compile');
    environments.value = envs;
    deps.classify.apiBases = envs.map((e) => e.apiBase);
    deps.classify.loginEndpoints = envs.map((e) => e.loginUrl);
    deps.classify.captureRules = rulesOfEnvironments(envs);
  }

  /** Reads the environments again (another page may have changed a rule); keeps them on failure. */
  async function refresh(): Promise<void> {
    try {
      await use(await deps.rpc.request('environments.list', {}));
    } catch (e) {
      error.value = errorText(e);
    }
  }

  /** Saves `env` with `rules`, follows them at once, and captures the recent requests they match. */
  async function save(env: EnvironmentRecord, rules: readonly CaptureRuleSpec[]): Promise<boolean> {
    error.value = null;
    try {
      const saved = await saveCaptureRules(deps.rpc, env, rules);
      await use(environments.value.map((e) => (e.id === saved.id ? saved : e)));
      applied.value = apply?.() ?? 0;
      void refresh();
      return true;
    } catch (e) {
      error.value = errorText(e);
      return false;
    }
  }

  /** Follows the capture session's ring of recent requests, and how to capture the ones rules match. */
  function connect(source: { recent: RecentRequests; applyRules(): number }): void {
    stopRing?.();
    ring = source.recent;
    apply = () => source.applyRules();
    recent.value = ring.list();
    // The ring changes with most requests of a busy page: the signal follows only while the editor is open.
    stopRing = ring.subscribe(() => {
      if (open.peek()) recent.value = ring?.list() ?? [];
    });
  }

  function show(visible: boolean): void {
    open.value = visible;
    if (visible) {
      recent.value = ring?.list() ?? [];
      applied.value = null;
      void refresh();
    }
  }

  return {
    environments,
    recent,
    open,
    error,
    applied,
    use,
    refresh,
    save,
    connect,
    show,
    stop: () => stopRing?.(),
  };
}

/** The panel's capture rules store. */
export type PanelRules = ReturnType<typeof createPanelRules>;
