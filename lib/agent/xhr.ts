/**
 * The agent's XMLHttpRequest: `open`, `setRequestHeader`, `send`, `abort`, the response getters and header
 * methods of the prototype are wrapped, so the page's objects stay the browser's own (`instanceof`, handler
 * properties, listeners, `responseType`, sync requests, upload events). A call without a rule only gets a
 * listener (CME calls only) that reads its answer at the end. A faulted call (`code`/`http`/`network`) is
 * not sent: the native object stays unsent, our getters answer from the made-up response and the agent
 * fires the events the browser would (readystatechange 2–4, progress, load/error, loadend; not upload
 * events, and `isTrusted` is false). `delay` holds the real `send` back that long (async only: a sync XHR
 * with a delay rule goes unchanged); `code`/`http`/`network` apply synchronously to a sync XHR.
 */
import type { Cloak } from './cloak';
import { cmeTarget, cut, headerPairs, type AgentCore } from './core';
import type { CmeTarget } from './fault-rules';
import { MAX_HEADERS, MAX_HEADER_CHARS, type AgentCall } from './wire';

/** A made-up answer as the getters read it. */
interface Fake {
  readyState: number;
  status: number;
  statusText: string;
  responseURL: string;
  ct: string;
  text: string;
  res?: unknown;
}

interface State {
  t: CmeTarget;
  method: string;
  url: string;
  async: boolean;
  headers: [string, string][];
  fake?: Fake;
  /** Cancels a made-up answer or a held-back send still pending (abort, open again). */
  stop?: () => void;
}

type Report = (response: AgentCall['response'], error?: string) => void;
type X = XMLHttpRequest;
const ENDS = ['load', 'error', 'abort', 'timeout'];

