import { describe, expect, it } from 'vitest';
import { createAttributor } from '../../../lib/cme/attribute';
import { createDetailStore, signatureTextOf } from '../../../lib/ui/panel/detail';
import { answers, apiCall, FAKE_SECRET_KEY, loginCall, VECTOR_SIGNATURE } from '../../cme/factories';
import { decoded, makeRow } from './fixtures';

describe('panel detail', () => {
  it('loads the body lazily and decodes it', async () => {
    const raw = apiCall({ answer: answers.paasError() });
    const reads: number[] = [];
    const detail = createDetailStore({
      body: async (id) => (reads.push(id), raw),
      decode: { attributor: createAttributor() },
    });
    expect(detail.state.value.status).toBe('empty');
    const shown = detail.show(makeRow({ id: 5 }));
    expect(detail.state.value.status).toBe('loading');
    await shown;
    const state = detail.state.value;
    expect(reads).toEqual([5]);
    expect(state.status === 'ready' && state.decoded?.code).toBe('InvalidParameterValue.MaterialId');
  });

  it('reports a body no longer stored, and lets the last selection win', async () => {
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => (release = r));
    const detail = createDetailStore({
      body: async (id) => {
        if (id === 1) await slow;
        return id === 2 ? undefined : apiCall();
      },
      decode: { attributor: createAttributor() },
    });
    const first = detail.show(makeRow({ id: 1 }));
    await detail.show(makeRow({ id: 2 }));
    release();
    await first;
    expect(detail.state.value).toMatchObject({ status: 'missing', row: { id: 2 } });
    await detail.show(null);
    expect(detail.state.value.status).toBe('empty');
  });

  it('verifies a login signature with a typed key (right, wrong, empty)', async () => {
    const raw = loginCall();
    const detail = createDetailStore({ body: async () => raw, decode: { attributor: createAttributor() } });
    expect(await detail.verify(FAKE_SECRET_KEY)).toBeNull();
    await detail.show(makeRow({ id: 1, kind: 'login' }));
    expect(await detail.verify(FAKE_SECRET_KEY)).toBe(true);
    expect(await detail.verify('WRONGKEY')).toBe(false);
    expect(await detail.verify('')).toBeNull();
  });

  it('finds the signature of a login, of a VerifySign body, or none', async () => {
    expect(await signatureTextOf(loginCall(), null)).toBe(VECTOR_SIGNATURE);
    const upload = apiCall({ action: 'CreateUploadMaterial', body: { VerifySign: VECTOR_SIGNATURE } });
    expect(await signatureTextOf(upload, decoded(upload))).toBe(VECTOR_SIGNATURE);
    const plain = apiCall();
    expect(await signatureTextOf(plain, decoded(plain))).toBeNull();
  });
});
