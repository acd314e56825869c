/**
 * Issue 19, "Filter language", in real Chromium and Firefox on the sandbox demo: a negated term lists
 * only the failed calls; `act` offers `action:`, taken by keyboard, then a value of this tab taken by
 * keyboard filters the list; an invalid term says why (note, title, underline) and filters nothing; the
 * panel page opened again for the same tab (a new panel document) brings the query back from
 * storage.session. Screenshots of the suggestions and of an invalid term, en and zh_CN (light here,
 * dark in the last block).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { browsersUnderTest, launch, type TestBrowser, type TestPanel } from '../harness';
import { poll } from '../harness/util';
import {
  asciiLiteral,
  DEMO_ACTIONS,
  openDemoWithPanel,
  setLanguage,
  setPanelFilter,
  waitForCount,
  type HookRow,
} from './support';

/** The ids the list shows, in order. */
const listed = (panel: TestPanel) =>
  panel.evaluate<number[]>(
    `Array.from(document.querySelectorAll('.cme-row')).map((r) => Number(r.getAttribute('data-id')))`,
  );
const idsOf = (rows: HookRow[]) => rows.map((r) => r.id);

/** Dispatches a key on the filter box, as the keyboard would (our own listener reads it). */
const key = (panel: TestPanel, name: string) =>
  panel.evaluate(`(() => {
    const input = document.querySelector('input[name="filter"]');
    input.dispatchEvent(new document.defaultView.KeyboardEvent('keydown', { key: ${JSON.stringify(name)}, bubbles: true, cancelable: true }));
    return true;
  })()`);

/** The combobox's state: expanded, the active option's text, every option's text, the query. */
const combo = (panel: TestPanel) =>
  panel.evaluate<{
    expanded: string | null;
    active: string | null;
    options: string[];
    value: string;
  }>(`(() => {
    const input = document.querySelector('input[name="filter"]');
    const id = input.getAttribute('aria-activedescendant');
    const active = id ? document.getElementById(id) : null;
    return {
      expanded: input.getAttribute('aria-expanded'),
      active: active && active.getAttribute('role') === 'option' ? active.textContent : null,
      options: Array.from(document.querySelectorAll('#' + input.getAttribute('aria-controls') + ' [role="option"]')).map((o) => o.textContent),
      value: input.value,
    };
  })()`);

/** Types `text` at the end of the box (focused), as one input event. */
async function typeAtEnd(panel: TestPanel, text: string): Promise<void> {
  await panel.evaluate(`(() => {
    const input = document.querySelector('input[name="filter"]');
    input.focus();
    input.value = ${asciiLiteral(text)};
    input.setSelectionRange(input.value.length, input.value.length);
    input.dispatchEvent(new document.defaultView.Event('input', { bubbles: true }));
    return true;
  })()`);
}

/** Waits until the panel speaks Chinese (the filter box's placeholder). */
const inChinese = (panel: TestPanel) =>
  poll('the panel in Chinese', () =>
    panel.evaluate<boolean>(
      `document.querySelector('input[name="filter"]').placeholder.includes(${asciiLiteral('筛选')})`,
    ),
  );

/** The invalid terms' notes: [kind, text], and what the input says about them. */
const invalid = (panel: TestPanel) =>
  panel.evaluate<{
    notes: [string, string][];
    describedBy: string | null;
    title: string;
    marks: string[];
  }>(`(() => {
    const input = document.querySelector('input[name="filter"]');
    const id = input.getAttribute('aria-describedby');
    return {
      notes: Array.from(document.querySelectorAll('[data-filter-error]')).map((n) => [n.getAttribute('data-filter-error'), n.textContent]),
      describedBy: id && document.getElementById(id) ? document.getElementById(id).textContent : null,
      title: input.title,
      marks: Array.from(document.querySelectorAll('.cme-filter-bad')).map((m) => m.textContent),
    };
  })()`);

