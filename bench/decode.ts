/** decode: classify + decode + attribute of synthetic captured calls vs bare JSON.parse of the same bodies. */
import { createAttributor } from '../lib/cme/attribute';
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
  ];
}
