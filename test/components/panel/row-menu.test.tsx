// @vitest-environment happy-dom
/**
 * The row menu in the list: right-click and Shift+F10/ContextMenu open it on a row; arrows move among
 * the enabled items, Escape closes it and gives focus back to the list on that row; items run their
 * actions (copy through the panel's copier, masked; filter; hide); focus stays on the list while rows
 * stream in. And the `?` overlay: opens, lists Ctrl+F, traps Tab, Escape closes and gives focus back.
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CallDetail } from '../../../components/panel/call-detail';
import { CallList } from '../../../components/panel/call-list';
import { I18nProvider } from '../../../components/i18n-context';
import { PanelKeys } from '../../../components/panel/panel-keys';
import { ShortcutsOverlay } from '../../../components/panel/shortcuts-overlay';
import { createCopier } from '../../../lib/ui/shared/copier';
import { answers, apiCall, FAKE_TICKET, SESSION_START_MS } from '../../cme/factories';
import { decoded } from '../../ui/panel/fixtures';
import type { CallOutcome } from '../../../lib/protocol';
import { fakeRpc, logOf, makeUi, renderPanel, settle } from './panel-fixtures';

afterEach(cleanup);

const failing = apiCall({
  action: 'DeleteMaterial',
  startedAt: SESSION_START_MS + 10,
  body: { MaterialId: '0000000000' },
  answer: {
    Code: 'InvalidParameterValue.MaterialId',
    Message: `媒体不存在 ${FAKE_TICKET}`,
    EnglishMessage: 'material not exist',
    RequestId: 'req-7f3a',
  },
});
const ok = apiCall({ action: 'ListMedia', startedAt: SESSION_START_MS, answer: answers.paasOk() });

async function setup(rpc = fakeRpc()) {
  const { rows, bodies } = logOf([ok, failing]);
  const ui = await makeUi(rows, bodies, { rpc: rpc.rpc });
  const copied: string[] = [];
  ui.copier = createCopier(async (text) => (copied.push(text), true));
  const view = renderPanel(
    ui,
    <>
      <CallList />
      <PanelKeys />
      <CallDetail />
    </>,
  );
  const scroller = view.container.querySelector('.cme-list-scroller') as HTMLElement;
  const row = (id: number) => view.container.querySelector(`[data-id="${id}"]`) as HTMLElement;
  const menu = () => document.querySelector('[role="menu"]');
  const waitFor = async (what: () => unknown) => {
    for (let i = 0; i < 100 && !what(); i++) await settle(5);
    expect(what()).toBeTruthy();
  };
  return { ui, view, scroller, row, menu, waitFor, copied, failedId: rows[1]!.id, okId: rows[0]!.id };
}

describe('row menu', () => {
  it('opens on a right-click (selecting the row), with focus on the first item', async () => {
    const s = await setup();
    fireEvent.contextMenu(s.row(s.failedId), { clientX: 40, clientY: 30 });
    await s.waitFor(s.menu);
    expect(s.ui.panel.selectedId.value).toBe(s.failedId);
    const items = [...document.querySelectorAll('[role="menuitem"]')];
    expect(items).toHaveLength(11);
    expect(document.activeElement?.getAttribute('data-action')).toBe('replay');
    expect(document.querySelectorAll('[role="menu"] [role="separator"]')).toHaveLength(2);
  });

  it('moves with the arrows, skips disabled items, and Escape gives focus back to the row', async () => {
    const s = await setup();
    s.ui.replay.available = false as never;
    s.scroller.focus();
    s.ui.panel.select(s.failedId);
    await settle();
    fireEvent.keyDown(s.scroller, { key: 'F10', shiftKey: true });
    await s.waitFor(s.menu);
    // Replay is unavailable here: focus starts on the first enabled item.
    expect(document.activeElement?.getAttribute('data-action')).toBe('copyCurl');
    expect(document.querySelector('[data-action="replay"]')?.getAttribute('aria-disabled')).toBe('true');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await settle();
    expect(document.activeElement?.getAttribute('data-action')).toBe('hideAction');
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    await settle();
    expect(document.activeElement?.getAttribute('data-action')).toBe('copyCurl');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await settle();
    expect(s.menu()).toBeNull();
    expect(document.activeElement).toBe(s.scroller);
    expect(s.scroller.querySelector('.cme-row[aria-selected="true"]')?.getAttribute('data-id')).toBe(
      String(s.failedId),
    );
  });

  it('copies a masked support text with the RequestId first, and the RequestId itself', async () => {
    const s = await setup();
    s.ui.panel.select(s.failedId);
    await settle();
    fireEvent.keyDown(s.scroller, { key: 'ContextMenu' });
    await s.waitFor(s.menu);
    fireEvent.click(document.querySelector('[data-action="copySupport"]')!);
    await s.waitFor(() => s.copied.length === 1);
    const text = s.copied[0]!;
    expect(text.split('\n')[0]).toBe('RequestId: req-7f3a');
    expect(text).toContain('InvalidParameterValue.MaterialId');
    expect(text).not.toContain(FAKE_TICKET);
    expect(text).toContain('tf_…');
    await s.waitFor(() => s.view.container.querySelector('.cme-list-notice')?.textContent);
    expect(s.view.container.querySelector('.cme-list-notice')?.textContent).toContain(
      'Copy for a support ticket',
    );

    fireEvent.contextMenu(s.row(s.failedId), { clientX: 40, clientY: 30 });
    await s.waitFor(s.menu);
    fireEvent.click(document.querySelector('[data-action="copyRequestId"]')!);
    await s.waitFor(() => s.copied.length === 2);
    expect(s.copied[1]).toBe('req-7f3a');

    fireEvent.contextMenu(s.row(s.failedId), { clientX: 40, clientY: 30 });
    await s.waitFor(s.menu);
    fireEvent.click(document.querySelector('[data-action="copyCurl"]')!);
    await s.waitFor(() => s.copied.length === 3);
    expect(s.copied[2]).toMatch(/^curl /);
    expect(s.copied[2]).not.toContain(FAKE_TICKET);
  });

  it('filters by the action and hides it, through applyTerm', async () => {
    const s = await setup();
    fireEvent.contextMenu(s.row(s.failedId), { clientX: 40, clientY: 30 });
    await s.waitFor(s.menu);
    fireEvent.click(document.querySelector('[data-action="filterAction"]')!);
    await settle();
    expect(s.ui.panel.visible.value.map((r) => r.id)).toEqual([s.failedId]);
    expect(s.ui.panel.filter.value).toMatch(/^action:/);
    s.ui.panel.setQuery('');
    fireEvent.contextMenu(s.row(s.failedId), { clientX: 40, clientY: 30 });
    await s.waitFor(s.menu);
    fireEvent.click(document.querySelector('[data-action="hideAction"]')!);
    await settle();
    expect(s.ui.panel.visible.value.map((r) => r.id)).toEqual([s.okId]);
  });

  it('does nothing with a disabled item, and closes on a click outside', async () => {
    const s = await setup();
    fireEvent.contextMenu(s.row(s.okId), { clientX: 40, clientY: 30 });
    await s.waitFor(s.menu);
    const requestId = document.querySelector('[data-action="copyRequestId"]')!;
    expect(requestId.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(requestId);
    await settle(10);
    expect(s.copied).toHaveLength(0);
    expect(s.menu()).not.toBeNull();
    fireEvent.pointerDown(document.body);
    await settle();
    expect(s.menu()).toBeNull();
  });

  it('keeps focus on the list and the selected row while rows stream in', async () => {
    const s = await setup();
    s.row(s.failedId).click();
    s.scroller.focus();
    await settle();
    for (let i = 0; i < 30; i++) {
      const raw = apiCall({ action: 'DescribeClass', startedAt: SESSION_START_MS + 100 + i });
      s.ui.panel.add({ raw, decoded: decoded(raw, 10 + i) });
    }
    await s.ui.panel.flush();
    await settle();
    expect(s.ui.panel.rows.value.length).toBe(32);
    expect(document.activeElement).toBe(s.scroller);
    expect(s.ui.panel.selectedId.value).toBe(s.failedId);
    // Sorted, the new rows land around it and it stays selected and focused.
    (s.view.container.querySelector('button[name="sort-duration"]') as HTMLElement).click();
    s.scroller.focus();
    const raw = apiCall({ action: 'DescribeClass', startedAt: SESSION_START_MS + 500 });
    s.ui.panel.add({ raw, decoded: decoded(raw, 99) });
    await s.ui.panel.flush();
    await settle();
    expect(document.activeElement).toBe(s.scroller);
    expect(s.ui.panel.selectedId.value).toBe(s.failedId);
  });
});

describe('row menu: replay', () => {
  const outcome: CallOutcome = {
    ok: true,
    historyId: 'h',
    url: 'https://x',
    httpStatus: 200,
    durationMs: 9,
    envelope: {
      ok: true,
      code: 'Success',
      message: '成功',
      englishMessage: 'OK',
      requestId: null,
      problems: [],
    },
    requestId: null,
    ticketRejected: false,
    ticketId: null,
    responseText: '{"Code":"Success"}',
  } as CallOutcome;

  it('Replay sends the call as captured and shows the answer in the Replay tab', async () => {
    const rpc = fakeRpc({ replay: () => outcome });
    const s = await setup(rpc);
    fireEvent.contextMenu(s.row(s.failedId), { clientX: 40, clientY: 30 });
    await s.waitFor(s.menu);
    fireEvent.click(document.querySelector('[data-action="replay"]')!);
    await s.waitFor(() => rpc.asked.some((a) => a.method === 'replay'));
    expect(rpc.asked.find((a) => a.method === 'replay')?.params).toMatchObject({
      replayOf: { kind: 'capture', id: s.failedId },
    });
    await s.waitFor(() => document.querySelector('[data-replay="result"]'));
    expect(document.querySelector('button[name="tab-replay"]')?.getAttribute('aria-selected')).toBe('true');
  });

  it('Replay edited… opens the Replay tab with the body editor focused, and r replays from the list', async () => {
    const rpc = fakeRpc({ replay: () => outcome });
    const s = await setup(rpc);
    fireEvent.contextMenu(s.row(s.failedId), { clientX: 40, clientY: 30 });
    await s.waitFor(s.menu);
    fireEvent.click(document.querySelector('[data-action="replayEdited"]')!);
    await s.waitFor(() => document.activeElement?.getAttribute('name') === 'replay-body');
    const editor = document.activeElement as HTMLTextAreaElement;
    expect(editor.value).toContain('"MaterialId": "0000000000"');
    expect(rpc.asked.some((a) => a.method === 'replay')).toBe(false);
    // Typing `r` in the editor types; from the list it replays the selected call.
    fireEvent.keyDown(editor, { key: 'r' });
    await settle(20);
    expect(rpc.asked.some((a) => a.method === 'replay')).toBe(false);
    s.scroller.focus();
    fireEvent.keyDown(s.scroller, { key: 'r' });
    await s.waitFor(() => rpc.asked.some((a) => a.method === 'replay'));
  });
});

describe('shortcuts overlay', () => {
  it('opens on ?, not while typing, lists Ctrl+F, traps Tab and gives focus back on Escape', async () => {
    const s = await setup();
    const input = document.createElement('input');
    input.name = 'filter';
    document.body.appendChild(input);
    input.focus();
    fireEvent.keyDown(input, { key: '?', shiftKey: true });
    await settle(20);
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    // `/` from the list goes to the filter box.
    s.scroller.focus();
    fireEvent.keyDown(s.scroller, { key: '/' });
    expect(document.activeElement).toBe(input);
    s.scroller.focus();
    fireEvent.keyDown(s.scroller, { key: '?', shiftKey: true });
    await s.waitFor(() => document.querySelector('[role="dialog"]'));
    const dialog = document.querySelector('[role="dialog"]')!;
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('Ctrl+F');
    expect(dialog.textContent).toContain('Shift+F10');
    await s.waitFor(() => dialog.contains(document.activeElement));
    const body = dialog.querySelector('.cme-keys-body') as HTMLElement;
    body.focus();
    fireEvent.keyDown(body, { key: 'Tab' });
    expect(document.activeElement?.getAttribute('name')).toBe('close-shortcuts');
    fireEvent.keyDown(document.activeElement!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(body);
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await settle();
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    expect(document.activeElement).toBe(s.scroller);
    input.remove();
  });

  it('speaks Chinese', () => {
    const view = render(
      <I18nProvider lang="zh_CN">
        <ShortcutsOverlay onClose={() => {}} mac={true} />
      </I18nProvider>,
    );
    expect(view.container.textContent).toContain('键盘快捷键');
    expect(view.container.textContent).toContain('⌘F');
  });
});
