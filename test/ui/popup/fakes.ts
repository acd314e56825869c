/** Fakes shared by the popup and options tests: a fake RPC client, a memory storage area, record factories. */
import { signal } from '@preact/signals';
import {
  rpcError,
  type CallAnswer,
  type RpcClient,
  type RpcMethod,
  type RpcParams,
  type RpcResult,
} from '../../../lib/protocol';
import { DEFAULT_SETTINGS, type Settings, type StorageAreaLike } from '../../../lib/settings/settings';
import type { EnvironmentRecord, HistoryRecord, TicketRecord } from '../../../lib/store/schema';

/** Handlers of the fake background, by method. */
export type FakeHandlers = {
  [M in RpcMethod]?: (params: RpcParams<M>) => RpcResult<M> | Promise<RpcResult<M>>;
};

/** A fake RPC client that records every request. */
export interface FakeRpc extends RpcClient {
  calls: { method: RpcMethod; params: unknown }[];
  /** The params of every request of one method. */
  paramsOf<M extends RpcMethod>(method: M): RpcParams<M>[];
}

/** A fake RPC client answering from `handlers`; a method without a handler rejects with `not-found`. */
export function fakeRpc(handlers: FakeHandlers = {}): FakeRpc {
  const calls: FakeRpc['calls'] = [];
  return {
    calls,
    paramsOf: <M extends RpcMethod>(method: M) =>
      calls.filter((c) => c.method === method).map((c) => c.params as RpcParams<M>),
    async request<M extends RpcMethod>(method: M, params: RpcParams<M>): Promise<RpcResult<M>> {
      calls.push({ method, params });
      const handler = handlers[method] as
        ((p: RpcParams<M>) => RpcResult<M> | Promise<RpcResult<M>>) | undefined;
      if (!handler) throw rpcError('not-found', `no fake handler for ${method}`, method);
      return handler(params);
    },
  };
}

/** A storage area in memory (`storage.local` stand-in). */
export function memoryArea(
  initial: Record<string, unknown> = {},
): StorageAreaLike & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = structuredClone(initial);
  return {
    data,
    async get(key) {
      return key in data ? { [key]: structuredClone(data[key]) } : {};
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) data[k] = structuredClone(v);
    },
  };
}

/** Settings as a signal, with overrides. */
export function settingsSignal(overrides: Partial<Settings> = {}) {
  return signal<Settings>({ ...DEFAULT_SETTINGS, ...overrides });
}

/** A custom environment record. */
export function makeEnvironment(overrides: Partial<EnvironmentRecord> = {}): EnvironmentRecord {
  return {
    id: 'env-sandbox',
    name: 'Sandbox',
    kind: 'custom',
    loginUrl: 'http://127.0.0.1:8787',
    apiBase: 'http://127.0.0.1:8787',
    createdAt: 1,
    ...overrides,
  };
}

/** A stored ticket. */
export function makeTicket(overrides: Partial<TicketRecord> = {}): TicketRecord {
  return {
    id: 't1',
    authorization: 'tf_0123456789abcdef0123456789abcdef',
    platform: 'demo_platform',
    userId: 'alice',
    appId: 1,
    tfUid: null,
    environment: 'env-sandbox',
    label: '',
    source: 'dev-server',
    createdAt: 1,
    lastUsedAt: null,
    status: 'active',
    rejectedCode: null,
    rejectedAt: null,
    ...overrides,
  };
}

/** A history row of an api call. */
export function makeHistory(overrides: Partial<HistoryRecord> = {}): HistoryRecord {
  return {
    id: 'h1',
    ticketId: 't1',
    environment: 'env-sandbox',
    kind: 'api',
    actionClass: 'Material',
    action: 'DeleteMaterial',
    method: 'POST',
    url: 'http://127.0.0.1:8787/PaaS/Material/DeleteMaterial?auth=tf_0123456789abcdef0123456789abcdef',
    requestBody: '{"MaterialId":"m1"}',
    startedAt: 1_700_000_000_000,
    durationMs: 12,
    status: 'done',
    httpStatus: 200,
    code: 'Success',
    message: null,
    englishMessage: null,
    requestId: 'req-1',
    responseText: '{"Code":"Success","Data":{}}',
    responseTruncated: false,
    error: null,
    replayOf: null,
    ...overrides,
  };
}

/** A call answer of the background. */
export function makeAnswer(overrides: Partial<CallAnswer> = {}): CallAnswer {
  return {
    ok: true,
    historyId: 'h-new',
    url: 'http://127.0.0.1:8787/PaaS/Material/DescribeClass?auth=tf_0123456789abcdef0123456789abcdef',
    httpStatus: 200,
    durationMs: 42,
    envelope: {
      ok: true,
      code: 'Success',
      message: null,
      englishMessage: null,
      requestId: 'req-42',
    },
    requestId: 'req-42',
    ticketRejected: false,
    ticketId: 't1',
    responseText:
      '{"Code":"Success","RequestId":"req-42","Data":{"ClassInfoSet":[{"ClassId":1,"Path":"/a"}]}}',
    ...overrides,
  };
}

/** Resolves after pending microtasks and timers of 0 ms. */
export function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

/** A promise with its resolve function exposed. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
