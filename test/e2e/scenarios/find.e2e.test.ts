/**
 * Find in bodies (issue 19) in real Chromium and Firefox: the demo makes a CreateClass call whose request
 * body holds a marker twice, once in Name and once 6,000 characters into Pad — far past the list's
 * 2,048-character search text. Ctrl+F (a keydown on the panel's document) opens the find bar in the
 * detail; the marker is counted "1 / 2", the current mark is in view in the tree and in the raw view,
 * Enter/F3 and Shift+Enter move between the two, and Escape closes the bar and gives focus back.
 * Screenshots in en and zh_CN, light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { browsersUnderTest, launch, type TestBrowser, type TestPage, type TestPanel } from '../harness';
import { poll } from '../harness/util';
import {
  asciiLiteral,
  DEMO_ACTIONS,
  openDemoWithPanel,
  selectRow,
  setLanguage,
  waitForCount,
} from './support';

const MARKER = 'needle-7f3';
const PAD = 6000;

/** Makes the call with the marker and opens it in the panel. */
async function openMarkedCall(demo: TestPage, panel: TestPanel): Promise<void> {
  await poll('the demo run to end', () => demo.evaluate<boolean>(`!document.getElementById('run').disabled`));
  await demo.evaluate(
    `api('Material/CreateClass', { ParentClassId: 0, Name: '${MARKER} first', Owner: owner,
      Pad: 'y'.repeat(${PAD}) + ' ${MARKER} ' }).then(() => true, () => true)`,
  );
  const rows = await waitForCount(panel, DEMO_ACTIONS.length + 1, 20_000, demo);
  const marked = rows.filter((r) => r.action === 'CreateClass').at(-1)!;
  await selectRow(panel, marked.id);
  await poll('the detail of the call', () =>
    panel.evaluate<boolean>(`!!document.querySelector('.cme-detail button[name="tab-request"]')`),
  );
}

/** Presses a key on the panel (its document, or the focused element); whether the default was prevented. */
const press = (panel: TestPanel, init: Record<string, unknown>) =>
  panel.evaluate<boolean>(`(() => {
    const target = document.activeElement ?? document;
    const ev = new document.defaultView.KeyboardEvent('keydown',
      Object.assign({ bubbles: true, cancelable: true }, ${JSON.stringify(init)}));
    return !target.dispatchEvent(ev);
  })()`);

/**
 * A screenshot once the panel has painted twice and a moment more: the DevTools window's capture may show
 * an earlier frame of the panel's scroll (cosmetic only: every assertion polls the panel's own state).
 */
async function shot(panel: TestPanel, path: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  await panel.evaluate(
    `new Promise((r) => { const w = document.defaultView; w.requestAnimationFrame(() => w.requestAnimationFrame(() => r(true))); })`,
  );
  await panel.screenshot(path);
}

/** Types into the find box as a user would. */
const typeFind = (panel: TestPanel, text: string) =>
  panel.evaluate(`(() => {
    const input = document.querySelector('input[name="find"]');
    input.value = ${JSON.stringify(text)};
    input.dispatchEvent(new document.defaultView.Event('input', { bubbles: true }));
    return true;
  })()`);

interface FindState {
  count: string;
  tab: string | null;
  view: string | null;
  current: string | null;
  /** The current mark lies inside the detail's visible box (and its raw box's, in the raw view). */
  inView: boolean;
  marks: number;
}

const state = (panel: TestPanel) =>
  panel.evaluate<FindState | null>(`(() => {
    const bar = document.querySelector('.cme-find');
    if (!bar) return null;
    const mark = document.querySelector('[data-find-current]');
    const visible = (el, box) => {
      const r = el.getBoundingClientRect(), b = box.getBoundingClientRect();
      return r.height > 0 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1 && r.left >= b.left - 1 && r.right <= b.right + 1;
    };
    const body = document.querySelector('.cme-detail-body');
    const pre = mark && mark.closest('pre');
    return {
      count: bar.querySelector('[data-find-count]').textContent,
      tab: document.querySelector('.cme-detail [role="tab"][aria-selected="true"]')?.getAttribute('name') ?? null,
      view: document.querySelector('[data-body="request"]')?.getAttribute('data-view') ?? null,
      current: mark ? mark.textContent : null,
      inView: !!mark && visible(mark, body) && (!pre || visible(mark, pre)),
      marks: document.querySelectorAll('mark.find-mark').length,
    };
  })()`);

/** Waits until the find shows `count` with its current mark in view. */
const shows = (panel: TestPanel, count: RegExp, view: 'tree' | 'raw') =>
  poll(`the find at ${count} in the ${view} view`, async () => {
    const s = await state(panel);
    return s !== null && count.test(s.count) && s.view === view && s.inView ? s : null;
  });

