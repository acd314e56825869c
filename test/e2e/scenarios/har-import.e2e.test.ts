/**
 * The HAR viewer imports a big file in slices: it shows how far it is (bytes, %, calls, rate), lists the
 * calls as they come, can be cancelled (button or Esc) keeping what it read, says clearly what is wrong
 * with a file that is not a HAR (the list stays as it was), and imports again after any of these.
 * The HAR is made in the viewer page from a template of synthetic CME calls (a few MB; ~40 MB to cancel).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticCalls } from '../../../bench/synthetic';
import { rawCallsToHar } from '../../../lib/cme/har';
import { importHar } from '../../../lib/ui/panel/export';
import { browsersUnderTest, launch, type TestBrowser, type TestPage } from '../harness';
import { poll } from '../harness/util';

const template = rawCallsToHar(syntheticCalls(40, 3), { reveal: true }) as { log: { entries: unknown[] } };
/** CME calls among the template's entries. */
const CME_PER_ROUND = importHar(JSON.stringify(template)).rows.length;
/** The entries as JSON, their start times left for the page to fill in (so that they rise). */
const ENTRIES = template.log.entries.map((e) =>
  JSON.stringify({ ...(e as object), startedDateTime: '__T__' }),
);

/** Defines `window.__makeHar(rounds, name)` in the viewer page: a File of the template repeated. */
const MAKE_HAR = `(() => {
  const entries = ${JSON.stringify(ENTRIES)};
  window.__makeHar = (rounds, name) => {
    const parts = ['{"log":{"version":"1.2","creator":{"name":"e2e","version":"1"},"pages":[],"entries":['];
    let k = 0;
    for (let r = 0; r < rounds; r++)
      for (const e of entries)
        parts.push((k === 0 ? '' : ',') + e.replace('__T__', new Date(1700000000000 + 50 * k++).toISOString()));
    parts.push(']}}');
    return new File(parts, name, { type: 'application/json' });
  };
  // Sets a file on the Import input as a user would pick it.
  window.__pick = (file) => {
    const input = document.querySelector('input[name="import"]');
    const dt = new DataTransfer();
    dt.items.add(file);
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  };
  // Runs act() once the import shows its first calls (inside the render, before the next slice is read).
  window.__whenReading = (act) => new Promise((resolve) => {
    const seen = () => /[1-9]/.test(document.querySelector('[data-import-reading]')?.textContent?.split(',')[1] ?? '');
    const obs = new MutationObserver(() => { if (seen()) { obs.disconnect(); act(); resolve(true); } });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return true;
})()`;

interface Note {
  phase: string | null;
  text: string;
}
const NOTE = `(() => {
  const el = document.querySelector('[data-import]');
  return { phase: el?.getAttribute('data-import') ?? null, text: el?.textContent ?? '' };
})()`;

