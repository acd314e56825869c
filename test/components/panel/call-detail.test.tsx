// @vitest-environment happy-dom
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CallDetail } from '../../../components/panel/call-detail';
import type { CallOutcome } from '../../../lib/protocol';
import type { TicketRecord } from '../../../lib/store';
import {
  answers,
  apiCall,
  FAKE_SECRET_KEY,
  FAKE_TICKET,
  loginCall,
  SESSION_START_MS,
} from '../../cme/factories';
import { fakeRpc, logOf, makeUi, renderPanel, settle } from './panel-fixtures';
import { failure } from '../../../lib/background/deps';

afterEach(cleanup);

const failing = () =>
  apiCall({
    action: 'DeleteMaterial',
    body: { MaterialId: '0000000000' },
    startedAt: SESSION_START_MS + 20,
    answer: answers.paasError(),
  });

async function shown(raws = [loginCall(), failing()], select = 2, rpc = fakeRpc()) {
  const { rows, bodies } = logOf(raws);
  const ui = await makeUi(rows, bodies, { rpc: rpc.rpc });
  const view = renderPanel(ui, <CallDetail />);
  ui.panel.select(select);
  // The decoder loads with the first selection.
  await waitFor(() => expect(ui.detail.state.value.status).not.toBe('loading'), { timeout: 5000 });
  await settle(5);
  return { ui, view, rpc };
}

const tab = (view: { container: Element }, id: string) =>
  fireEvent.click(view.container.querySelector(`button[name="tab-${id}"]`)!);