describe.each(browsersUnderTest())('filter language in %s', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  let panel: TestPanel;
  let rows: HookRow[];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    browser = await launch(name, { devtools: true });
    ({ panel, rows } = await openDemoWithPanel(browser, sandbox.url));
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('-code:Success lists only the failed calls', async () => {
    const failed = rows.filter((r) => !r.ok);
    expect(failed.map((r) => r.action)).toEqual(['DeleteMaterial']);
    await setPanelFilter(panel, '-code:Success');
    await poll('only the failed calls', async () =>
      JSON.stringify(await listed(panel)) === JSON.stringify(idsOf(failed)) ? true : null,
    );
  });

  it('takes action: and then a value of this tab from the suggestions by keyboard', async () => {
    await typeAtEnd(panel, 'act');
    const keys = await poll('the key suggestions', async () => {
      const c = await combo(panel);
      return c.expanded === 'true' ? c : null;
    });
    expect(keys.options).toEqual(['action:']);
    expect(keys.active).toBe('action:');
    await key(panel, 'Enter');
    const values = await poll('the values of action:', async () => {
      const c = await combo(panel);
      return c.value === 'action:' && c.expanded === 'true' ? c : null;
    });
    // The tab's actions, sorted; ArrowDown moves to the second one.
    expect(values.options).toEqual([...DEMO_ACTIONS].sort((a, b) => a.localeCompare(b)));
    await key(panel, 'ArrowDown');
    const moved = await poll('the second value active', async () => {
      const c = await combo(panel);
      return c.active === values.options[1] ? c : null;
    });
    await panel.screenshot(`/tmp/shots/filter-${name}-light-en-suggestions.png`);
    await key(panel, 'Enter');
    const picked = moved.active!;
    const after = await poll('the value taken', async () => {
      const c = await combo(panel);
      return c.value === `action:${picked} ` ? c : null;
    });
    expect(after.expanded).toBe('false');
    const expected = idsOf(rows.filter((r) => r.action === picked));
    expect(expected.length).toBeGreaterThan(0);
    await poll('the list filtered by the action picked', async () =>
      JSON.stringify(await listed(panel)) === JSON.stringify(expected) ? true : null,
    );
    // The Action shortcut select shows the term's value.
    expect(await panel.evaluate<string>(`document.querySelector('select[name="action"]').value`)).toBe(
      picked,
    );
    // Escape closes the list without taking anything.
    await typeAtEnd(panel, `action:${picked} is:`);
    await poll('the is: values', async () => ((await combo(panel)).expanded === 'true' ? true : null));
    await key(panel, 'Escape');
    await poll('the list closed', async () => ((await combo(panel)).expanded === 'false' ? true : null));
    expect((await combo(panel)).value).toBe(`action:${picked} is:`);
  });

  it('says why a term is invalid, underlines it, and lets the rest filter', async () => {
    await setPanelFilter(panel, 'acton:ListMedia is:faild duration:>abc');
    const shown = await poll('the reasons', async () => {
      const s = await invalid(panel);
      return s.notes.length === 3 ? s : null;
    });
    expect(shown.notes.map(([kind]) => kind)).toEqual(['unknown-key', 'unknown-is', 'bad-number']);
    expect(shown.notes[0]![1]).toContain('did you mean action:?');
    expect(shown.notes[1]![1]).toContain('did you mean is:failed?');
    // The status shortcut shows no value for an invalid is: term.
    expect(await panel.evaluate<string>(`document.querySelector('select[name="status"]').value`)).toBe('');
    expect(shown.notes[2]![1]).toContain('>500');
    expect(shown.describedBy).toContain('acton:ListMedia unknown key');
    expect(shown.title).toContain('acton:ListMedia: unknown key');
    expect(shown.marks).toEqual(['acton:ListMedia', 'is:faild', 'duration:>abc']);
    // Invalid terms filter nothing: every call is listed.
    await poll('every call listed', async () => ((await listed(panel)).length === rows.length ? true : null));
    await panel.screenshot(`/tmp/shots/filter-${name}-light-en-invalid.png`);
    await setPanelFilter(panel, 'is:failed acton:x');
    await poll('the valid term applies', async () =>
      JSON.stringify(await listed(panel)) === JSON.stringify(idsOf(rows.filter((r) => !r.ok))) ? true : null,
    );
  });

  it('brings the query back when the panel opens again for the tab', async () => {
    const query = '-code:Success method:POST';
    await setPanelFilter(panel, query);
    const keyName = await panel.evaluate<string>(
      `'cme-devtools.filter.' + (window.browser ?? window.chrome).devtools.inspectedWindow.tabId`,
    );
    // Kept in storage.session (typing pauses first), as the next panel document reads it.
    await poll('the query kept', async () =>
      (await panel.evaluate<string | null>(`(async () => {
        const got = await (window.browser ?? window.chrome).storage.session.get(${JSON.stringify(keyName)});
        return got[${JSON.stringify(keyName)}] ?? null;
      })()`)) === query
        ? true
        : null,
    );
    await panel.evaluate('(setTimeout(() => location.reload(), 0), true)');
    await poll(
      'the panel opened again',
      () =>
        panel
          .evaluate<boolean>('!!window.__cmePanel && document.readyState === "complete"')
          .catch(() => false),
      20_000,
    );
    await waitForCount(panel, rows.length);
    expect(await panel.evaluate<string>(`document.querySelector('input[name="filter"]').value`)).toBe(query);
    await poll('the kept filter applied', async () =>
      JSON.stringify(await listed(panel)) === JSON.stringify(idsOf(rows.filter((r) => !r.ok))) ? true : null,
    );
  });

  it('speaks Chinese: suggestions and reasons (screenshots)', async () => {
    await setLanguage(browser, 'zh_CN');
    await inChinese(panel);
    await setPanelFilter(panel, 'acton:x is:faild');
    await poll('the reasons in Chinese', async () =>
      (await invalid(panel)).describedBy?.includes('是否想用') ? true : null,
    );
    await panel.screenshot(`/tmp/shots/filter-${name}-light-zh-invalid.png`);
    await typeAtEnd(panel, 'code:');
    await poll('the code values', async () => ((await combo(panel)).expanded === 'true' ? true : null));
    await panel.screenshot(`/tmp/shots/filter-${name}-light-zh-suggestions.png`);
    await setLanguage(browser, 'en');
  });
});

// Dark theme screenshots (Chromium: the harness's dark DevTools theme).
describe.each(browsersUnderTest().filter((n) => n === 'chromium'))('filter language, dark, in %s', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    browser = await launch(name, { devtools: true, dark: true });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('shows the suggestions and an invalid term in the dark theme, en and zh_CN', async () => {
    const { panel } = await openDemoWithPanel(browser, sandbox.url);
    for (const lang of ['en', 'zh'] as const) {
      if (lang === 'zh') {
        await setLanguage(browser, 'zh_CN');
        await inChinese(panel);
      }
      await setPanelFilter(panel, 'acton:x is:faild');
      await poll('the reasons', async () => ((await invalid(panel)).notes.length === 2 ? true : null));
      await panel.screenshot(`/tmp/shots/filter-${name}-dark-${lang}-invalid.png`);
      await typeAtEnd(panel, '-code:');
      await poll('the code values', async () => ((await combo(panel)).expanded === 'true' ? true : null));
      await panel.screenshot(`/tmp/shots/filter-${name}-dark-${lang}-suggestions.png`);
    }
  });
});
