#!/usr/bin/env node
// A separate process that loads the sandbox: log in, then N client API calls with C in flight.
// Prints one JSON line: { calls, failures, http5xx, codes, seconds, callsPerSecond }.
const [base, total = '2000', concurrency = '50'] = process.argv.slice(2);
const N = Number(total);
const C = Number(concurrency);

const sig = await (
  await fetch(`${base}/dev/signature`, { method: 'POST', body: JSON.stringify({ userId: 'load_user' }) })
).json();
const login = await (await fetch(`${base}/?signature=${encodeURIComponent(sig.signature)}`)).json();
const auth = login.Response?.Authorization ?? login.Data?.Authorization;
if (!auth) {
  console.error('login failed', JSON.stringify(login));
  process.exit(1);
}
const owner = { Type: 'PERSON', Id: 'load_user' };
const calls = [
  ['Material', 'DescribeClass', { Platform: 'demo_platform', Owner: owner }],
  ['Material', 'ListMedia', { Platform: 'demo_platform', ClassId: 0, Owner: owner }],
  ['Project', 'DescribeProjects', {}],
  ['Team', 'DescribeJoinTeams', {}],
  ['Material', 'DeleteMaterial', { MaterialId: 'no_such_material' }],
];
let next = 0;
let failures = 0;
let http5xx = 0;
const codes = {};
const started = performance.now();
async function worker() {
  while (next < N) {
    const i = next++;
    const [cls, action, body] = calls[i % calls.length];
    try {
      const res = await fetch(`${base}/PaaS/${cls}/${action}?auth=${encodeURIComponent(auth)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status >= 500) http5xx++;
      const envelope = await res.json();
      codes[envelope.Code] = (codes[envelope.Code] ?? 0) + 1;
    } catch {
      failures++;
    }
  }
}
await Promise.all(Array.from({ length: C }, worker));
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ calls: N, failures, http5xx, codes, seconds, callsPerSecond: N / seconds }));
