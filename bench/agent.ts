/**
 * agent: the page agent's cost per call with no rule matching, against no agent, in the same run — loopback
 * calls to the sandbox from two same-origin frames of one Chromium tab, one with the built page-agent.js
 * evaluated in it (rules set, none matching; a stand-in relay takes its reports), one without. Calls run
 * one at a time, alternating the two frames call by call; the figure is the overhead of the medians in each
 * repetition. (The agent's size is a row of the size benchmark.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callExpression, launchBench } from './browser-cdp';
import { discard, snapshotBuild } from './browser-ext';
import { benchSandbox, benchSignature } from './browser-workload';
import { round, spread, type BenchOptions, type Figure } from './figures';

const BLOCK = 20;

interface TimeArgs {
  way: 'fetch' | 'xhr';
  url: string;
  body: string | null;
  count: number;
}

/**
 * In the tab: `count` pairs of calls one after another, one from frame `a` (no agent) and one from `b`
 * (agent), in alternating order (drift and order effects fall on both); each answer read. ms of each.
 */
async function timeCalls(args: TimeArgs): Promise<{ a: number[]; b: number[] }> {
  const method = args.body === null ? 'GET' : 'POST';
  const call = async (frame: 'a' | 'b') => {
    const w = (document.getElementById(frame) as HTMLIFrameElement).contentWindow as typeof window;
    const t0 = performance.now();
    if (args.way === 'fetch') {
      const init =
        args.body === null
          ? {}
          : { method, headers: { 'content-type': 'application/json' }, body: args.body };
      const res = await w.fetch(args.url, init);
      await res.text();
      if (res.status !== 200) throw new Error(`call failed: ${res.status}`);
    } else {
      await new Promise<void>((resolve, reject) => {
        const x = new w.XMLHttpRequest();
        x.open(method, args.url);
        x.onloadend = () => (x.status === 200 ? resolve() : reject(new Error(`xhr failed: ${x.status}`)));
        x.send(args.body);
      });
    }
    return performance.now() - t0;
  };
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < args.count; i++) {
    const order: ('a' | 'b')[] = i % 2 ? ['a', 'b'] : ['b', 'a'];
    for (const f of order) out[f].push(await call(f));
  }
  return out;
}

/** Run the agent benchmark (needs the Chrome build). */
export async function benchAgent(opts: BenchOptions): Promise<Figure[]> {
  const ours = snapshotBuild();
  const agentText = readFileSync(join(ours, 'page-agent.js'), 'utf8');
  const reps = opts.quick ? 2 : 7;
  const perRep = opts.quick ? 40 : 200;
  const { sandbox } = await benchSandbox();
  const b = await launchBench([ours]);
  try {
    const login = await fetch(
      `${sandbox.url}/?signature=${encodeURIComponent(await benchSignature(sandbox.url))}`,
    );
    const ticket = ((await login.json()) as { Response?: { Authorization?: string } }).Response
      ?.Authorization;
    if (!ticket) throw new Error('bench login failed');
    const page = await b.open(`${sandbox.url}/demo`);
    await page.evaluate(`Promise.all(['a', 'b'].map((id) => new Promise((resolve) => {
      const f = document.createElement('iframe');
      Object.assign(f, { id, src: '/demo', onload: resolve });
      document.body.append(f);
    })))`);
    // Frame b: a stand-in relay (takes the handshake's port, counts the reports), then the agent, then rules
    // that match none of the calls (another class), as a tab with fault rules set elsewhere has.
    await page.evaluate(`(() => {
      const w = document.getElementById('b').contentWindow;
      w.addEventListener('cme-agent:hello', (e) => {
        const ch = new MessageChannel();
        w.__reports = 0;
        ch.port1.onmessage = () => w.__reports++;
        w.__port = ch.port1;
        w.postMessage(e.detail, '*', [ch.port2]);
      });
      w.eval(${JSON.stringify(agentText)});
    })()`);
    await page.evaluate(
      `document.getElementById('b').contentWindow.__port.postMessage(${JSON.stringify({
        type: 'cme-agent/rules',
        rules: [{ id: 'x', enabled: true, match: { target: 'Project/*' }, effect: { kind: 'network' } }],
      })})`,
    );
    const cme = {
      url: `${sandbox.url}/PaaS/Material/ListMedia?auth=${encodeURIComponent(ticket)}`,
      body: JSON.stringify({
        Platform: 'demo_platform',
        Owner: { Type: 'PERSON', Id: 'bench_user' },
        ClassId: 0,
        Limit: 10,
      }),
    };
    const other = { url: `${sandbox.url}/demo`, body: null };
    const run = (way: 'fetch' | 'xhr', call: { url: string; body: string | null }, count: number) =>
      page.evaluate(callExpression(timeCalls, { way, count, ...call })) as Promise<{
        a: number[];
        b: number[];
      }>;
    const measure = async (way: 'fetch' | 'xhr', call: { url: string; body: string | null }) => {
      await run(way, call, BLOCK);
      const overheads: number[] = [];
      const withMs: number[] = [];
      const withoutMs: number[] = [];
      for (let r = 0; r < reps; r++) {
        const { a, b } = await run(way, call, perRep);
        const m = spread(b).median;
        const d = spread(a).median;
        overheads.push((m / d - 1) * 100);
        withMs.push(m);
        withoutMs.push(d);
      }
      const s = spread(overheads);
      return {
        s: { min: round(s.min, 1), median: round(s.median, 1), max: round(s.max, 1) },
        ms: `${round(spread(withMs).median, 3)} ms vs ${round(spread(withoutMs).median, 3)} ms`,
      };
    };
    const cmeFetch = await measure('fetch', cme);
    const cmeXhr = await measure('xhr', cme);
    const otherFetch = await measure('fetch', other);
    const reports = (await page.evaluate(`document.getElementById('b').contentWindow.__reports`)) as number;
    const answerKb = round(
      (await (await fetch(cme.url, { method: 'POST', body: cme.body })).text()).length / 1024,
      1,
    );
    return [
      {
        name: 'agent: CME call, no rule matching, vs no agent (fetch)',
        value: cmeFetch.s.median,
        unit: '%',
        spread: cmeFetch.s,
        budget: 5,
        detail: `ListMedia ${answerKb} KB answer, recorded (clone read, report posted): median ${cmeFetch.ms}; XHR ${cmeXhr.s.median}% (${cmeXhr.ms}); a non-CME call (fetch /demo) ${otherFetch.s.median}% (${otherFetch.ms}); ${reports} reports; ${perRep} calls each per repetition`,
      },
    ];
  } finally {
    await b.close();
    await sandbox.close();
    discard(ours);
  }
}
