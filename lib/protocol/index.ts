/**
 * The typed RPC between the extension's pages and its background. Pages: `createRpcClient(
 * createPortTransport(browser.runtime))`. Background: `listenForRpc(browser.runtime,
 * createRpcServer(handlers, { isTrustedSender: ownPagesOnly(browser.runtime) }))`.
 */
export * from './protocol';
export * from './messages';
export { createRpcClient, DEFAULT_RPC_TIMEOUT_MS } from './client';
export type { RequestOptions, RpcClient, RpcClientOptions, RpcTransport } from './client';
export { createRpcServer } from './server';
export type { HandlerContext, RpcHandlers, RpcListener, RpcServerOptions } from './server';
export { isOwnExtensionPage, ownPagesOnly } from './sender';
export type { ExtensionIdentity, RuntimeIdentityLike, SenderLike } from './sender';
export { createPortTransport, createRuntimeTransport, listenForRpc, RPC_PORT } from './transport';
export type { OneShotListener, PortLike, RuntimeLike, RuntimeMessageListener } from './transport';
// Not validate.ts: its checks load with the pages' side of a request (page-side.ts) on first use; import
// them from './validate' directly.
