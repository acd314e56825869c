/**
 * The login form's pasted signature: decoded as it is typed (the latest text wins) and shown before it is
 * sent; a paste a URL damaged (spaces for '+', URL-safe digits, percent-encoding) goes out repaired.
 */
import { signal, type Signal } from '@preact/signals';
import type { SignatureCheck } from '../../protocol';
import { errorText } from '../shared/rpc-client';

/** What the pasted signature needs. */
export interface SignaturePasteDeps {
  /** Decodes a signature and judges its timing now. */
  decode: (text: string) => Promise<SignatureCheck>;
  /** Where a failed decoding says why. */
  error: Signal<string | null>;
}

/** Create the pasted signature's state. */
export function createSignaturePaste({ decode, error }: SignaturePasteDeps) {
  const signature = signal('');
  const decoded = signal<SignatureCheck | null>(null);
  let decodeSeq = 0;
  /** The text `decoded` was read from. */
  let decodedText = '';

  /** Decode `text` into `decoded` unless a later text came meanwhile. */
  async function show(text: string): Promise<void> {
    const seq = ++decodeSeq;
    try {
      const got = await decode(text);
      if (seq !== decodeSeq) return;
      decoded.value = got;
      decodedText = text;
    } catch (e) {
      if (seq === decodeSeq) {
        decoded.value = null;
        error.value = errorText(e);
      }
    }
  }

  /** Set the pasted text and decode it (latest text wins). */
  async function set(text: string): Promise<void> {
    signature.value = text;
    if (text.trim() === '') {
      ++decodeSeq;
      decoded.value = null;
      return;
    }
    // Untrimmed: a '+' a URL turned into a space may be the signature's first or last character.
    await show(text);
  }

  /** The signature to send: the repair of the current text when it decoded, else the text trimmed. */
  function toSend(): string {
    const text = signature.value;
    const repaired = decodedText === text && decoded.value?.fields ? decoded.value.base64 : undefined;
    return repaired ?? text.trim();
  }

  /** Empty the field (after a login). */
  function reset(): void {
    signature.value = '';
    decoded.value = null;
  }

  return { signature, decoded, show, set, toSend, reset };
}
