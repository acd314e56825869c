/** The typed RPC client of an extension page (popup, options, panel): requests reach the background only. */
import {
  createRpcClient,
  createPortTransport,
  type RpcClient,
  type RpcClientOptions,
  type RuntimeLike,
} from '../../protocol';

export type { RpcClient };

/** The page's client over `browser.runtime` (or a fake runtime in tests): one port to the background. */
export function createPageRpc(
  runtime: Pick<RuntimeLike, 'connect'>,
  options: RpcClientOptions = {},
): RpcClient {
  return createRpcClient(createPortTransport(runtime), options);
}

/** The English text of an error a request (or anything else) rejected with. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
