/** What scenarios share: the sandbox they talk to and RPC from an extension page. */
import type { TestPage } from '../harness';

/** Send one RPC to the background from an extension page, as our own pages do; resolves the answer envelope. */
export async function rpcRaw<T = unknown>(page: TestPage, method: string, params: unknown): Promise<T> {
  return page.evaluate<T>(`(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    try {
      return await api.runtime.sendMessage({ source: 'cme-devtools', kind: 'rpc', id: crypto.randomUUID(),
        method: ${JSON.stringify(method)}, params: ${JSON.stringify(params)} });
    } catch (e) { return { transportError: String(e && e.message || e) }; }
  })()`);
}

/** Send one RPC and return its result; throws with the remote error otherwise. */
export async function rpc<T = Record<string, unknown>>(
  page: TestPage,
  method: string,
  params: unknown = {},
): Promise<T> {
  const answer = await rpcRaw<{
    ok?: boolean;
    result?: T;
    error?: { message: string };
    transportError?: string;
  }>(page, method, params);
  if (!answer || answer.ok !== true) throw new Error(`${method} failed: ${JSON.stringify(answer)}`);
  return answer.result as T;
}

/** Ask the sandbox's stand-in developer backend for a Login signature (as the app's server would). */
export async function devSignature(sandboxUrl: string, userId: string): Promise<string> {
  const res = await fetch(`${sandboxUrl}/dev/signature`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  const body = (await res.json()) as { signature: string };
  return body.signature;
}
