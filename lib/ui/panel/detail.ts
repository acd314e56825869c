/**
 * The selected call in full: its raw call read lazily from the log (bodies never sit in memory for
 * the list), decoded again with the tab's attributor, and the signature check with a key the user types.
 */
import { signal } from '@preact/signals';
import type { DecodeContext } from '../../cme/decode-call';
import type { DecodedCall, RawCall } from '../../cme/types';
import type { PanelRow } from './rows';

/** What the detail pane shows. */
export type DetailState =
  | { status: 'empty' }
  | { status: 'loading'; row: PanelRow }
  | { status: 'missing'; row: PanelRow }
  | { status: 'ready'; row: PanelRow; raw: RawCall; decoded: DecodedCall | null };

/** What the detail store needs. */
export interface DetailDeps {
  body(id: number): Promise<RawCall | undefined>;
  decode: DecodeContext;
  crypto?: Crypto;
  /** Opens a source location in DevTools (0-based line); absent where the browser has no way to. */
  openResource?: (url: string, lineNumber: number, columnNumber?: number) => Promise<void>;
}

// The decoder (catalogue, error dictionary, signatures) loads with the first selection, not the page.
const core = () =>
  Promise.all([
    import('../../cme/classify'),
    import('../../cme/decode-call'),
    import('../../cme/signature'),
  ]).then(([classify, decode, signature]) => ({ ...classify, ...decode, ...signature }));

/** The signature text a call carries: a login's `signature` query, else a body's first VerifySign. */
export async function signatureTextOf(raw: RawCall, decoded: DecodedCall | null): Promise<string | null> {
  const { classifyRequest, findVerifySigns } = await core();
  const cls = classifyRequest(raw.request);
  if (cls.kind === 'login') return cls.signature;
  if (decoded?.requestBody === undefined) return null;
  return findVerifySigns(decoded.requestBody)[0]?.signature ?? null;
}

/** Creates the detail store. */
export function createDetailStore(deps: DetailDeps) {
  const state = signal<DetailState>({ status: 'empty' });
  let token = 0;

  return {
    state,
    /** Opens where a call was made from in DevTools; undefined where the browser cannot (Firefox). */
    openResource: deps.openResource,

    /** Loads and decodes a row's call (null clears the pane); a later call wins over an earlier one. */
    async show(row: PanelRow | null): Promise<void> {
      const mine = ++token;
      if (row === null) {
        state.value = { status: 'empty' };
        return;
      }
      state.value = { status: 'loading', row };
      let raw: RawCall | undefined;
      try {
        raw = await deps.body(row.id);
      } catch {
        raw = undefined;
      }
      const { decodeCall } = await core();
      if (mine !== token) return;
      if (raw === undefined) {
        state.value = { status: 'missing', row };
        return;
      }
      const decoded = decodeCall(raw, row.seq, deps.decode);
      // The identity known at capture time stays when the attributor has not (yet) learned the ticket.
      if (decoded !== null && decoded.user === null && (row.platform !== null || row.userId !== null)) {
        decoded.user = { platform: row.platform, userId: row.userId, appId: null };
      }
      state.value = { status: 'ready', row, raw, decoded };
    },

    /** Checks the shown call's signature with `secretKey` (never stored); null when it cannot tell. */
    async verify(secretKey: string): Promise<boolean | null> {
      const current = state.peek();
      if (current.status !== 'ready') return null;
      const text = await signatureTextOf(current.raw, current.decoded);
      if (text === null || secretKey === '') return null;
      const { verifySignature } = await core();
      return verifySignature(text, secretKey, { crypto: deps.crypto });
    },
  };
}

/** The detail store's API. */
export type DetailStore = ReturnType<typeof createDetailStore>;