describe.each(browsersUnderTest())('find in bodies in %s', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  let demo: TestPage;
  let panel: TestPanel;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    browser = await launch(name, { devtools: true });
    ({ demo, panel } = await openDemoWithPanel(browser, sandbox.url));
    await openMarkedCall(demo, panel);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('finds a marker 6,000 characters into a request body, in the tree and raw, moves, and closes on Escape', async () => {
    // Focus where Escape must bring it back: the Overview tab.
    await panel.evaluate(`(document.querySelector('button[name="tab-overview"]').focus(), true)`);
    expect(await press(panel, { key: 'f', code: 'KeyF', ctrlKey: true })).toBe(true);
    await poll('the find box focused', () =>
      panel.evaluate<boolean>(`document.activeElement?.getAttribute('name') === 'find'`),
    );
    await typeFind(panel, MARKER.toUpperCase());
    // Opened on Overview: the first match's body (the request) is shown, in its tree.
    const first = await shows(panel, /^1 \/ 2\b/, 'tree');
    expect(first.tab).toBe('tab-request');
    expect(first.current).toBe(MARKER);

    // The second is past the 300 characters a long string shows: it is shown in full for it.
    expect(await press(panel, { key: 'Enter' })).toBe(true);
    const second = await shows(panel, /^2 \/ 2\b/, 'tree');
    expect(second.current).toBe(MARKER);
    expect(second.marks).toBe(2);
    await shot(panel, `/tmp/shots/find-${name}-light-en-tree.png`);

    // F3 wraps to the first, Shift+Enter back to the second.
    expect(await press(panel, { key: 'F3' })).toBe(true);
    await shows(panel, /^1 \/ 2\b/, 'tree');
    expect(await press(panel, { key: 'Enter', shiftKey: true })).toBe(true);
    await shows(panel, /^2 \/ 2\b/, 'tree');

    // The raw view: searched as shown, the current match kept, its mark in view inside the raw box.
    await panel.evaluate(
      `(document.querySelector('[data-body="request"] .cme-body-switch button').click(), true)`,
    );
    const raw = await shows(panel, /^2 \/ 2\b/, 'raw');
    expect(raw.current).toBe(MARKER);
    // Where the current mark starts in the raw text: past the pad.
    const offset = await panel.evaluate<number>(`(() => {
      const range = document.createRange();
      range.setStart(document.querySelector('pre.cme-raw'), 0);
      range.setEndBefore(document.querySelector('[data-find-current]'));
      return range.toString().length;
    })()`);
    expect(offset).toBeGreaterThan(PAD);
    await shot(panel, `/tmp/shots/find-${name}-light-en-raw.png`);
    await panel.evaluate(`(document.querySelector('button[name="find-previous"]').click(), true)`);
    await shows(panel, /^1 \/ 2\b/, 'raw');

    // Escape from the box closes the bar, clears the marks and gives focus back.
    await panel.evaluate(`(document.querySelector('input[name="find"]').focus(), true)`);
    expect(await press(panel, { key: 'Escape' })).toBe(true);
    await poll('the bar closed', async () => (await state(panel)) === null);
    expect(await panel.evaluate<number>(`document.querySelectorAll('mark').length`)).toBe(0);
    expect(await panel.evaluate<string | null>(`document.activeElement?.getAttribute('name') ?? null`)).toBe(
      'tab-overview',
    );
  });

  it('says the same in Chinese', async () => {
    await setLanguage(browser, 'zh_CN');
    await poll('the panel in Chinese', () =>
      panel.evaluate<boolean>(
        `document.querySelector('button[name="tab-request"]').textContent === ${asciiLiteral('请求')}`,
      ),
    );
    await press(panel, { key: 'f', code: 'KeyF', ctrlKey: true });
    await typeFind(panel, MARKER);
    const s = await shows(panel, /^1 \/ 2 · 请求$/, 'raw');
    expect(s.current).toBe(MARKER);
    await shot(panel, `/tmp/shots/find-${name}-light-zh-raw.png`);
  });
});

describe.each(browsersUnderTest())('find in bodies in %s, dark', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  let panel: TestPanel;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    browser = await launch(name, { devtools: true, dark: true });
    let demo: TestPage;
    ({ demo, panel } = await openDemoWithPanel(browser, sandbox.url));
    await openMarkedCall(demo, panel);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('marks the matches in the dark theme, en and zh_CN', async () => {
    await press(panel, { key: 'f', code: 'KeyF', ctrlKey: true });
    await typeFind(panel, MARKER);
    await shows(panel, /^1 \/ 2\b/, 'tree');
    await press(panel, { key: 'F3' });
    await shows(panel, /^2 \/ 2\b/, 'tree');
    await shot(panel, `/tmp/shots/find-${name}-dark-en-tree.png`);
    await setLanguage(browser, 'zh_CN');
    await poll('the bar in Chinese', () =>
      panel.evaluate<boolean>(
        `document.querySelector('input[name="find"]')?.placeholder === ${asciiLiteral('在请求和响应内容中查找')}`,
      ),
    );
    await panel.evaluate(
      `(document.querySelector('[data-body="request"] .cme-body-switch button').click(), true)`,
    );
    await shows(panel, /^2 \/ 2 · 请求$/, 'raw');
    await shot(panel, `/tmp/shots/find-${name}-dark-zh-raw.png`);
  });
});