describe('call detail', () => {
  it('is empty until a call is selected, and closes', async () => {
    const { ui, view } = await shown(undefined, 2);
    expect(view.container.querySelector('.cme-detail-body')).not.toBeNull();
    fireEvent.click(view.container.querySelector('button[name="close-detail"]')!);
    await settle();
    expect(ui.panel.selectedId.value).toBeNull();
    expect(view.container.textContent).toContain('Select a call');
  });

  it('explains a failing call and shows identity, masked ticket and the catalogue entry', async () => {
    const { view } = await shown();
    const text = view.container.textContent ?? '';
    expect(text).toContain('InvalidParameterValue.MaterialId');
    expect(view.container.querySelector('[data-section="error"]')?.textContent).toMatch(
      /material not exist/i,
    );
    expect(view.container.querySelector('[data-section="identity"]')?.textContent).toContain('user_001');
    expect(text).not.toContain(FAKE_TICKET);
    expect(view.container.querySelector('[data-section="catalogue"]')?.textContent).toContain(
      '/Material/DeleteMaterial',
    );
  });

  it('saves the captured ticket through the background, in the environment of the call', async () => {
    const stored: Partial<TicketRecord>[] = [];
    const rpc = fakeRpc({
      'tickets.list': () => stored,
      'environments.list': () => [
        {
          id: 'tencent',
          name: 'Tencent',
          kind: 'tencent',
          apiBase: 'https://web-paas-api.cme.qcloud.com',
          loginUrl: 'https://open.cme.qcloud.com',
          createdAt: 0,
        },
      ],
      'tickets.save': (p) => {
        const t = { id: 't1', ...(p as object) };
        stored.push(t);
        return { ticket: t, created: true };
      },
    });
    const { ui, view } = await shown(undefined, 2, rpc);
    await ui.tickets.refresh();
    await settle();
    const save = [...view.container.querySelectorAll('button')].find((b) => b.textContent?.includes('Save'));
    fireEvent.click(save!);
    // The environment matcher loads on the first save.
    await waitFor(() => expect(rpc.asked.map((a) => a.method)).toContain('tickets.save'));
    expect(rpc.asked.find((a) => a.method === 'tickets.save')?.params).toMatchObject({
      environmentId: 'tencent',
      authorization: FAKE_TICKET,
      platform: 'my_platform',
      userId: 'user_001',
    });
    await waitFor(() => expect(ui.tickets.isStored(FAKE_TICKET)).toBe(true));
  });

  it('shows the request masked, also with the views default (settings.revealSecrets) on', async () => {
    const { ui, view } = await shown();
    tab(view, 'request');
    await settle();
    const url = () => view.container.querySelector('.cme-url')?.textContent ?? '';
    expect(url()).toContain('auth=tf_…27ec');
    expect(view.container.textContent).toContain('MaterialId');
    ui.panel.reveal.value = true;
    await settle();
    expect(url()).toContain('auth=tf_…27ec');
    expect(view.container.textContent).not.toContain(FAKE_TICKET);
  });

  it('shows the response envelope, Data, raw text, and a truncation note', async () => {
    const raw = failing();
    raw.response!.body = { text: '{"Code":"Success","Data":{"Items":[1,2', truncated: true };
    const { view } = await shown([loginCall(), raw]);
    tab(view, 'response');
    await settle();
    expect(view.container.querySelector('[data-note="truncated"]')?.textContent).toBe(
      'Body truncated at 0 KB (settings: stored body size)',
    );
    expect(view.container.querySelector('.cme-raw')?.textContent).toContain('"Items":[1,2');
  });

  it('verifies a login signature with a typed key in the Signature tab', async () => {
    const { view } = await shown(undefined, 1);
    tab(view, 'signature');
    await settle();
    const key = view.container.querySelector('input[type="password"]')!;
    fireEvent.input(key, { target: { value: FAKE_SECRET_KEY } });
    fireEvent.submit(view.container.querySelector('form')!);
    await waitFor(() =>
      expect(view.container.querySelector('.sig-verify-result')?.textContent).toMatch(/^match/i),
    );
    expect((key as HTMLInputElement).value).toBe('');
  });

  it('says when a call carries no signature', async () => {
    const { view } = await shown();
    tab(view, 'signature');
    await settle();
    expect(view.container.textContent).toContain('This call carries no signature.');
  });

  it('replays under another ticket and shows both answers with a diff', async () => {
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
      },
      requestId: null,
      ticketRejected: false,
      ticketId: 't2',
      responseText: '{}',
    };
    const rpc = fakeRpc({
      'tickets.list': () => [
        {
          id: 't2',
          authorization: 'tf_other_ticket_000000000000',
          platform: 'p',
          userId: 'u2',
          label: '',
          environment: 'tencent',
          status: 'active',
        },
      ],
      replay: () => outcome,
    });
    const { ui, view } = await shown(undefined, 2, rpc);
    tab(view, 'replay');
    await settle(10);
    fireEvent.click(view.container.querySelector('input[name="replay-mode"][value="ticket"]')!);
    await settle();
    const sel = view.container.querySelector('select[name="replay-ticket"]') as HTMLSelectElement;
    sel.value = 't2';
    sel.dispatchEvent(new Event('change', { bubbles: true }));
    expect(ui.replay.ticketId.value).toBe('t2');
    fireEvent.click(view.container.querySelector('button[name="replay-run"]')!);
    await settle(20);
    expect(rpc.asked.find((a) => a.method === 'replay')?.params).toMatchObject({
      ticketId: 't2',
      replayOf: { kind: 'capture', id: 2 },
    });
    expect(view.container.querySelector('[data-replay="result"]')?.textContent).toContain('Replayed answer');
    expect(view.container.querySelector('[data-section="diff"]')?.textContent).toContain(
      'InvalidParameterValue.MaterialId',
    );
  });

  it('edits the body before a replay', async () => {
    const rpc = fakeRpc({
      replay: () => failure('network', 'refused'),
    });
    const { view } = await shown(undefined, 2, rpc);
    tab(view, 'replay');
    await settle();
    fireEvent.click(view.container.querySelector('input[name="replay-mode"][value="body"]')!);
    await settle();
    const editor = view.container.querySelector('textarea[name="replay-body"]') as HTMLTextAreaElement;
    expect(editor.value).toBe('{\n  "MaterialId": "0000000000"\n}');
    fireEvent.input(editor, { target: { value: '{"MaterialId":"M1"}' } });
    fireEvent.click(view.container.querySelector('button[name="replay-run"]')!);
    await settle(20);
    expect(rpc.asked.find((a) => a.method === 'replay')?.params).toMatchObject({
      body: { MaterialId: 'M1' },
    });
    expect(view.container.textContent).toContain('Replay failed: refused');
  });

  it('offers cURL, fetch and Web SDK snippets, always masked', async () => {
    const { ui, view } = await shown();
    tab(view, 'copy');
    await settle();
    const snippet = (k: string) =>
      view.container.querySelector(`[data-snippet="${k}"] pre`)?.textContent ?? '';
    expect(snippet('curl')).toContain('curl');
    expect(snippet('fetch')).toContain('fetch(');
    expect(snippet('sdk')).toContain('CME.Net.create');
    for (const k of ['curl', 'fetch', 'sdk']) expect(snippet(k)).not.toContain(FAKE_TICKET);
    ui.panel.reveal.value = true;
    await settle();
    for (const k of ['curl', 'fetch', 'sdk']) expect(snippet(k)).not.toContain(FAKE_TICKET);
  });

  it('says when the body is no longer stored', async () => {
    const { rows } = logOf([loginCall()]);
    const ui = await makeUi(rows, new Map());
    const view = renderPanel(ui, <CallDetail />);
    ui.panel.select(1);
    await settle(5);
    expect(view.container.textContent).toContain("This call's body is no longer stored.");
  });
});
