/**
 * A live entry without a pageref (Firefox's) gets the page of the document it came from, asked of the
 * page itself — never of getHAR while calls come: in Firefox a getHAR during the page's traffic stalls
 * DevTools' own network events.
 */
import { describe, expect, it } from 'vitest';
import type { CapturedCall } from '../../lib/capture/capture-pipeline';
import { startCaptureSession } from '../../lib/capture/capture-session';
import { createAttributor } from '../../lib/cme/attribute';
import { apiCall, SESSION_START_MS } from '../cme/factories';
import { fakeNetwork, harEntryOf } from './fakes';

describe('the page of a live call', () => {
  it('is made from the document (its URL and time origin), with no HAR read during traffic', async () => {
    const network = fakeNetwork([]);
    let reads = 0;
    const getHAR = network.getHAR;
    network.getHAR = (...a: unknown[]) => {
      reads++;
      return getHAR(...a);
    };
    const origin = SESSION_START_MS - 60_000.25;
    let asked = 0;
    const inspectedWindow = {
      tabId: 7,
      eval: (...args: unknown[]) => {
        const cb = args[2] as (result: unknown) => void;
        const document = String(args[0]).startsWith('JSON.stringify');
        if (document) asked++;
        setTimeout(
          () => cb(document ? JSON.stringify(['http://127.0.0.1:8787/demo', origin]) : String(origin)),
          0,
        );
      },
    };
    const captured: CapturedCall[] = [];
    const s = startCaptureSession({
      devtools: { network, inspectedWindow },
      decode: { attributor: createAttributor() },
      onCaptured: (c) => captured.push(c),
      onNewDocument: () => {},
    });
    await s.backfilled;
    const before = reads;
    network.finish(harEntryOf(apiCall({ startedAt: SESSION_START_MS })));
    network.finish(harEntryOf(apiCall({ action: 'CreateClass', startedAt: SESSION_START_MS + 1 })));
    await new Promise((r) => setTimeout(r, 10));
    await s.pipeline.idle();
    expect(reads).toBe(before);
    // Asked once for the document, and both calls have its page.
    expect(asked).toBe(1);
    const page = {
      title: 'http://127.0.0.1:8787/demo',
      startedDateTime: new Date(Math.round(origin)).toISOString(),
    };
    expect(captured.map((c) => c.raw.page)).toMatchObject([page, page]);
    expect(s.trace().some((t) => t.what === 'page: made from the document')).toBe(true);
  });

  it('keeps the page the entry names itself (Chrome)', async () => {
    const network = fakeNetwork(
      [],
      [
        {
          id: 'page_3',
          title: 'Demo',
          startedDateTime: new Date(SESSION_START_MS).toISOString(),
          pageTimings: {},
        },
      ],
    );
    const captured: CapturedCall[] = [];
    const s = startCaptureSession({
      devtools: { network, inspectedWindow: { tabId: 7, eval: () => {} } },
      decode: { attributor: createAttributor() },
      onCaptured: (c) => captured.push(c),
      onNewDocument: () => {},
    });
    await s.backfilled;
    network.finish({ ...harEntryOf(apiCall({ startedAt: SESSION_START_MS })), pageref: 'page_3' });
    await s.pipeline.idle();
    expect(captured[0]!.raw.page).toMatchObject({ id: 'page_3', title: 'Demo' });
  });
});
