/**
 * `--clock-skew`: the sandbox's CME clock runs behind this computer's, as if the developer's signing
 * server were ahead. Its Date header and its checks use the shifted clock; /dev/signature keeps the true one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeLoginAnswer } from '../../lib/cme/envelope';
import { decodeSignature } from '../../lib/cme/signature';
import { diagnoseLogin } from '../../lib/cme/login-diagnosis';
import type { RunningSandbox } from '../../lib/node/sandbox/main';
import { signIndependently, startTestSandbox } from './sandbox-helpers';

const NOW = Date.parse('2030-01-01T00:00:00Z');
let sb: RunningSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('sandbox clock skew', () => {
  it('stamps its answers with its own clock and refuses a signature from 7 minutes in its future', async () => {
    sb = await startTestSandbox({ now: () => NOW, clockSkewSeconds: 420 });
    // Signed by a server whose clock is this computer's: 7 minutes ahead of the sandbox's CME clock.
    const sig = signIndependently({ currentTimeStamp: NOW / 1000 });
    const res = await fetch(`${sb.url}/?signature=${encodeURIComponent(sig)}`);
    const date = res.headers.get('date');
    expect(Date.parse(date!)).toBe(NOW - 420_000);
    const answer = decodeLoginAnswer(await res.text(), res.status);
    expect(answer.ok).toBe(false);
    // What the panel and the CLI then say of this login.
    const findings = diagnoseLogin({
      fields: decodeSignature(sig).fields,
      startedAtMs: NOW,
      durationMs: 5,
      dateHeader: date,
      answeredPlatform: answer.platform,
      answeredUserId: answer.userId,
      ok: answer.ok,
    });
    expect(findings.map((f) => f.en)).toEqual([
      "Signed 7 min in the future (by the server's clock): your signing server's clock is ahead.",
      "This computer's clock is 7 min ahead of the server's.",
    ]);
  });

  it('signs on /dev/signature with the true clock, and accepts the same signature without skew', async () => {
    sb = await startTestSandbox({ now: () => NOW, clockSkewSeconds: 420 });
    const dev = (await (await fetch(`${sb.url}/dev/signature?userId=dave`)).text()).trim();
    expect(decodeSignature(dev).fields?.currentTimeStamp).toBe(NOW / 1000);
    const info = await (await fetch(`${sb.url}/__sandbox/info`)).json();
    expect(info.clockSkewSeconds).toBe(420);
    await sb.close();
    sb = await startTestSandbox({ now: () => NOW });
    const res = await fetch(
      `${sb.url}/?signature=${encodeURIComponent(signIndependently({ currentTimeStamp: NOW / 1000 }))}`,
    );
    expect(Date.parse(res.headers.get('date')!)).toBe(NOW);
    expect(decodeLoginAnswer(await res.text(), res.status).ok).toBe(true);
  });

  it('judges a signature expired by its shifted clock when it runs ahead', async () => {
    sb = await startTestSandbox({ now: () => NOW, clockSkewSeconds: -600 });
    // Valid for 5 minutes by this computer's clock; already 5 minutes expired by the sandbox's.
    const res = await fetch(
      `${sb.url}/?signature=${encodeURIComponent(signIndependently({ currentTimeStamp: NOW / 1000 }))}`,
    );
    expect(decodeLoginAnswer(await res.text(), res.status).ok).toBe(false);
  });
});
