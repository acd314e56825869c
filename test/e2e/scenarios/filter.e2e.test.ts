/**
 * The panel's regex filter in real Chromium and Firefox (issue 15 item 7), typed `/…/` in the filter
 * box (issue 19's filter language): with a captured body of 600 `a`s, `(a+)+$` is refused before it runs and `(a|aa)+$`, which backtracks for ever, is stopped
 * in its worker after the time budget; the panel answers throughout, says so in the filter box, keeps
 * the list it showed, and filters normally again after. This also proves the worker chunk loads in
 * both built extensions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { browsersUnderTest, launch, type TestBrowser, type TestPage, type TestPanel } from '../harness';
import { poll } from '../harness/util';
import { DEMO_ACTIONS, setPanelFilter, waitForCount, openDemoWithPanel } from './support';

const A_COUNT = 600;

describe.each(browsersUnderTest())('regex filter in %s', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  let demo: TestPage;
  let panel: TestPanel;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    browser = await launch(name, { devtools: true });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  /** The filter box's note: its kind and text, or null. */
  const note = () =>
    panel.evaluate<{ kind: string; text: string } | null>(`(() => {
      const el = document.querySelector('[data-filter-status]');
      return el ? { kind: el.getAttribute('data-filter-status'), text: el.textContent } : null;
    })()`);
  const listed = () => panel.evaluate<number>(`document.querySelectorAll('.cme-row').length`);

  /** The panel answers a script (its thread is not stuck) within `ms`. */
  async function answersWithin(ms: number): Promise<void> {
    const answer = panel.evaluate<number>('1 + 1');
    const late = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), ms));
    expect(await Promise.race([answer, late])).toBe(2);
  }

  it('refuses (a+)+$ and stops (a|aa)+$ after its budget over a body of many a’s, and answers throughout', async () => {
    ({ demo, panel } = await openDemoWithPanel(browser, sandbox.url));
    await poll('the demo run to end', () =>
      demo.evaluate<boolean>(`!document.getElementById('run').disabled`),
    );
    await demo.evaluate(
      `api('Material/CreateClass', { Name: 'a'.repeat(${A_COUNT}) }).then(() => true, () => true)`,
    );
    await waitForCount(panel, DEMO_ACTIONS.length + 1);

    // A plain filter first: the list the regex filters must keep.
    await setPanelFilter(panel, 'createclass');
    await poll('the plain filter', async () => (await listed()) === 2);

    await setPanelFilter(panel, '/(a+)+$/');
    const refused = await poll('the refusal', note, 5000);
    expect(refused.kind).toBe('refused');
    expect(refused.text).toContain('(a+)+');
    await answersWithin(2000);
    expect(await listed()).toBe(2);

    await setPanelFilter(panel, '/(a|aa)+$/');
    const stopped = await poll(
      'the stop after the budget',
      async () => {
        const n = await note();
        return n?.kind === 'too-slow' ? n : null;
      },
      10_000,
    );
    expect(stopped.text).toMatch(/too slow: stopped after 200 ms/i);
    await answersWithin(2000);
    expect(await listed()).toBe(2);
    await panel.screenshot(`/tmp/shots/filter-${name}-too-slow.png`);

    // A normal regex runs on a fresh worker and filters.
    await setPanelFilter(panel, '/material\\/(createclass|deleteclass)/');
    await poll('the normal regex', async () => (await note()) === null && (await listed()) === 3, 10_000);
  });
});
