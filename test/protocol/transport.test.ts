import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  createRpcClient,
  createRpcServer,
  createRuntimeTransport,
  listenForRpc,
  ownPagesOnly,
  type RuntimeLike,
  type RuntimeMessageListener,
  type SenderLike,
} from '../../lib/protocol';
import { CHROME_ID, CHROME_ORIGIN, fakeHandlers } from './fakes';

/** A runtime in memory: sendMessage reaches every listener with the sender the test chose. */
function fakeRuntime(sender: SenderLike) {
  const listeners: RuntimeMessageListener[] = [];
  const runtime: RuntimeLike & { id: string; getURL(path: string): string } = {
    id: CHROME_ID,
    getURL: (path) => `${CHROME_ORIGIN}${path}`,
    async sendMessage(message) {
      const answers = listeners.map((l) => l(JSON.parse(JSON.stringify(message)), sender));
      const answer = answers.find((a) => a !== undefined);
      return answer === undefined ? undefined : JSON.parse(JSON.stringify(await answer));
    },
    onMessage: {
      addListener: (l) => void listeners.push(l),
      removeListener: (l) => void listeners.splice(listeners.indexOf(l), 1),
    },
  };
  return { runtime, listeners };
}

const handlers = fakeHandlers({ ping: () => ({ pong: true, now: 9 }) });

describe('runtime transport', () => {
  beforeEach(() => fakeBrowser.reset());

  it('carries a request from a page to the background listener and back', async () => {
    const { runtime, listeners } = fakeRuntime({ id: CHROME_ID, url: `${CHROME_ORIGIN}popup.html` });
    const stop = listenForRpc(runtime, createRpcServer(handlers, { isTrustedSender: ownPagesOnly(runtime) }));
    const client = createRpcClient(createRuntimeTransport(runtime));
    expect(await client.request('ping', {})).toEqual({ pong: true, now: 9 });
    stop();
    expect(listeners).toHaveLength(0);
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
    // Typed against the real `browser.runtime`: entrypoints pass it as is.
    const runtime: RuntimeLike = browser.runtime;
    listenForRpc(runtime, createRpcServer(handlers, { isTrustedSender: () => true }));
    expect(await createRpcClient(createRuntimeTransport(runtime)).request('ping', {})).toEqual({
      pong: true,
      now: 9,
    });
  });

  it('refuses the fake browser’s anonymous sender with ownPagesOnly', async () => {
    listenForRpc(
      browser.runtime,
      createRpcServer(handlers, { isTrustedSender: ownPagesOnly(browser.runtime) }),
    );
    await expect(
      createRpcClient(createRuntimeTransport(browser.runtime)).request('ping', {}),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
