/**
 * decode: classify + decode + attribute of synthetic captured calls vs bare JSON.parse of the same bodies;
 * and the cost capture rules add to classifying traffic that matches none (the fast path).
 */
import { createAttributor } from '../lib/cme/attribute';
import { compileCaptureRules } from '../lib/cme/capture-rules';
import { classifyRequest } from '../lib/cme/classify';
import { decodeCall } from '../lib/cme/decode-call';
import { round, spread, type BenchOptions, type Figure } from './figures';
import { syntheticCalls } from './synthetic';

/** Run the decode benchmark. */
export function benchDecode(opts: BenchOptions): Figure[] {
  const count = opts.quick ? 1000 : 20_000;
  const reps = opts.quick ? 1 : 5;
  const calls = syntheticCalls(count);
  const bytes = calls.reduce((n, c) => n + (c.response?.body?.text?.length ?? 0), 0);
  const ratios: number[] = [];
  const oursMs: number[] = [];
  let sink = 0;
  for (let r = 0; r < reps + 1; r++) {
    const t0 = performance.now();
    for (const c of calls) {
      const req = c.request.body?.text;
      if (req) sink += Object.keys(JSON.parse(req) as object).length;
      const res = c.response?.body?.text;
      if (res) sink += Object.keys(JSON.parse(res) as object).length;
    }
    const t1 = performance.now();
    const attributor = createAttributor();
    calls.forEach((c, i) => {
      const d = decodeCall(c, i, { attributor });
      if (d?.user) sink++;
    });
    const t2 = performance.now();
    if (r === 0) continue; // warm-up
    ratios.push((t2 - t1) / (t1 - t0));
    oursMs.push(t2 - t1);
  }
  const s = spread(ratios);
  return [
    {
      name: `decode ${count.toLocaleString('en')} calls vs JSON.parse`,
      value: round(s.median),
      unit: '×',
      spread: { min: round(s.min), median: round(s.median), max: round(s.max) },
      budget: opts.quick ? undefined : 1.5,
      detail: `${round(bytes / 1e6, 1)} MB of answers; ours ${round(spread(oursMs).median, 0)} ms median (sink ${sink % 7})`,
    },
    benchClassifyRules(opts),
  ];
}

/** Classifying non-CME traffic with two capture rules vs with none: two substring searches more a request. */
export function benchClassifyRules(opts: BenchOptions): Figure {
  const count = opts.quick ? 2000 : 20_000;
  const reps = opts.quick ? 1 : 5;
  const requests = Array.from({ length: count }, (_, i) => ({
    method: 'GET',
    url: `https://cdn.example.com/assets/chunk-${i}.js?v=${i}`,
  }));
  const { rules } = compileCaptureRules([
    { pattern: '/api/cme/<Class>/<Action>', ticket: { in: 'header', name: 'X-CME-Auth' } },
    { pattern: '/gw/v2/<Class>/<Action>', ticket: { in: 'query', name: 'token' } },
  ]);
  const ratios: number[] = [];
  let sink = 0;
  for (let r = 0; r < reps + 1; r++) {
    const t0 = performance.now();
    for (const q of requests) if (classifyRequest(q).kind === 'other') sink++;
    const t1 = performance.now();
    for (const q of requests) if (classifyRequest(q, { captureRules: rules }).kind === 'other') sink++;
    const t2 = performance.now();
    if (r === 0) continue; // warm-up
    ratios.push((t2 - t1) / Math.max(t1 - t0, 0.001));
  }
  const s = spread(ratios);
  return {
    name: `classify ${count.toLocaleString('en')} non-CME requests with 2 capture rules vs none`,
    value: round(s.median),
    unit: '×',
    spread: { min: round(s.min), median: round(s.median), max: round(s.max) },
    budget: opts.quick ? undefined : 4,
    detail: `every request answered "other" either way (sink ${sink % 7})`,
  };
}
