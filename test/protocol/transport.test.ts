import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  createPortTransport,
  createRpcClient,
  createRpcServer,
  createRuntimeTransport,
  listenForRpc,
  ownPagesOnly,
  RPC_SOURCE,
  type RuntimeLike,
} from '../../lib/protocol';
import { CHROME_ID, fakeHandlers } from './fakes';
import { fakeRuntime } from './fake-runtime';

const handlers = fakeHandlers({ ping: () => ({ pong: true, now: 9 }) });

/** Resolves after `ms` (the fake runtime delivers in later tasks). */
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('one-shot transport (runtime.sendMessage)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('carries a request from a page to the background listener and back', async () => {
    const { runtime, messageListeners } = fakeRuntime();
    const stop = listenForRpc(runtime, createRpcServer(handlers, { isTrustedSender: ownPagesOnly(runtime) }));
    const client = createRpcClient(createRuntimeTransport(runtime));
    expect(await client.request('ping', {})).toEqual({ pong: true, now: 9 });
    stop();
    expect(messageListeners).toHaveLength(0);
    await expect(client.request('ping', {})).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('refuses a content script through the same runtime', async () => {
    const { runtime } = fakeRuntime({ id: CHROME_ID, url: 'https://open.cme.qcloud.com/', tab: { id: 1 } });
    listenForRpc(runtime, createRpcServer(handlers, { isTrustedSender: ownPagesOnly(runtime) }));
    await expect(createRpcClient(createRuntimeTransport(runtime)).request('ping', {})).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('plugs into WXT’s browser.runtime (fake browser in tests)', async () => {
    // Typed against the real `browser.runtime`: entrypoints pass it as is (WXT's fake has no ports).
    const runtime: RuntimeLike = browser.runtime;
    // WXT's fake answers listeners in the promise style only (the server's listener is one).
    browser.runtime.onMessage.addListener(createRpcServer(handlers, { isTrustedSender: () => true }));
    expect(await createRpcClient(createRuntimeTransport(runtime)).request('ping', {})).toEqual({
      pong: true,
      now: 9,
    });
  });

  it('refuses the fake browser’s anonymous sender with ownPagesOnly', async () => {
    browser.runtime.onMessage.addListener(
      createRpcServer(handlers, { isTrustedSender: ownPagesOnly(browser.runtime) }),
    );
    await expect(
      createRpcClient(createRuntimeTransport(browser.runtime)).request('ping', {}),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('port transport (the pages’ one port)', () => {
  it('answers many requests over one port, each by its id, whatever order they finish in', async () => {
    const fake = fakeRuntime();
    const slow = fakeHandlers({
      'history.list': async (p) => {
        await after(p.limit ?? 0);
        return [];
      },
      ping: () => ({ pong: true, now: 1 }),
    });
    listenForRpc(fake.runtime, createRpcServer(slow, { isTrustedSender: ownPagesOnly(fake.runtime) }));
    const client = createRpcClient(createPortTransport(fake.runtime));
    const finished: string[] = [];
    const track = <T>(name: string, p: Promise<T>) => p.then((v) => (finished.push(name), v));
    const answers = await Promise.all([
      track('slow', client.request('history.list', { limit: 30 })),
      track('fast', client.request('history.list', { limit: 1 })),
      track('ping', client.request('ping', {})),
    ]);
    expect(answers).toEqual([[], [], { pong: true, now: 1 }]);
    expect(finished.indexOf('slow')).toBe(2);
    expect(fake.connects()).toBe(1);
  });

  it('refuses a content script that opened the port', async () => {
    const fake = fakeRuntime({ id: CHROME_ID, url: 'https://open.cme.qcloud.com/', tab: { id: 1 } });
    listenForRpc(fake.runtime, createRpcServer(handlers, { isTrustedSender: ownPagesOnly(fake.runtime) }));
    await expect(
      createRpcClient(createPortTransport(fake.runtime)).request('ping', {}),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('rejects what was waiting when the worker stops, then opens a new port for the next request', async () => {
    const fake = fakeRuntime();
    let release: () => void = () => undefined;
    const stuck = fakeHandlers({
      'data.counts': () => new Promise((resolve) => (release = () => resolve({} as never))),
      ping: () => ({ pong: true, now: 2 }),
    });
    listenForRpc(fake.runtime, createRpcServer(stuck, { isTrustedSender: () => true }));
    const client = createRpcClient(createPortTransport(fake.runtime));
    const waiting = client.request('data.counts', {});
    await after(5);
    fake.stopWorker();
    await expect(waiting).rejects.toMatchObject({
      code: 'unreachable',
      message: 'data.counts: could not reach the background: the background closed the connection',
    });
    release(); // its late answer has no port to go to: nothing breaks
    expect(await client.request('ping', {})).toEqual({ pong: true, now: 2 });
    expect(fake.connects()).toBe(2);
  });

  it('answers unreachable when nothing listens for ports, and when the background stopped listening', async () => {
    const fake = fakeRuntime();
    const client = createRpcClient(createPortTransport(fake.runtime));
    await expect(client.request('ping', {})).rejects.toMatchObject({ code: 'unreachable' });
    const stop = listenForRpc(fake.runtime, createRpcServer(handlers, { isTrustedSender: () => true }));
    expect(await client.request('ping', {})).toEqual({ pong: true, now: 9 });
    stop();
    await expect(client.request('ping', {})).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('leaves ports of other names alone', async () => {
    const fake = fakeRuntime();
    listenForRpc(fake.runtime, createRpcServer(handlers, { isTrustedSender: () => true }));
    const other = fake.runtime.connect({ name: 'someone-else' });
    const heard: unknown[] = [];
    other.onMessage.addListener((m) => heard.push(m));
    other.postMessage({ source: RPC_SOURCE, kind: 'rpc', id: 'x', method: 'ping', params: {} });
    await after(10);
    expect(heard).toEqual([]);
  });

  it('posts the answer before the work a handler left for after it', async () => {
    const fake = fakeRuntime();
    const order: string[] = [];
    const deferring = fakeHandlers({
      ping: (_, context) => {
        context.afterReply(() => order.push('log write'));
        return { pong: true, now: 3 };
      },
    });
    const port = fake.runtime.connect.bind(fake.runtime);
    fake.runtime.connect = (info) => {
      const p = port(info);
      p.onMessage.addListener(() => order.push('answer arrived'));
      return p;
    };
    listenForRpc(fake.runtime, createRpcServer(deferring, { isTrustedSender: () => true }));
    // Spy on the worker's side of the port: the answer is posted before the deferred work runs.
    const [serve] = fake.connectListeners;
    fake.connectListeners[0] = (workerEnd) => {
      const post = workerEnd.postMessage.bind(workerEnd);
      workerEnd.postMessage = (m) => (order.push('answer posted'), post(m));
      serve!(workerEnd);
    };
    await createRpcClient(createPortTransport(fake.runtime)).request('ping', {});
    expect(order).toEqual(['answer posted', 'log write', 'answer arrived']);
  });

  it('opens no port until the first request', () => {
    const fake = fakeRuntime();
    createRpcClient(createPortTransport(fake.runtime));
    expect(fake.connects()).toBe(0);
  });
});
