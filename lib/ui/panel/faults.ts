/**
 * The Faults view's store: the inspected tab's fault rules (lib/agent/wire.ts FaultRule), read with
 * `faults.get` and saved whole with `faults.set` after each change, a code effect with the error
 * dictionary's Message/EnglishMessage (the background pushes the rules to the tab's agents). Rules are per
 * tab and end when the tab closes (the background does that). A draft holds the rule being added; its
 * checks are lib/ui/panel/fault-draft.ts.
 */
import { computed, signal } from '@preact/signals';
import type { FaultRule } from '../../agent/wire';
import { EMPTY_DRAFT, type DraftProblem, type FaultDraft } from './fault-types';

/** The RPC methods the store uses. */
export interface FaultsRpc {
  request(method: 'faults.get', params: { tabId: number }): Promise<{ rules: FaultRule[] }>;
  request(
    method: 'faults.set',
    params: { tabId: number; rules: FaultRule[] },
  ): Promise<{ rules: FaultRule[]; agents: number }>;
}

export { EMPTY_DRAFT, type DraftProblem, type EffectKind, type FaultDraft } from './fault-types';

/** What the store needs. */
export interface FaultsStoreDeps {
  rpc: FaultsRpc;
  /** The inspected tab (-1: none, as in the viewer). */
  tabId: number;
  /** A new rule's id (tests). */
  newId?: () => string;
}

/** Creates the Faults store of one tab. */
export function createFaultsStore(deps: FaultsStoreDeps) {
  const { rpc, tabId } = deps;
  let seq = 0;
  const newId = deps.newId ?? (() => `r${Date.now().toString(36)}${(seq++).toString(36)}`);
  const rules = signal<readonly FaultRule[]>([]);
  const draft = signal<FaultDraft>(EMPTY_DRAFT);
  const problem = signal<DraftProblem | null>(null);
  /** The last RPC failure (English, as the background said it), null when the last save worked. */
  const error = signal<string | null>(null);
  /** How many of the tab's agents got the rules last time (0: the page has no agent — recording off). */
  const agents = signal<number | null>(null);
  const saving = signal(false);
  const active = computed(() => rules.value.filter((r) => r.enabled).length);
  // Saves run one at a time, in order: each sends the whole list as it is then.
  let queue: Promise<unknown> = Promise.resolve();

  function save(next: readonly FaultRule[]): Promise<void> {
    const previous = rules.peek();
    rules.value = next;
    const run = queue.then(async () => {
      saving.value = true;
      try {
        // A code's Message and EnglishMessage from the dictionary (loaded on the first save; neither the
        // background nor the agent carries it).
        const { withDictionaryText } = await import('../../agent/fault-text');
        const answer = await rpc.request('faults.set', { tabId, rules: withDictionaryText(next) });
        // The background's copy (codes with their dictionary text) unless a later change came meanwhile.
        if (rules.peek() === next) rules.value = answer.rules;
        agents.value = answer.agents;
        error.value = null;
      } catch (e) {
        if (rules.peek() === next) rules.value = previous;
        error.value = e instanceof Error ? e.message : String(e);
      } finally {
        saving.value = false;
      }
    });
    queue = run;
    return run;
  }

  return {
    rules,
    draft,
    problem,
    error,
    agents,
    saving,
    /** How many rules are on (the banner shows while any is). */
    active,

    /** Reads the tab's rules. */
    async load(): Promise<void> {
      if (tabId < 0) return;
      try {
        rules.value = (await rpc.request('faults.get', { tabId })).rules;
        error.value = null;
      } catch (e) {
        error.value = e instanceof Error ? e.message : String(e);
      }
    },

    /** Changes some draft fields. */
    edit(patch: Partial<FaultDraft>): void {
      draft.value = { ...draft.value, ...patch };
      problem.value = null;
    },

    /** Adds the draft as a rule (on) and saves; false (with `problem`) when the draft is no rule. */
    async add(): Promise<boolean> {
      // The draft's checks load with the first rule added (the wire's limits stay out of first paint).
      const { ruleOfDraft, MAX_FAULT_RULES } = await import('./fault-draft');
      if (rules.peek().length >= MAX_FAULT_RULES) {
        problem.value = 'faultsTooMany';
        return false;
      }
      const rule = ruleOfDraft(draft.peek(), newId());
      if (typeof rule === 'string') {
        problem.value = rule;
        return false;
      }
      problem.value = null;
      await save([...rules.peek(), rule]);
      return true;
    },

    /** Turns one rule on or off. */
    toggle(id: string, enabled?: boolean): Promise<void> {
      return save(rules.peek().map((r) => (r.id === id ? { ...r, enabled: enabled ?? !r.enabled } : r)));
    },

    remove(id: string): Promise<void> {
      return save(rules.peek().filter((r) => r.id !== id));
    },

    /** Turns every rule off (the banner's button); the rules stay listed. */
    allOff(): Promise<void> {
      return save(rules.peek().map((r) => (r.enabled ? { ...r, enabled: false } : r)));
    },
  };
}

/** The Faults store's API. */
export type FaultsStore = ReturnType<typeof createFaultsStore>;
