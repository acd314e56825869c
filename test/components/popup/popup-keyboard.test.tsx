// @vitest-environment happy-dom
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { $, renderPopup } from './popup-fixtures';

afterEach(cleanup);

/** Ids of the elements Tab reaches, in order (DOM order; no positive tabindex is used). */
function tabOrder(root: Element): string[] {
  const focusable = root.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary');
  return Array.from(focusable)
    .filter((el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled)
    .map((el) => el.id)
    .filter(Boolean);
}

describe('popup by keyboard alone', () => {
  it('reaches identity, action, body and Send in reading order', async () => {
    const { container, store } = await renderPopup();
    store.selectAction('Material', 'DeleteMaterial');
    await waitFor(() => expect(container.querySelector('#popup-reset-body')).not.toBeNull());
    const order = tabOrder(container);
    const at = (id: string) => order.indexOf(id);
    for (const id of [
      'popup-reveal',
      'popup-ticket',
      'popup-login-toggle',
      'popup-action',
      'popup-body',
      'popup-send',
    ]) {
      expect(at(id), id).toBeGreaterThanOrEqual(0);
    }
    expect(at('popup-ticket')).toBeLessThan(at('popup-action'));
    expect(at('popup-action')).toBeLessThan(at('popup-body'));
    expect(at('popup-body')).toBeLessThan(at('popup-send'));
    // The list toggle is for the mouse: the combobox itself opens with the arrow keys.
    expect(container.querySelector<HTMLElement>('.popup-combo-toggle')?.tabIndex).toBe(-1);
  });

  it('sends with Ctrl+Enter from the action field, and Cmd+Enter from the body', async () => {
    const { container, rpc, store } = await renderPopup();
    store.selectAction('Team', 'DescribeTeams');
    fireEvent.keyDown($(container, '#popup-action'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(rpc.paramsOf('call')).toHaveLength(1));
    await waitFor(() => expect(store.call.sending.value).toBe(false));
    fireEvent.keyDown($(container, '#popup-body'), { key: 'Enter', metaKey: true });
    await waitFor(() => expect(rpc.paramsOf('call')).toHaveLength(2));
  });

  it('leaves Ctrl+Enter in the login form to that form', async () => {
    const { container, rpc, store } = await renderPopup();
    store.selectAction('Team', 'DescribeTeams');
    fireEvent.click($(container, '#popup-login-toggle'));
    fireEvent.keyDown($(container, '#popup-login-user'), { key: 'Enter', ctrlKey: true });
    await new Promise((r) => setTimeout(r, 0));
    expect(rpc.paramsOf('call')).toEqual([]);
    fireEvent.keyDown($(container, '#popup-action'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(rpc.paramsOf('call')).toHaveLength(1));
  });

  it('puts the caret on the line of an issue when it is clicked', async () => {
    const { container, store } = await renderPopup();
    store.selectAction('Material', 'DeleteMaterial');
    store.setBody('{\n  "MaterialId": 1\n}');
    await waitFor(() => expect(container.querySelector('.popup-issue')).not.toBeNull());
    fireEvent.click($(container, '.popup-issue'));
    const body = $<HTMLTextAreaElement>(container, '#popup-body');
    expect(document.activeElement).toBe(body);
    expect(body.selectionStart).toBe('{\n  '.length);
  });
});
