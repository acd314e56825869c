/** Fakes shared by the protocol tests: senders, handlers, and an in-memory adapter. */
import type { RpcTransport } from '../../lib/protocol/client';
import { RPC_METHODS } from '../../lib/protocol/validate';
import type { RpcHandlers, RpcListener } from '../../lib/protocol/server';
import type { SenderLike } from '../../lib/protocol/sender';

/** Our extension as Chrome and Firefox name it. */
export const CHROME_ID = 'abcdefghijklmnopabcdefghijklmnop';
export const CHROME_ORIGIN = `chrome-extension://${CHROME_ID}/`;
export const GECKO_ID = 'cme-devtools@cme-devtools.dev';
export const FIREFOX_ORIGIN = 'moz-extension://0b5e1c4a-1111-4222-8333-944455556666/';

/** Our popup, as Chrome describes its sender. */
export function popupSender(overrides: Partial<SenderLike> = {}): SenderLike {
  return {
    id: CHROME_ID,
    url: `${CHROME_ORIGIN}popup.html`,
    origin: CHROME_ORIGIN.slice(0, -1),
    ...overrides,
  };
}

/** Handlers that throw unless the test gives them. */
export function fakeHandlers(overrides: Partial<RpcHandlers> = {}): RpcHandlers {
  const unused = (): never => {
    throw new Error('not used in this test');
  };
  const base = Object.fromEntries(RPC_METHODS.map((m) => [m, unused])) as unknown as RpcHandlers;
  return { ...base, ...overrides };
}

/** A transport straight into a server listener, JSON-cloning both ways as Chrome's messaging does. */
export function inMemoryTransport(listener: RpcListener, sender: SenderLike = popupSender()): RpcTransport {
  const clone = (value: unknown): unknown =>
    value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  return {
    async send(message) {
      const answer = listener(clone(message), sender);
      return answer === undefined ? undefined : clone(await answer);
    },
  };
}
