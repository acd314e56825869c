import { describe, expect, it } from 'vitest';
import type { CapturedCall } from '../../lib/capture/capture-pipeline';
import { startCaptureSession } from '../../lib/capture/capture-session';
import { createAttributor } from '../../lib/cme/attribute';
import { apiCall, loginCall, SESSION_START_MS } from '../cme/factories';
import { fakeInspectedWindow, fakeNetwork, harEntryOf } from './fakes';

function session(
  har = [harEntryOf(loginCall())],
  known: { startedAt: number; method: string; url: string; durationMs: number }[] = [],
  pages: unknown[] = [],
) {
  const network = fakeNetwork(har, pages);
  const inspectedWindow = fakeInspectedWindow();
  const captured: CapturedCall[] = [];
  const cleared: string[] = [];
  const s = startCaptureSession({
    devtools: { network, inspectedWindow },
    decode: { attributor: createAttributor() },
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

  it('takes the live entry of a call that finished while the backlog was read, not the backlog copy', async () => {
    const login = harEntryOf(loginCall());
    const raw = apiCall({ startedAt: SESSION_START_MS + 10 });
    // Read into the backlog while its answer was loading: a status, but no body yet.
    const partial = harEntryOf(raw, 'none');
    const { s, network, captured } = session([login, partial]);
    network.finish(harEntryOf(raw));
    await s.backfilled;
    await s.pipeline.idle();
    expect(captured.map((c) => `${c.decoded.action}:${c.decoded.code ?? '-'}`)).toEqual([
      'Login:Success',
      'ListMedia:Success',
    ]);
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
    // The new document's time origin: after the first call started.
    inspectedWindow.state.document = String(SESSION_START_MS + 5);
    network.navigate('http://page/next');
    network.finish(harEntryOf(apiCall({ action: 'AfterNavigation', startedAt: SESSION_START_MS + 9 })));
    await new Promise((r) => setTimeout(r, 20));
    await s.pipeline.idle();
    expect(cleared).toEqual(['http://page/next after 1']);
    expect(captured).toHaveLength(2);
  });

  it("hands on again the new document's calls that finished before its navigation was reported (Firefox)", async () => {
    const { s, network, inspectedWindow, captured, cleared } = session([]);
    await s.backfilled;
    network.finish(harEntryOf(apiCall({ action: 'OldDocument' })));
    inspectedWindow.state.document = String(SESSION_START_MS + 5);
    // Reported late: the new document's first call finished first.
    network.finish(harEntryOf(apiCall({ action: 'NewDocument', startedAt: SESSION_START_MS + 9 })));
    await s.pipeline.idle();
    network.navigate('http://page/next');
    await new Promise((r) => setTimeout(r, 20));
    await s.pipeline.idle();
    expect(cleared).toEqual(['http://page/next after 2']);
    // Handed on once before the clear and once after it: the panel lists it after the clear.
    expect(captured.map((c) => c.decoded.action)).toEqual(['OldDocument', 'NewDocument', 'NewDocument']);
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

  describe('pages', () => {
    const page1 = {
      startedDateTime: '2023-11-14T22:14:00.000Z',
      id: 'page_1',
      title: 'http://127.0.0.1:8787/demo',
      pageTimings: { onContentLoad: 100, onLoad: 200 },
    };

    it('keeps the page getHAR listed for the calls of the backlog and the live calls after it', async () => {
      const login = { ...harEntryOf(loginCall()), pageref: 'page_1' };
      const { s, network, captured } = session([login], [], [page1]);
      await s.backfilled;
      // A live entry without a pageref belongs to the document that is loaded.
      network.finish(harEntryOf(apiCall({ startedAt: SESSION_START_MS + 10 })));
      await s.pipeline.idle();
      expect(captured.map((c) => [c.raw.pageref, c.raw.page])).toEqual([
        ['page_1', page1],
        ['page_1', page1],
      ]);
    });

    it('gives a new document a page of its own: its URL and when it loaded', async () => {
      const { s, network, inspectedWindow, captured } = session([], [], [page1]);
      await s.backfilled;
      inspectedWindow.state.document = '2000.1';
      network.navigate('http://127.0.0.1:8787/next');
      network.finish(harEntryOf(apiCall()));
      await new Promise((r) => setTimeout(r, 20));
      await s.pipeline.idle();
      const page = captured[0]!.raw.page!;
      expect(page).toMatchObject({ title: 'http://127.0.0.1:8787/next', pageTimings: {} });
      expect(captured[0]!.raw.pageref).toBe(page.id);
      expect(page.id).not.toBe('page_1');
      expect(Date.parse(page.startedDateTime)).toBeGreaterThan(Date.now() - 60_000);
      // The browser's own id for that document, when an entry brings one, names the page from then on.
      network.finish({ ...harEntryOf(apiCall({ startedAt: SESSION_START_MS + 20 })), pageref: 'page_2' });
      await s.pipeline.idle();
      expect(captured[1]!.raw.page).toEqual({ ...page, id: 'page_2' });
    });

    it('leaves the page out when none is known', async () => {
      const { s, captured } = session([harEntryOf(loginCall())]);
      await s.backfilled;
      await s.pipeline.idle();
      expect(captured[0]!.raw.page).toBeUndefined();
      expect(captured[0]!.raw.pageref).toBeUndefined();
    });
  });
});