describe.each(browsersUnderTest())('HAR viewer import in %s', (name) => {
  let browser: TestBrowser;
  let viewer: TestPage;
  const count = () => viewer.evaluate<number>('window.__cmePanel.count()');
  const note = () => viewer.evaluate<Note>(NOTE);
  /** Waits for the import note of `phase` (and about `file`, when given). */
  const until = async (phase: string, file = ''): Promise<Note> => {
    let last: Note = { phase: null, text: '' };
    const seen = async () => (last = await note()).phase === phase && last.text.includes(file);
    await poll(`the import ${phase} ${file}`, seen, 60_000).catch((e: Error) => {
      throw new Error(`${e.message}; the note says: ${last.phase} ${last.text}`);
    });
    return last;
  };

  beforeAll(async () => {
    browser = await launch(name, {});
    viewer = await browser.openExtensionPage('/devtools-panel.html?mode=viewer');
    await poll('the viewer', () => viewer.evaluate<boolean>('!!window.__cmePanel'));
    await viewer.evaluate(MAKE_HAR);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('imports a HAR of a few MB: shows its progress, then every call', async () => {
    const rounds = 25;
    const size = await viewer.evaluate<number>(`(() => {
      window.__sawReading = false;
      const file = window.__makeHar(${rounds}, 'few-mb.har');
      window.__whenReading(() => (window.__sawReading = true));
      window.__pick(file);
      return file.size;
    })()`);
    expect(size).toBeGreaterThan(2_000_000);
    const done = await until('done');
    expect(await viewer.evaluate<boolean>('window.__sawReading')).toBe(true);
    const total = rounds * CME_PER_ROUND;
    expect(await count()).toBe(total);
    expect(done.text).toContain(`Imported ${total.toLocaleString('en')} calls from few-mb.har`);
    expect(await viewer.text()).toContain('Viewing few-mb.har');
    // A call's raw request and answer are read again from the file when it is opened (HTTP status, URL).
    await viewer.evaluate(`document.querySelector('[role="row"][data-id]')?.click()`);
    await poll('the detail of an imported call', () =>
      viewer.evaluate<boolean>(
        `/HTTP 200 · .*POST https:/.test(document.querySelector('.cme-detail')?.textContent ?? '')`,
      ),
    );
  });

  it('cancels an import mid-way (button), keeping what it read, and imports again', async () => {
    await viewer.evaluate(`(() => {
      const file = window.__makeHar(100, 'big.har');
      window.__whenReading(() => document.querySelector('button[name="import-cancel"]').click());
      window.__pick(file);
      return true;
    })()`);
    const cancelled = await until('cancelled');
    const kept = Number(
      /the ([\d,]+) calls? read so far are kept/.exec(cancelled.text)?.[1]?.replace(/,/g, ''),
    );
    expect(cancelled.text).toMatch(/^Import cancelled at \d+%/);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(100 * CME_PER_ROUND);
    expect(await count()).toBe(kept);
    // Again, to the end.
    await viewer.evaluate(`window.__pick(window.__makeHar(3, 'again.har'))`);
    await until('done', 'again.har');
    expect(await count()).toBe(3 * CME_PER_ROUND);
  });

  it('cancels with Esc; a file that is not a HAR leaves the list as it was and says why', async () => {
    const before = await count();
    await viewer.evaluate(`(() => {
      window.__whenReading(() =>
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })),
      );
      window.__pick(window.__makeHar(100, 'esc.har'));
      return true;
    })()`);
    const cancelled = await until('cancelled');
    expect(cancelled.text).toMatch(/read so far are kept/);
    const kept = await count();
    expect(kept).toBeGreaterThan(0);
    await viewer.evaluate(`window.__pick(new File(['<!doctype html><p>not a HAR</p>'], 'page.html'))`);
    const failed = await until('failed', 'page.html');
    expect(failed.text).toContain('page.html was not imported: Not a HAR file: not a JSON object');
    expect(failed.text).toContain('The list is as it was');
    expect(await count()).toBe(kept);
    expect(before).toBeGreaterThan(0);
    // A file cut short keeps the calls before the cut and says so.
    await viewer.evaluate(`(async () => {
      const whole = window.__makeHar(4, 'x');
      window.__pick(new File([whole.slice(0, Math.floor(whole.size * 0.6))], 'cut.har'));
      return true;
    })()`);
    const cut = await until('failed', 'cut.har');
    expect(cut.text).toMatch(/cut\.har could not be read to the end: The HAR file ends early/);
    const read = await count();
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(4 * CME_PER_ROUND);
  });
});

// Screenshots of the progress state (Chromium): the read is held at about a third by gating the page's
// Blob reads, so the picture shows the reading state, not a finished one.
describe.runIf(browsersUnderTest().includes('chromium'))('HAR viewer import screenshots', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    for (const dark of [false, true]) {
      it(`shows the progress (${locale}, ${dark ? 'dark' : 'light'})`, async () => {
        const browser = await launch('chromium', { locale, dark, windowSize: { width: 1100, height: 420 } });
        try {
          const viewer = await browser.openExtensionPage('/devtools-panel.html?mode=viewer');
          await poll('the viewer', () => viewer.evaluate<boolean>('!!window.__cmePanel'));
          await viewer.evaluate(MAKE_HAR);
          await viewer.evaluate(`(() => {
            const read = Blob.prototype.arrayBuffer;
            let n = 0;
            window.__release = null;
            Blob.prototype.arrayBuffer = function () {
              if (++n < 40) return read.call(this);
              return new Promise((r) => (window.__release = () => r(read.call(this))));
            };
            window.__pick(window.__makeHar(120, 'support-ticket-4711.har'));
            return true;
          })()`);
          await poll('the held read', () =>
            viewer.evaluate<boolean>('typeof window.__release === "function"'),
          );
          mkdirSync('/tmp/shots', { recursive: true });
          const path = `/tmp/shots/viewer-import-${locale}-${dark ? 'dark' : 'light'}.png`;
          await viewer.screenshot(path);
          expect(
            await viewer.evaluate<string | null>(
              `document.querySelector('[data-import]')?.dataset.import ?? null`,
            ),
          ).toBe('reading');
          // Cancelled while the read is held: the note says what was kept.
          await viewer.evaluate(`(() => {
            document.querySelector('button[name="import-cancel"]').click();
            window.__release();
            return true;
          })()`);
          await poll('the cancelled note', () =>
            viewer.evaluate<boolean>(
              `document.querySelector('[data-import]')?.dataset.import === 'cancelled'`,
            ),
          );
          await viewer.screenshot(path.replace('.png', '-cancelled.png'));
        } finally {
          await browser.close();
        }
      });
    }
  }
});
