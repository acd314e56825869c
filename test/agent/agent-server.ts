/**
 * A loopback server for the agent's tests: a CME-like action, a streamed answer (chunks on `nextChunk`, or
 * every 150 ms with `auto` in the URL), a slow one, a plain page; CORS open (the e2e pages call it).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running test server and what it saw. */
export interface AgentServer {
  url: string;
  /** Requests seen: method, path, headers, body. */
  seen: {
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }[];
  /** Lets the streamed answer send its next chunk. */
  nextChunk(): void;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 (a free port). */
export async function startAgentServer(): Promise<AgentServer> {
  const seen: AgentServer['seen'] = [];
  const waiting: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      seen.push({ method: req.method ?? '', path, headers: req.headers, body });
      res.setHeader('access-control-allow-origin', '*');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'access-control-allow-headers': '*', 'access-control-allow-methods': '*' });
        res.end();
        return;
      }
      if (path.startsWith('/stream')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        let n = 0;
        const step = () => {
          res.write(`chunk${n}|`);
          if (++n === 3) res.end();
          else if (path.includes('auto')) setTimeout(step, 150);
          else waiting.push(step);
        };
        step();
        return;
      }
      if (path.startsWith('/big')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('x'.repeat(300_000));
        return;
      }
      if (path.startsWith('/slow')) {
        setTimeout(() => res.end('late'), 400);
        return;
      }
      if (path.includes('/PaaS/')) {
        res.writeHead(200, { 'content-type': 'application/json', 'x-echo-method': req.method ?? '' });
        res.end(
          JSON.stringify({
            Code: 'Success',
            Message: '成功',
            EnglishMessage: 'OK',
            Data: { echo: body },
            RequestId: 'srv',
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('plain');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    nextChunk: () => waiting.shift()?.(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
