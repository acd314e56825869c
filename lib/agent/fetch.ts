/**
 * The agent's `fetch`: a CME call is reported (its answer read from a clone, up to the body limit) and shaped
 * by its fault rule; anything else goes to the browser's fetch with the same arguments, and its promise is
 * returned as is.
 */
import type { Cloak } from './cloak';
import { cmeTarget, cut, headerPairs, type AgentCore } from './core';
import { MAX_BODY_CHARS, type AgentCall } from './wire';

const MAX = MAX_BODY_CHARS;

/** Replaces `core.win.fetch` with the agent's. */
export function installFetch(core: AgentCore, c: Cloak): void {
  const { win } = core;
  const { Request: Req, Response: Resp, Promise: P, setTimeout: later } = win;
  const apply = Reflect.apply;
  win.fetch = c.wrap(win.fetch, (orig, self, args) => {
    const [input, init] = args as [unknown, RequestInit | undefined];
    const isReq = input instanceof Req;
    const url = isReq ? input.url : core.urlOf(input);
    // Cheap rejection first: most calls of a page stop here and go through untouched.
    if (!url.includes('/PaaS/') && !url.includes('signature=')) return apply(orig, self, args);
    const method = String(init?.method ?? (isReq ? input.method : 'GET'));
    const t = cmeTarget(method, url);
    if (t === null) return apply(orig, self, args);
    const rule = core.pick(t);
    const signal = init?.signal ?? (isReq ? input.signal : undefined);
    const headers = headerPairs(init?.headers ?? (isReq ? input.headers : undefined));
    let reqBody: Promise<string | null> = P.resolve(null);
    const b = init?.body;
    if (typeof b === 'string' || b instanceof win.URLSearchParams) reqBody = P.resolve(String(b));
    else if (b == null && isReq && input.body !== null && !input.bodyUsed) reqBody = input.clone().text();
    const effect = rule?.effect;
    const rec = core.record('fetch', method, url, headers, rule);
    const done = (response: AgentCall['response'], error?: string) =>
      void reqBody.then(
        (text) => rec(text, response, error),
        () => rec(null, response, error),
      );
    let p: Promise<Response>;
    if (signal?.aborted) p = apply(orig, self, args) as Promise<Response>;
    else if (effect?.kind === 'network') {
      p = P.reject(
        new TypeError(core.firefox ? 'NetworkError when attempting to fetch resource.' : 'Failed to fetch'),
      );
    } else if (effect && (effect.kind === 'code' || effect.kind === 'http')) {
      const a = core.answer(rule!, t)!;
      p = P.resolve(
        new Resp(a.body, {
          status: a.status,
          statusText: a.statusText,
          headers: { 'content-type': a.contentType },
        }),
      );
    } else {
      p = apply(orig, self, args) as Promise<Response>;
      if (effect?.kind === 'delay') {
        p = p.then(
          (r) =>
            new P<Response>((resolve, reject) => {
              later(() => resolve(r), effect.ms);
              // An abort during the delay rejects as the browser would have while the answer was on its way
              // (whichever comes second finds the promise settled: nothing happens).
              signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
            }),
        );
      }
    }
    return p.then(
      (r) => {
        readAnswer(r).then(done, () => done(null, 'read'));
        return r;
      },
      (e: unknown) => {
        done(null, (e as Error)?.name === 'AbortError' ? 'abort' : 'network');
        throw e;
      },
    );
  });
}

/** The answer as reported: a clone's body read up to the limit (the page's stream is never touched). */
async function readAnswer(r: Response): Promise<AgentCall['response']> {
  const head = { status: r.status, statusText: r.statusText, headers: headerPairs(r.headers) };
  const clone = r.clone();
  // Known to be small on the wire (most CME answers): the browser's own text() is the cheapest read (a
  // reader loop over the clone costs the page's call several times more); a compressed answer may grow
  // past 16 KB here, and is cut to the limit after.
  const len = Number(r.headers.get('content-length'));
  if (len && len <= MAX / 16) return { ...head, ...cut(await clone.text()) };
  const stream = clone.body;
  if (stream === null) return { ...head, body: null };
  const reader = stream.getReader();
  const dec = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += dec.decode(value, { stream: true });
    if (text.length > MAX) {
      void reader.cancel().catch(() => undefined);
      return { ...head, body: text.slice(0, MAX), bodyTruncated: true };
    }
  }
  return { ...head, ...cut(text + dec.decode()) };
}
