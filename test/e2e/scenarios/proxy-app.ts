/**
 * A tiny app that puts its own backend in front of CME, for the capture rules scenario: its page logs in
 * at the sandbox (`GET <sandbox>/?signature=`, as any CME app does), then calls its own backend at
 * `/api/cme/<Class>/<Action>` with the ticket in an `X-CME-Auth` header; the backend forwards each call to
 * the sandbox's `/PaaS/<Class>/<Action>?auth=` and hands the answer back as it came. Loopback only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_PLATFORM } from '../../../lib/node/sandbox/options';

/** A running proxy app. */
export interface ProxyApp {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The calls the backend forwarded (`Class/Action`), in order. */
  forwarded: string[];
  /** The ticket each forwarded call carried in X-CME-Auth (after any `Bearer `), in order. */
  tickets: string[];
  close(): Promise<void>;
}

/** What the page calls through the backend, in order. */
export const PROXY_APP_ACTIONS = ['DescribeClass', 'ListMedia', 'DescribeProjects'];
/** The user the page logs in as. */
export const PROXY_APP_USER = 'app_user';

const PATH = /^\/api\/cme\/([A-Za-z][A-Za-z0-9_]{0,63})\/([A-Za-z][A-Za-z0-9_]{0,63})$/;

function page(sandboxUrl: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Proxy app</title></head><body>
<h1>An app with its own backend</h1><button id="run">Run</button><ol id="log"></ol>
<script>
var SANDBOX = ${JSON.stringify(`${sandboxUrl}/`)};
var ticket = null;
function note(text) { var li = document.createElement('li'); li.textContent = text; document.getElementById('log').appendChild(li); }
function cme(path, body) {
  return fetch('/api/cme/' + path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CME-Auth': ticket }, body: JSON.stringify(body) })
    .then(function (res) { return res.json(); })
    .then(function (j) { note(path + ' ' + j.Code); return j; });
}
function run() {
  var run = document.getElementById('run'); run.disabled = true;
  var owner = { Type: 'PERSON', Id: ${JSON.stringify(PROXY_APP_USER)} };
  var platform = ${JSON.stringify(DEFAULT_PLATFORM)};
  return fetch(SANDBOX + 'dev/signature', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: ${JSON.stringify(PROXY_APP_USER)} }) })
    .then(function (res) { return res.json(); })
    .then(function (j) { return fetch(SANDBOX + '?signature=' + encodeURIComponent(j.signature)); })
    .then(function (res) { return res.json(); })
    .then(function (j) {
      ticket = j.Response ? j.Response.Authorization : j.Data && j.Data.Authorization;
      note('Login ' + (ticket ? 'ok' : 'failed'));
      return cme('Material/DescribeClass', { Platform: platform, Owner: owner });
    })
    .then(function () { return cme('Material/ListMedia', { Platform: platform, ClassId: 0, Owner: owner, Limit: 10 }); })
    .then(function () { return cme('Project/DescribeProjects', { Limit: 10 }); })
    .catch(function (e) { note('error ' + e); })
    .then(function () { run.disabled = false; });
}
document.getElementById('run').addEventListener('click', run);
if (!/[?&]manual(=|&|$)/.test(location.search)) run();
</script></body></html>`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1024 * 1024) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the app on 127.0.0.1 (a free port), forwarding to the sandbox at `sandboxUrl`. */
export async function startProxyApp(sandboxUrl: string): Promise<ProxyApp> {
  const forwarded: string[] = [];
  const tickets: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // The extension's replay (its background's fetch) comes from its own origin: allowed, as a real
      // app's backend would allow its own front end.
      const origin = String(req.headers.origin ?? '');
      if (/^(chrome|moz)-extension:\/\//.test(origin)) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-CME-Auth');
        res.setHeader('Access-Control-Allow-Methods', 'POST');
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204);
        res.end();
        return;
      }
      if (req.method === 'GET' && url.pathname === '/') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(page(sandboxUrl));
        return;
      }
      const m = PATH.exec(url.pathname);
      if (req.method !== 'POST' || m === null) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
        return;
      }
      const ticket = String(req.headers['x-cme-auth'] ?? '').replace(/^Bearer\s+/i, '');
      const body = await readBody(req);
      forwarded.push(`${m[1]}/${m[2]}`);
      tickets.push(ticket.replace(/^Bearer\s+/i, ''));
      const answer = await fetch(`${sandboxUrl}/PaaS/${m[1]}/${m[2]}?auth=${encodeURIComponent(ticket)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body || '{}',
      });
      res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(await answer.text());
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`proxy error: ${String(e)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    tickets,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
