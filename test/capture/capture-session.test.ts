import { describe, expect, it } from 'vitest';
import type { CapturedCall } from '../../lib/capture/capture-pipeline';
import { startCaptureSession } from '../../lib/capture/capture-session';
import { createAttributor } from '../../lib/cme/attribute';
import { apiCall, loginCall, SESSION_START_MS } from '../cme/factories';
import { entryToRaw, fakeInspectedWindow, fakeNetwork, harEntryOf } from './fakes';

function session(
  har = [harEntryOf(loginCall())],
  known: { startedAt: number; method: string; url: string; durationMs: number }[] = [],
) {
  const network = fakeNetwork(har);
  const inspectedWindow = fakeInspectedWindow();
  const captured: CapturedCall[] = [];
  const cleared: string[] = [];
  const s = startCaptureSession({
    devtools: { network, inspectedWindow },
    decode: { attributor: createAttributor() },
    toRawCall: entryToRaw,
    onCaptured: (c) => captured.push(c),
    onNewDocument: (url) => {
      cleared.push(`${url} after ${captured.length}`);
    },
    known,
  });
  return { s, network, inspectedWindow, captured, cleared };
}

describe('capture session', () => {
  it('backfills from the HAR backlog before live calls, without duplicates', async () => {
    const login = harEntryOf(loginCall());
    const api = harEntryOf(apiCall({ startedAt: SESSION_START_MS + 10 }));
    const { s, network, captured } = session([api, login]);
    // The same call arrives live while the backlog is read.
    network.finish(api);
    await s.backfilled;
    await s.pipeline.idle();
    expect(captured.map((c) => c.decoded.action)).toEqual(['Login', 'ListMedia']);
    expect(captured[1]?.decoded.user?.userId).toBe('user_001');
  });

  it('does not add a backlog call that is already in the stored log', async () => {
    const login = loginCall();
    const { s, captured } = session(
      [harEntryOf(login)],
      [{ startedAt: login.startedAt, method: 'GET', url: login.request.url, durationMs: login.durationMs }],
    );
    await s.backfilled;
    await s.pipeline.idle();
    expect(captured).toEqual([]);
  });

  it('clears on a new document, after the calls made before it', async () => {
    const { s, network, inspectedWindow, captured, cleared } = session([]);
    await s.backfilled;
    network.finish(harEntryOf(apiCall()));
    inspectedWindow.state.document = '2000.1';
    network.navigate('http://page/next');
    network.finish(harEntryOf(apiCall({ action: 'AfterNavigation', startedAt: SESSION_START_MS + 9 })));
    await new Promise((r) => setTimeout(r, 20));
    await s.pipeline.idle();
    expect(cleared).toEqual(['http://page/next after 1']);
    expect(captured).toHaveLength(2);
  });

  it('never clears on an SPA route change (same document)', async () => {
    const { s, network, cleared } = session([]);
    await s.backfilled;
    network.navigate('http://page/#/route');
    await new Promise((r) => setTimeout(r, 20));
    await s.pipeline.idle();
    expect(cleared).toEqual([]);
  });

  it('treats an unanswerable page as a new document', async () => {
    const { s, network, inspectedWindow, cleared } = session([]);
    await s.backfilled;
    inspectedWindow.eval = (...args: unknown[]) => {
      (args[2] as (r: unknown, e: unknown) => void)(undefined, { isException: true });
    };
    network.navigate('http://page/');
    await new Promise((r) => setTimeout(r, 20));
    await s.pipeline.idle();
    expect(cleared).toHaveLength(1);
  });

  it('stops listening', async () => {
    const { s, network, captured } = session([]);
    await s.backfilled;
    s.stop();
    expect(network.listeners()).toBe(0);
    network.finish(harEntryOf(apiCall()));
    await s.pipeline.idle();
    expect(captured).toEqual([]);
  });
});
