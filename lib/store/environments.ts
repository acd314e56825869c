/**
 * Environments: the built-in Tencent Cloud one (fixed) and the user's own (a sandbox, a company proxy).
 */
import type { CaptureRuleSpec } from '../cme/types';
import { requireHttpUrl, requireOneOf, requireText } from './checks';
import { deleteById, type StoreContext } from './context';
import { TENCENT_ENVIRONMENT_ID, type EnvironmentRecord } from './schema';

/** A custom environment to save; a new one gets a generated id. */
export interface EnvironmentInput {
  id?: string;
  name: string;
  loginUrl: string;
  apiBase: string;
  /** Capture rules (absent: the ones it has are kept; a new environment has none). */
  captureRules?: CaptureRuleSpec[];
}

/** Most capture rules one environment keeps. */
export const MAX_CAPTURE_RULES = 20;

/** Checks and cleans the `index`th capture rule of an environment; throws with the reason. */
export type CaptureRuleCheck = (spec: CaptureRuleSpec, index: number) => CaptureRuleSpec;

/**
 * A rule's shape checked and cleaned (trimmed, no stray fields), not compiled: the background's check, whose
 * rules come from our pages, which compiled them (lib/protocol/page-side.ts); the pages' store compiles
 * (capture-rule-check.ts). Split so the background does not ship the rule compiler (issue #20).
 */
export const ruleShape: CaptureRuleCheck = (spec, i) => {
  const at = `captureRules[${i}]`;
  return {
    pattern: requireText(spec?.pattern, `${at}.pattern`).trim(),
    ticket: {
      in: requireOneOf(spec?.ticket?.in, ['query', 'header', 'body'] as const, `${at}.ticket.in`),
      name: requireText(spec?.ticket?.name, `${at}.ticket.name`).trim(),
    },
  };
};

/** The rules checked by `check` and cleaned; throws with the reason. */
function requireCaptureRules(value: unknown, check: CaptureRuleCheck): CaptureRuleSpec[] {
  if (!Array.isArray(value) || value.length > MAX_CAPTURE_RULES) {
    throw new Error(
      `CME DevTools store: "captureRules" must be a list of at most ${MAX_CAPTURE_RULES} rules.`,
    );
  }
  return value.map(check);
}

function refuseBuiltIn(id: string, what: string): void {
  if (id === TENCENT_ENVIRONMENT_ID) {
    throw new Error(`CME DevTools store: the built-in Tencent Cloud environment cannot be ${what}.`);
  }
}

/** The environment functions of the store; `checkRule` checks each capture rule saved. */
export function createEnvironmentFunctions(ctx: StoreContext, checkRule: CaptureRuleCheck) {
  return {
    /** Every environment: Tencent Cloud first, then the user's in creation order. */
    async listEnvironments(): Promise<EnvironmentRecord[]> {
      const db = await ctx.db();
      const all = await db.transaction('environments').store.getAll();
      return all.sort(
        (a, b) => Number(b.kind === 'tencent') - Number(a.kind === 'tencent') || a.createdAt - b.createdAt,
      );
    },

    /** One environment by id. */
    async getEnvironment(id: string): Promise<EnvironmentRecord | undefined> {
      const db = await ctx.db();
      return db.transaction('environments').store.get(requireText(id, 'id'));
    },

    /** Create or change a custom environment (URLs must be http or https; trailing slashes dropped). */
    async putEnvironment(input: EnvironmentInput): Promise<EnvironmentRecord> {
      if (typeof input !== 'object' || input === null) {
        throw new Error('CME DevTools store: an environment is required.');
      }
      const id = input.id === undefined ? ctx.randomId() : requireText(input.id, 'id');
      refuseBuiltIn(id, 'changed');
      const fields = {
        name: requireText(input.name, 'name'),
        loginUrl: requireHttpUrl(input.loginUrl, 'loginUrl'),
        apiBase: requireHttpUrl(input.apiBase, 'apiBase'),
      };
      const rules =
        input.captureRules === undefined ? undefined : requireCaptureRules(input.captureRules, checkRule);
      const db = await ctx.db();
      const tx = db.transaction('environments', 'readwrite');
      const existing = await tx.store.get(id);
      const record: EnvironmentRecord = {
        id,
        kind: 'custom',
        ...fields,
        captureRules: rules ?? existing?.captureRules ?? [],
        createdAt: existing?.createdAt ?? ctx.now(),
      };
      await Promise.all([tx.store.put(record), tx.done]);
      return record;
    },

    /** Delete a custom environment; false when there was none. Throws for the built-in one. */
    async deleteEnvironment(id: string): Promise<boolean> {
      refuseBuiltIn(requireText(id, 'id'), 'deleted');
      return deleteById(ctx, 'environments', id);
    },
  };
}

/** The environment part of the store's API. */
export type EnvironmentFunctions = ReturnType<typeof createEnvironmentFunctions>;