/** Wraps `core.win.XMLHttpRequest.prototype`. */
export function installXhr(core: AgentCore, c: Cloak): void {
  const { win } = core;
  const XP = win.XMLHttpRequest.prototype;
  const EP = win.EventTarget.prototype;
  const { addEventListener: on, removeEventListener: off, dispatchEvent: fire } = EP;
  const apply = Reflect.apply;
  const S = new WeakMap<object, State>();
  const typeOf = Object.getOwnPropertyDescriptor(XP, 'responseType')!.get!;
  const type = (x: unknown) => apply(typeOf, x, []) as string;
  const textish = (x: unknown) => ['', 'text'].includes(type(x));
  const event = (x: unknown, name: string, n = -1) =>
    apply(fire, x, [
      n < 0
        ? new win.Event(name)
        : new win.ProgressEvent(name, { lengthComputable: n > 0, loaded: n, total: n }),
    ]);

  c.method(XP, 'open', (orig, self, args) => {
    const result = apply(orig, self, args);
    S.get(self as X)?.stop?.();
    const [m, u, a] = args;
    const url = core.urlOf(u);
    const t = url === '' ? null : cmeTarget(String(m), url);
    if (t === null) S.delete(self as X);
    else
      S.set(self as X, {
        t,
        method: String(m).toUpperCase(),
        url,
        async: args.length < 3 || !!a,
        headers: [],
      });
    return result;
  });

  c.method(XP, 'setRequestHeader', (orig, self, args) => {
    const result = apply(orig, self, args);
    const h = S.get(self as X)?.headers;
    if (h && h.length < MAX_HEADERS) h.push([String(args[0]), String(args[1]).slice(0, MAX_HEADER_CHARS)]);
    return result;
  });

  c.method(XP, 'abort', (orig, self, args) => {
    const stop = S.get(self as X)?.stop;
    return stop ? stop() : apply(orig, self, args);
  });

  c.method(XP, 'send', (orig, self, args) => {
    const x = self as X;
    const st = S.get(x);
    if (!st || st.stop) return apply(orig, self, args);
    const rule = core.pick(st.t);
    const b = args[0];
    const reqBody = typeof b === 'string' || b instanceof win.URLSearchParams ? String(b) : null;
    const rec = core.record('xhr', st.method, st.url, st.headers, rule);
    const report: Report = (response, error) => rec(reqBody, response, error);
    const effect = rule?.effect;
    if (!effect || (effect.kind === 'delay' && !st.async)) {
      watch(x, report);
      return apply(orig, self, args);
    }
    const f: Fake = { readyState: 1, status: 0, statusText: '', responseURL: '', ct: '', text: '' };
    // Abort before the answer: what the browser does for an aborted request (DONE, abort, loadend, UNSENT).
    const fail = (kind: 'abort' | 'error') => {
      st.stop = undefined;
      st.fake = f;
      f.readyState = 4;
      event(x, 'readystatechange');
      event(x, kind, 0);
      event(x, 'loadend', 0);
      if (kind === 'abort') f.readyState = 0;
      report(null, kind === 'abort' ? kind : 'network');
    };
    if (effect.kind === 'delay') {
      const id = win.setTimeout(() => {
        st.stop = undefined;
        watch(x, report);
        apply(orig, self, args);
      }, effect.ms);
      st.stop = () => {
        win.clearTimeout(id);
        fail('abort');
      };
      return;
    }
    st.fake = f;
    const a = core.answer(rule!, st.t);
    const finish = () => {
      if (a === null) return fail('error');
      st.stop = undefined;
      const responseURL = new win.URL(st.url, win.document.baseURI).href;
      Object.assign(f, {
        status: a.status,
        statusText: a.statusText,
        ct: a.contentType,
        text: a.body,
        responseURL,
      });
      const n = a.body.length;
      // The answer is there from HEADERS_RECEIVED on (the browser's grows during LOADING; ours is small).
      for (f.readyState = 2; f.readyState <= 4; f.readyState++) {
        if (f.readyState === 4 || st.async) event(x, 'readystatechange');
        if (f.readyState === 3 && st.async) event(x, 'progress', n);
      }
      f.readyState = 4;
      event(x, 'load', n);
      event(x, 'loadend', n);
      report({
        status: a.status,
        statusText: a.statusText,
        headers: [['content-type', a.contentType]],
        ...cut(a.body),
      });
    };
    if (!st.async) {
      if (a === null) {
        f.readyState = 4;
        report(null, 'network');
        throw new win.DOMException(
          `Failed to execute 'send' on 'XMLHttpRequest': Failed to load '${st.url}'.`,
          'NetworkError',
        );
      }
      return finish();
    }
    event(x, 'loadstart', 0);
    const id = win.setTimeout(finish, 0);
    st.stop = () => {
      win.clearTimeout(id);
      fail('abort');
    };
  });

  /** Reports a natively sent CME XHR when it ends (one listener, removed at the end). */
  const watch = (x: X, report: Report) => {
    const h = (e: Event) => {
      for (const k of ENDS) apply(off, x, [k, h]);
      if (e.type !== 'load') return report(null, e.type === 'error' ? 'network' : e.type);
      const ty = type(x);
      let body: string | null = null;
      try {
        const r = x.response;
        body = textish(x)
          ? x.responseText
          : ty === 'json'
            ? JSON.stringify(r)
            : ty === 'arraybuffer'
              ? new TextDecoder().decode(r)
              : null;
      } catch {
        // An answer we cannot read as text: reported without its body.
      }
      const headers = headerPairs(
        x
          .getAllResponseHeaders()
          .split('\r\n')
          .filter((l) => l.includes(':'))
          .map((l) => l.split(/:\s*(.*)/s, 2)),
      );
      // A blob or document answer is reported without its body.
      report({ status: x.status, statusText: x.statusText, headers, ...cut(body) });
    };
    for (const k of ENDS) apply(on, x, [k, h]);
  };

  // The getters and header methods answer from a made-up response, else the browser's own.
  const fakeOf = (self: unknown) => S.get(self as X)?.fake;
  const getter = (k: string, read: (f: Fake, self: unknown, native: () => unknown) => unknown) =>
    c.getter(XP, k, (orig, self, args) => {
      const f = fakeOf(self);
      return f ? read(f, self, () => apply(orig, self, args)) : apply(orig, self, args);
    });
  // Until the answer is made up these read 1, 0, '', '' (an opened request's); then the answer's.
  for (const k of ['readyState', 'status', 'statusText', 'responseURL'] as const) getter(k, (f) => f[k]);
  getter('responseText', (f, x, native) => (textish(x) ? f.text : native()));
  getter('response', (f, x) => {
    if (textish(x)) return f.text;
    if (f.readyState < 4 || f.status === 0) return null;
    return (f.res ??= convert(f, type(x)));
  });
  const method = (k: string, read: (f: Fake, args: unknown[]) => unknown) =>
    c.method(XP, k, (orig, self, args) => {
      const f = fakeOf(self);
      return f ? read(f, args) : apply(orig, self, args);
    });
  method('getAllResponseHeaders', (f) => (f.ct ? `content-type: ${f.ct}\r\n` : ''));
  method('getResponseHeader', (f, args) =>
    f.ct && String(args[0]).toLowerCase() === 'content-type' ? f.ct : null,
  );

  /** The made-up body as `responseType` asks for it. */
  function convert(f: Fake, ty: string): unknown {
    if (ty === 'json') {
      try {
        return JSON.parse(f.text);
      } catch {
        return null;
      }
    }
    if (ty === 'arraybuffer') return new win.TextEncoder().encode(f.text).buffer;
    if (ty === 'blob') return new win.Blob([f.text], { type: f.ct });
    return f.ct === 'text/html' ? new win.DOMParser().parseFromString(f.text, 'text/html') : null;
  }
}
