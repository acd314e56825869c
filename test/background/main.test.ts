/**
 * The sender check through the background's real wiring (startBackground: store, handlers, RPC server,
 * listeners on runtime.onMessage and on ports): a content script and a page of ours framed in a web page
 * do reach the background's listeners, as in a browser, and must be refused before any handler runs;
 * our own top-level pages (and the DevTools panel) are answered.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startBackground, type BackgroundBrowser } from '../../lib/background/main';
import type { SenderLike } from '../../lib/protocol';
import { RPC_PORT, type OneShotListener, type PortLike } from '../../lib/protocol/transport';
import { CHROME_ID, CHROME_ORIGIN, FIREFOX_ORIGIN, GECKO_ID } from '../protocol/fakes';
import { fakeFetch, fakeSession, json } from './fakes';

const WEB = 'https://evil.example/page';
const SANDBOX = 'http://127.0.0.1:8787';

/** A browser whose runtime keeps the listeners the background adds, to call them as a browser would. */
function fakeBrowser(id: string, origin: string) {
  const onMessage: OneShotListener[] = [];
  const onConnect: ((port: PortLike) => void)[] = [];
  const noListener = { addListener: () => undefined, removeListener: () => undefined };
  const browser: BackgroundBrowser = {
    runtime: {
      id,
      getURL: (path) => `${origin}${path}`,
      sendMessage: () => Promise.reject(new Error('the background sends no messages')),
      connect: () => {
        throw new Error('the background opens no ports');
      },
      onMessage: { addListener: (l) => void onMessage.push(l), removeListener: noListener.removeListener },
      onConnect: { addListener: (l) => void onConnect.push(l), removeListener: noListener.removeListener },
    },
    storage: {
      local: { get: async () => ({}), set: async () => undefined },
      session: fakeSession(),
      onChanged: noListener,
    },
  };
  let n = 0;
  const envelope = (method: string, params: unknown) => ({
    source: 'cme-devtools',
    kind: 'rpc',
    id: `r${++n}`,
    method,
    params,
  });
  return {
    browser,
    /** One-shot `runtime.sendMessage` from `sender`, through every onMessage listener. */
    async message(sender: SenderLike, method: string, params: unknown = {}): Promise<unknown> {
      const copy = JSON.parse(JSON.stringify(envelope(method, params))) as unknown;
      // Callback style, as browsers without webextension-polyfill: true means "sendResponse will answer".
      let answer: (value: unknown) => void = () => undefined;
      const answered = new Promise((resolve) => (answer = resolve));
      const kept = onMessage.map((l) => l(copy, sender, answer)).filter((a) => a !== undefined);
      expect(kept).toEqual([true]);
      return answered;
    },
    /** A port opened by `sender` (its sender is set by the browser), one request on it. */
    async port(sender: SenderLike, method: string, params: unknown = {}): Promise<unknown> {
      const messageListeners: ((m: unknown) => void)[] = [];
      const posted: unknown[] = [];
      const port: PortLike = {
        name: RPC_PORT,
        sender,
        postMessage: (m) => void posted.push(m),
        disconnect: () => undefined,
        onMessage: { addListener: (l) => void messageListeners.push(l) },
        onDisconnect: { addListener: () => undefined },
      };
      for (const l of onConnect) l(port);
      for (const l of messageListeners) l(envelope(method, params));
      await vi.waitFor(() => expect(posted).toHaveLength(1));
      return posted[0];
    },
  };
}

const capture = {
  request: { method: 'POST', url: `${SANDBOX}/PaaS/Team/DescribeTeams?auth=tf_x`, headers: [], body: null },
};

const FORBIDDEN = { ok: false, error: { code: 'forbidden' } };

describe.each([
  ['Chrome', CHROME_ID, CHROME_ORIGIN, true],
  ['Firefox', GECKO_ID, FIREFOX_ORIGIN, false],
])('the background wired by startBackground in %s', (_, id, origin, hasOrigin) => {
  const own = (page: string, extra: SenderLike = {}): SenderLike => ({
    id,
    url: `${origin}${page}`,
    ...(hasOrigin ? { origin: origin.slice(0, -1) } : {}),
    ...extra,
  });
  const refused: [string, SenderLike][] = [
    [
      'a content script of ours in a web page',
      {
        id,
        url: WEB,
        ...(hasOrigin ? { origin: 'https://evil.example' } : {}),
        tab: { id: 7, url: WEB },
        frameId: 0,
      },
    ],
    [
      'a content script of ours in a frame of a web page',
      { id, url: 'https://ads.example/', tab: { id: 7, url: WEB }, frameId: 3 },
    ],
    ['our popup framed in a web page', own('popup.html', { tab: { id: 7, url: WEB }, frameId: 4 })],
    ['our panel framed in a web page', own('devtools-panel.html', { tab: { id: 7, url: WEB }, frameId: 5 })],
    ['a web page', { url: WEB, origin: 'https://evil.example', tab: { id: 7, url: WEB }, frameId: 0 }],
    [
      'another extension',
      {
        id: 'zyxwvutsrqponmlkzyxwvutsrqponmlk',
        url: 'chrome-extension://zyxwvutsrqponmlkzyxwvutsrqponmlk/x.html',
      },
    ],
  ];
  const accepted: [string, SenderLike][] = [
    ['our popup', own('popup.html')],
    [
      'our options page in a tab',
      own('options.html', { tab: { id: 3, url: `${origin}options.html` }, frameId: 0 }),
    ],
    ['our DevTools panel', own('devtools-panel.html')],
  ];

  let net: ReturnType<typeof fakeFetch>;
  let bg: ReturnType<typeof fakeBrowser>;
  let stop: () => void;
  beforeEach(() => {
    vi.stubGlobal('indexedDB', new IDBFactory());
    net = fakeFetch(() => json({ Code: 'Success', Data: {} }));
    bg = fakeBrowser(id, origin);
    stop = startBackground(bg.browser, net.fetch);
  });
  afterEach(() => {
    stop();
    vi.unstubAllGlobals();
  });

  it.each(refused)('refuses %s, by message and by port, before any handler runs', async (_, sender) => {
    for (const send of [bg.message, bg.port]) {
      expect(await send(sender, 'replay', { capture })).toMatchObject(FORBIDDEN);
      expect(
        await send(sender, 'environments.save', { name: 'Evil', loginUrl: WEB, apiBase: WEB }),
      ).toMatchObject(FORBIDDEN);
      expect(await send(sender, 'tickets.list')).toMatchObject(FORBIDDEN);
    }
    // Nothing was sent and nothing was stored: our own page sees no environment of theirs.
    expect(net.requests).toEqual([]);
    const listed = (await bg.message(own('popup.html'), 'environments.list')) as {
      ok: boolean;
      result: { name: string }[];
    };
    expect(listed.ok).toBe(true);
    expect(listed.result.map((e) => e.name)).toEqual(['Tencent Cloud']);
  });

  it.each(accepted)('answers %s, by message and by port', async (_, sender) => {
    for (const send of [bg.message, bg.port]) {
      expect(await send(sender, 'ping')).toMatchObject({ ok: true, result: { pong: true } });
      expect(await send(sender, 'replay', { capture })).toMatchObject({ ok: true, result: { ok: true } });
    }
    expect(net.requests.map((r) => r.url)).toEqual([capture.request.url, capture.request.url]);
  });
});
