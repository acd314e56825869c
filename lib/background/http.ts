/** The background's one way onto the network: fetch with a timeout, an abort signal and timing. */

/** The outcome of one HTTP exchange; `status` 0 with `error` when there was no response. */
export interface HttpResult {
  status: number;
  text: string | null;
  durationMs: number;
  /** Why there is no response: timeout, abort, network failure. */
  error: string | null;
}

/** Injected globals of the background. */
export interface HttpDeps {
  fetch: typeof fetch;
  /** High-resolution clock in ms (performance.now style). */
  clock?: () => number;
}

/** Options of one request. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Perform one request; never throws: failures come back as `status: 0` with `error`. */
export async function httpRequest(deps: HttpDeps, req: HttpRequest): Promise<HttpResult> {
  const clock = deps.clock ?? (() => performance.now());
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const onAbort = () => controller.abort();
  if (req.signal?.aborted) controller.abort();
  req.signal?.addEventListener('abort', onAbort);
  const started = clock();
  try {
    const res = await deps.fetch(req.url, {
      method: req.method,
      body: req.body,
      headers: req.headers,
      signal: controller.signal,
      credentials: 'omit',
      // A login (GET) must never be answered from the HTTP cache. A POST never is, and `no-store` on it
      // cost a millisecond per call in Chromium's worker (measured): leave POSTs to the default.
      ...(req.method === 'GET' ? { cache: 'no-store' as const } : {}),
    });
    const text = await res.text();
    return { status: res.status, text, durationMs: clock() - started, error: null };
  } catch (error) {
    const why = timedOut
      ? `Timed out after ${req.timeoutMs} ms`
      : req.signal?.aborted
        ? 'Aborted'
        : `Network error: ${error instanceof Error ? error.message : String(error)}`;
    return { status: 0, text: null, durationMs: clock() - started, error: why };
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}
