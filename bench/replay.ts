/**
 * replay: one client API call through the background (RPC → fetch → decode → history) against a direct
 * fetch + JSON.parse of the same sandbox endpoint from the same extension page. Calls run one at a time,
 * alternating the two ways in blocks; the figure is the ratio of their medians in each repetition.
 */
import type { Page } from 'playwright-core';
import type { RawCall } from '../lib/cme/types';
import { RPC_PORT } from '../lib/protocol/transport';
import { callExpression, launchBench } from './browser-cdp';
import { discard, snapshotBuild } from './browser-ext';
import { benchSandbox, benchSignature } from './browser-workload';
import { round, spread, type BenchOptions, type Figure } from './figures';

const ACTION_PATH = 'PaaS/Material/ListMedia';
const BLOCK = 10;

/** Arguments of `timeCalls`. */
interface TimeArgs {
  way: 'replay' | 'direct' | 'ping';
  count: number;
  /** What the panel sends of a captured call: its request. */
  capture: Pick<RawCall, 'request'>;
  /** The RPC port's name (pages talk to the background over one port). */
  portName: string;
}

interface BenchPort {
  postMessage(m: unknown): void;
  onMessage: { addListener(l: (m: { id: string }) => void): void };
}

/** In the extension page: `count` calls one after another; ms of each. */
async function timeCalls(args: TimeArgs): Promise<number[]> {
  const api = (
    globalThis as unknown as { chrome: { runtime: { connect(info: { name: string }): BenchPort } } }
  ).chrome;
  const req = args.capture.request;
  const out: number[] = [];
  // As the pages' RPC client does: one port, answers matched by id.
  const port = api.runtime.connect({ name: args.portName });
  const waiting = new Map<string, (answer: unknown) => void>();
  port.onMessage.addListener((answer) => waiting.get(answer.id)?.(answer));
  const send = (method: string, params: unknown) =>
    new Promise<unknown>((resolve) => {
      const id = crypto.randomUUID();
      waiting.set(id, resolve);
      port.postMessage({ source: 'cme-devtools', kind: 'rpc', id, method, params });
    });
  for (let i = 0; i < args.count; i++) {
    const t0 = performance.now();
    if (args.way === 'ping') {
      // The extension's message round trip alone: the least any call through the background costs more.
      const answer = (await send('ping', {})) as { ok?: boolean };
      if (!answer?.ok) throw new Error(`ping failed: ${JSON.stringify(answer)}`);
    } else if (args.way === 'replay') {
      const answer = (await send('replay', { capture: args.capture, replayOf: null })) as {
        ok?: boolean;
        result?: { ok?: boolean; httpStatus?: number };
      };
      if (!answer?.ok || !answer.result?.ok || answer.result.httpStatus !== 200)
        throw new Error(`replay failed: ${JSON.stringify(answer)}`);
    } else {
      const res = await fetch(req.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: req.body?.text ?? '{}',
      });
      const json = JSON.parse(await res.text()) as { Code?: string };
      if (res.status !== 200 || json.Code !== 'Success') throw new Error(`direct call failed: ${res.status}`);
    }
    out.push(performance.now() - t0);
  }
  return out;
}

async function rpc<T>(page: Page, method: string, params: unknown): Promise<T> {
  const answer = (await page.evaluate(
    `chrome.runtime.sendMessage(${JSON.stringify({ source: 'cme-devtools', kind: 'rpc', id: method, method, params })})`,
  )) as { ok?: boolean; result?: T };
  if (!answer?.ok) throw new Error(`${method} failed: ${JSON.stringify(answer)}`);
  return answer.result as T;
}

/** Run the replay benchmark (needs `npm run build`). */
export async function benchReplay(opts: BenchOptions): Promise<Figure[]> {
  const ours = snapshotBuild();
  const reps = opts.quick ? 2 : 5;
  const perRep = opts.quick ? 20 : 100;
  const { sandbox } = await benchSandbox();
  const b = await launchBench([ours]);
  try {
    const page = await b.open(`chrome-extension://${b.ourId}/popup.html`);
    const env = await rpc<{ id: string }>(page, 'environments.save', {
      name: 'Bench sandbox',
      loginUrl: sandbox.url,
      apiBase: sandbox.url,
    });
    const login = await rpc<{ ok: boolean; ticket?: { authorization: string } }>(
      page,
      'login.withSignature',
      {
        environmentId: env.id,
        signature: await benchSignature(sandbox.url),
      },
    );
    const auth = login.ticket?.authorization;
    if (!login.ok || !auth) throw new Error(`login failed: ${JSON.stringify(login)}`);
    const body = JSON.stringify({
      Platform: 'demo_platform',
      Owner: { Type: 'PERSON', Id: 'bench_user' },
      ClassId: 0,
      Limit: 10,
    });
    const capture: Pick<RawCall, 'request'> = {
      request: {
        method: 'POST',
        url: `${sandbox.url}/${ACTION_PATH}?auth=${encodeURIComponent(auth)}`,
        headers: [{ name: 'content-type', value: 'application/json' }],
        body: { text: body },
      },
    };
    const run = (way: TimeArgs['way'], count: number) =>
      page.evaluate(callExpression(timeCalls, { way, count, capture, portName: RPC_PORT })) as Promise<
        number[]
      >;
    await run('replay', BLOCK);
    await run('direct', BLOCK);
    const ratios: number[] = [];
    const replayMs: number[] = [];
    const directMs: number[] = [];
    const pingMs: number[] = [];
    for (let r = 0; r < reps; r++) {
      const mine: number[] = [];
      const base: number[] = [];
      for (let done = 0; done < perRep; done += BLOCK) {
        mine.push(...(await run('replay', BLOCK)));
        base.push(...(await run('direct', BLOCK)));
        pingMs.push(...(await run('ping', BLOCK)));
      }
      const m = spread(mine).median;
      const d = spread(base).median;
      ratios.push(m / d);
      replayMs.push(m);
      directMs.push(d);
    }
    const s = spread(ratios);
    const answerKb = (await page.evaluate(
      `fetch(${JSON.stringify(capture.request.url)}, { method: 'POST', body: ${JSON.stringify(body)} }).then((r) => r.text()).then((t) => t.length / 1024)`,
    )) as number;
    return [
      {
        name: 'replay through the background vs direct fetch + JSON.parse',
        value: round(s.median),
        unit: '×',
        spread: { min: round(s.min), median: round(s.median), max: round(s.max) },
        budget: 1.3,
        detail: `${ACTION_PATH}, ${round(answerKb, 1)} KB answer; median ${round(spread(replayMs).median, 2)} ms vs ${round(spread(directMs).median, 2)} ms; a bare message round trip to the background ${round(spread(pingMs).median, 2)} ms; ${perRep} calls each per repetition`,
      },
    ];
  } finally {
    await b.close();
    await sandbox.close();
    discard(ours);
  }
}
