/** Factories shared by the store tests: an isolated store, tickets, raw calls and captures. */
import { IDBFactory } from 'fake-indexeddb';
import type { RawCall } from '../../lib/cme/types';
import { openStore, type CaptureInput, type StoreOptions, type TicketInput } from '../../lib/store';

/** A store on its own fake IndexedDB, with a settable clock and predictable ids. */
export function makeStore(overrides: StoreOptions = {}) {
  const idb = overrides.idb ?? new IDBFactory();
  const clock = { now: 1_700_000_000_000 };
  let nextId = 0;
  const store = openStore({
    idb,
    now: () => clock.now,
    randomId: () => `id-${++nextId}`,
    ...overrides,
  });
  return { store, idb, clock };
}

/** A ticket input with sensible fake values. */
export function ticketInput(overrides: Partial<TicketInput> = {}): TicketInput {
  return {
    authorization: 'tf_FAKE_TICKET_0001',
    environment: 'tencent',
    source: 'signature',
    platform: 'my_platform',
    userId: 'user_001',
    appId: 1250000000,
    tfUid: null,
    ...overrides,
  };
}

/** A captured client API call. */
export function rawCall(overrides: Partial<RawCall> = {}): RawCall {
  return {
    startedAt: 1_700_000_000_000,
    durationMs: 42,
    request: {
      method: 'POST',
      url: 'https://web-paas-api.cme.qcloud.com/Project/DescribeProjects?auth=tf_FAKE_TICKET_0001',
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      body: { text: '{"Limit":10}', mimeType: 'application/json' },
    },
    response: {
      status: 200,
      headers: [],
      body: { text: '{"Code":"Success","Message":"成功","EnglishMessage":"OK","Data":{}}' },
    },
    ...overrides,
  };
}

/** A capture of `rawCall()` decoded as a successful api call. */
export function captureInput(overrides: Partial<CaptureInput> = {}): CaptureInput {
  return {
    kind: 'api',
    ok: true,
    actionClass: 'Project',
    action: 'DescribeProjects',
    code: 'Success',
    platform: 'my_platform',
    userId: 'user_001',
    ticket: 'tf_FAKE_TICKET_0001',
    raw: rawCall(),
    ...overrides,
  };
}
