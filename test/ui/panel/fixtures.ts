/** Fixtures of panel tests: rows with overrides, decoded calls from the domain factories, a fresh store. */
import { IDBFactory } from 'fake-indexeddb';
import { createAttributor } from '../../../lib/cme/attribute';
import { decodeCall } from '../../../lib/cme/decode-call';
import type { DecodedCall, RawCall } from '../../../lib/cme/types';
import { openStore } from '../../../lib/store';
import type { PanelRow } from '../../../lib/ui/panel/rows';

let nextId = 1;

/** A panel row: by default a successful Material/ListMedia call of my_platform/user_001. */
export function makeRow(overrides: Partial<PanelRow> = {}): PanelRow {
  const id = overrides.id ?? nextId++;
  return {
    id,
    seq: id,
    startedAt: 1700000100_000 + id,
    kind: 'api',
    method: 'POST',
    url: `https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=tf_x`,
    actionClass: 'Material',
    action: 'ListMedia',
    code: 'Success',
    ok: true,
    httpStatus: 200,
    durationMs: 40,
    platform: 'my_platform',
    userId: 'user_001',
    ticket: 'tf_0123456789abcdef0123456789ab27ec',
    requestId: null,
    message: '成功',
    englishMessage: 'OK',
    text: 'material/listmedia\nsuccess',
    ...overrides,
  };
}

/** Decodes a raw call (null never: the factories make CME calls). */
export function decoded(raw: RawCall, index = 0): DecodedCall {
  const call = decodeCall(raw, index, { attributor: createAttributor() });
  if (call === null) throw new Error('not a CME call');
  return call;
}

/** A store on a fresh in-memory IndexedDB. */
export function freshStore() {
  return openStore({ idb: new IDBFactory(), name: `test-${Math.random()}` });
}
