/**
 * The e2e behaviour table's cases, as page-side JavaScript (evaluated in a page as `(RUNNER)(otherOrigin)`):
 * `window.__run(case, arg)` runs one fetch/XHR case and returns what the page saw, comparable between a page
 * without the agent and one with it; `window.__relay` stands in for the isolated-world relay (takes the
 * handshake's port, keeps the reported calls, sends rules); `window.__clones` counts Response clones.
 */
export const RUNNER = String.raw`(other) => {
  const abs = (u) => (u.startsWith('other:') ? other + u.slice(6) : u);
  const rel = (u) => u.replace(location.origin, '').replace(other, 'other:');
  window.__clones = 0;
  const clone = Response.prototype.clone;
  Response.prototype.clone = function () {
    window.__clones++;
    return clone.call(this);
  };
  const relay = { calls: [], port: null, connected: () => relay.port !== null, send: (m) => relay.port.postMessage(m) };
  window.__relay = relay;
  addEventListener('cme-agent:hello', (e) => {
    const ch = new MessageChannel();
    relay.port = ch.port1;
    ch.port1.onmessage = (m) => m.data.type === 'cme-agent/call' && relay.calls.push(m.data.call);
    postMessage(e.detail, '*', [ch.port2]);
  });
  const summarize = (type, r) => {
    if (r === null || r === undefined) return String(r);
    if (type === '' || type === 'text') return 'text:' + r.length;
    if (type === 'json') return 'json:' + Object.keys(r).join(',');
    if (type === 'blob') return 'blob:' + r.type.split(';')[0] + ':' + r.size + ':' + (r instanceof Blob);
    if (type === 'arraybuffer') return 'ab:' + r.byteLength + ':' + (r instanceof ArrayBuffer);
    return 'HTML:' + (r.title || r.documentElement.nodeName) + ':' + (r instanceof Document);
  };
  const watch = (x, events) => {
    const log = (e) => events.push(e.type + ':' + x.readyState);
    x.onreadystatechange = log;
    for (const t of ['loadstart', 'load', 'error', 'abort', 'timeout', 'loadend']) x.addEventListener(t, log);
  };
  const cases = {
    xhr: (a) =>
      new Promise((resolve) => {
        const x = new XMLHttpRequest();
        const events = [];
        const up = [];
        watch(x, events);
        if (a.upload) for (const t of ['loadstart', 'load', 'loadend']) x.upload.addEventListener(t, (e) => up.push(e.type));
        const t0 = performance.now();
        const done = (error) => {
          const r = { events, up, status: x.status, statusText: x.statusText, url: rel(x.responseURL), rs: x.readyState };
          r.ct = (x.getResponseHeader('content-type') || '').split(';')[0];
          r.headers = x.getAllResponseHeaders().toLowerCase().includes('content-type');
          try { r.summary = summarize(x.responseType, x.response); } catch (e) { r.summary = 'throws:' + e.name; }
          try { r.text = typeof x.responseText; } catch (e) { r.text = 'throws:' + e.name; }
          if (a.full) r.full = typeof x.response === 'string' ? x.response : JSON.stringify(x.response);
          if (a.timed) r.ms = performance.now() - t0;
          if (error) r.error = error;
          resolve(r);
        };
        x.open(a.method, abs(a.url), !a.sync);
        if (!a.sync) x.responseType = a.type;
        if (a.method === 'POST') x.setRequestHeader('content-type', 'application/json');
        if (!a.sync) x.addEventListener('loadend', () => setTimeout(() => done()));
        try {
          x.send(a.body === 'big' ? 'x'.repeat(200000) : (a.body ?? null));
        } catch (e) {
          return done(e.name);
        }
        if (a.sync) done();
      }),
    'xhr-abort': (a) =>
      new Promise((resolve) => {
        const x = new XMLHttpRequest();
        const events = [];
        watch(x, events);
        x.open('GET', abs(a.url));
        x.send();
        setTimeout(() => {
          x.abort();
          resolve({ events, status: x.status, rs: x.readyState });
        }, 50);
      }),
    fetch: async (a) => {
      const url = abs(a.url);
      const h = { 'content-type': 'application/json', 'x-a': '1' };
      const init = { method: 'POST', body: '{"Limit":2}' };
      const forms = {
        object: () => [url, { ...init, headers: h }],
        array: () => [url, { ...init, headers: Object.entries(h) }],
        headers: () => [url, { ...init, headers: new Headers(h) }],
        request: () => [new Request(url, { ...init, headers: h })],
        url: () => [new URL(url, location.href), { ...init, headers: h }],
        keepalive: () => [url, { ...init, headers: h, keepalive: true }],
      };
      const args = url.endsWith('/demo') ? [url] : forms[a.form]();
      const t0 = performance.now();
      try {
        const r = await fetch(...args);
        const text = await r.text();
        const out = { status: r.status, statusText: r.statusText, type: (r.headers.get('content-type') || '').split(';')[0] };
        Object.assign(out, { len: text.length, ok: r.ok, instance: r instanceof Response });
        if (a.full) out.text = text;
        else out.url = rel(r.url);
        if (a.timed) out.ms = performance.now() - t0;
        return out;
      } catch (e) {
        return { error: e.name + ': ' + e.message };
      }
    },
    'fetch-stream': async (a) => {
      const r = await fetch(abs(a.url), { method: 'POST', body: 'x' });
      const reader = r.body.getReader();
      const dec = new TextDecoder();
      const chunks = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(dec.decode(value));
      }
      return { chunks };
    },
    'fetch-abort': async (a) => {
      const out = {};
      const before = new AbortController();
      before.abort();
      try { await fetch(abs(a.url), { signal: before.signal }); out.before = 'resolved'; } catch (e) { out.before = e.name; }
      const during = new AbortController();
      setTimeout(() => during.abort(), 50);
      try { await fetch(abs(a.url), { signal: during.signal }); out.during = 'resolved'; } catch (e) { out.during = e.name; }
      return out;
    },
    'fetch-fail': async (a) => {
      try {
        await fetch(abs(a.url), { method: 'POST', body: '{}' });
        return { name: 'resolved' };
      } catch (e) {
        return { name: e.name, message: e.message, isTypeError: e instanceof TypeError };
      }
    },
  };
  window.__run = (c, a) => cases[c](a);
}`;
