// @vitest-environment happy-dom
/**
 * Issue 15 (items 1–3, 6) on the panel's views: one masker per tab masks every ticket and signature seen
 * in its traffic or store, by value, in any field (a custom header, a URL inside Data, an echoing Message,
 * a tree nested beyond 64 levels), in every tab; Reveal is per item and per view; exports are masked
 * unless one is confirmed with secrets; a tab that fails to render says what failed.
 */
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CallDetail } from '../../../components/panel/call-detail';
import { PanelToolbar } from '../../../components/panel/panel-toolbar';
import { decodeSignature } from '../../../lib/cme/signature';
import type { RawCall } from '../../../lib/cme/types';
import { buildHarExport } from '../../../lib/ui/panel/export';
import { answers, apiCall, FAKE_TICKET, jsonBody, loginCall, VECTOR_SIGNATURE } from '../../cme/factories';
import { fakeRpc, logOf, makeUi, renderPanel, settle } from './panel-fixtures';

afterEach(cleanup);

// A ticket the login answer carries (opaque: nothing about it says "ticket" but where it was seen).
const LOGIN_TICKET = 'Zq9opaqueLoginTicket7731xy';
// A stored ticket (the background's list), echoed by the page in a header whose name says nothing.
const STORED = 'Kw3storedTicketNotTf884217';
const HMAC = decodeSignature(VECTOR_SIGNATURE).hmacHex;

function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { Level: v };
  return v;
}

/** The demo's shapes with secrets where only by-value masking finds them. */
function calls(): RawCall[] {
  const login = loginCall({ answer: answers.currentOk({ ticket: LOGIN_TICKET }) });
  const call = apiCall({
    action: 'DeleteMaterial',
    body: { MaterialId: 'M1', Deep: nested(70, `https://cdn.example/x?token=${LOGIN_TICKET}`) },
    answer: {
      ...answers.paasError(
        'InvalidParameterValue.MaterialId',
        `票据 ${FAKE_TICKET} 无效`,
        `ticket ${LOGIN_TICKET} bad`,
      ),
      Data: { Url: `https://cdn.example/file?t=${LOGIN_TICKET}`, Deep: nested(70, STORED) },
    },
  });
  call.request.headers.push({ name: 'X-CME-Auth', value: FAKE_TICKET }, { name: 'X-Trace', value: STORED });
  call.response!.headers = [{ name: 'X-Echo', value: `${LOGIN_TICKET};${STORED}` }];
  return [login, call];
}

async function shown(select = 2) {
  const raws = calls();
  const { rows, bodies } = logOf(raws);
  const rpc = fakeRpc({
    'tickets.list': () => [
      { id: 's1', environment: 'tencent', authorization: STORED, platform: 'p', userId: 'u', appId: null },
    ],
  });
  const ui = await makeUi(rows, bodies, { rpc: rpc.rpc });
  await ui.tickets.refresh();
  const exports: string[] = [];
  ui.exportHar = async (_now, opts = {}) => {
    const built = await buildHarExport(
      ui.panel.visible.peek(),
      (id) => ui.panel.body(id),
      opts.reveal === true,
      {
        secrets: ui.tickets.tickets.peek().map((t) => ({ value: t.authorization, kind: 'ticket' })),
      },
    );
    exports.push(built.text);
    return { name: 'x.har', ...built };
  };
  const view = renderPanel(
    ui,
    <>
      <PanelToolbar />
      <CallDetail />
    </>,
  );
  ui.panel.select(select);
  await waitFor(() => expect(ui.detail.state.value.status).toBe('ready'), { timeout: 5000 });
  await settle(5);
  return { ui, view, exports };
}

const tab = async (view: { container: Element }, id: string) => {
  fireEvent.click(view.container.querySelector(`button[name="tab-${id}"]`)!);
  await settle(5);
};

/** Opens every closed node of every tree (one level per pass), so deep values render too. */
async function expandAll(root: Element) {
  for (let i = 0; i < 200; i++) {
    const closed = root.querySelectorAll<HTMLButtonElement>('.jt-toggle[aria-expanded="false"]');
    if (closed.length === 0) return;
    closed.forEach((b) => fireEvent.click(b));
    await settle();
  }
}

async function showRaw(root: Element) {
  for (const b of Array.from(root.querySelectorAll<HTMLButtonElement>('.cme-body-switch button'))) {
    if (b.textContent === 'Raw') fireEvent.click(b);
  }
  await settle();
}

function detailText(view: { container: Element }): string {
  const detail = view.container.querySelector('.cme-detail')!;
  // Text and every attribute (titles, values): what a screenshot or a hover shows.
  const attrs = Array.from(detail.querySelectorAll('*')).flatMap((e) =>
    Array.from(e.attributes).map((a) => a.value),
  );
  return `${detail.textContent ?? ''}\n${attrs.join('\n')}`;
}

function expectNoSecret(text: string) {
  for (const s of [FAKE_TICKET, LOGIN_TICKET, STORED, VECTOR_SIGNATURE, encodeURIComponent(VECTOR_SIGNATURE)])
    expect(text).not.toContain(s);
  expect(text).not.toContain(HMAC);
}

describe('panel views with secrets masked', () => {
  it.each(['overview', 'request', 'response', 'signature', 'replay', 'copy'])(
    'the %s tab of a call holds no ticket (custom header, URL in Data, echoing Message, 70 levels deep)',
    async (id) => {
      const { view } = await shown();
      await tab(view, id);
      const body = view.container.querySelector('.cme-detail-body')!;
      await expandAll(body);
      for (const d of Array.from(body.querySelectorAll('details'))) d.open = true;
      expectNoSecret(detailText(view));
      if (id === 'request' || id === 'response') {
        // The deep leaf is rendered, masked.
        expect(detailText(view)).toMatch(/Level/);
        await showRaw(body);
        expect(body.querySelector('.cme-raw')).not.toBeNull();
        expectNoSecret(detailText(view));
      }
      if (id === 'overview') expect(detailText(view)).toContain('ticket Zq9…31xy bad');
    },
  );

  it('keeps a login answer’s Authorization masked in the Response tab’s tree and raw text', async () => {
    const { view } = await shown(1);
    await tab(view, 'response');
    const body = view.container.querySelector('.cme-detail-body')!;
    await expandAll(body);
    expect(body.textContent).toContain('Authorization');
    expectNoSecret(detailText(view));
    await showRaw(body);
    expectNoSecret(detailText(view));
  });

  it('shows the login signature’s fields but neither its HMAC nor the whole signature, until revealed there', async () => {
    const { view } = await shown(1);
    await tab(view, 'signature');
    expect(detailText(view)).toContain('user_001');
    expectNoSecret(detailText(view));
    const reveal = view.container.querySelector<HTMLButtonElement>('.sig-hmac-reveal')!;
    fireEvent.click(reveal);
    await settle();
    expect(view.container.querySelector('.sig-hmac')?.textContent).toBe(HMAC);
    // Another tab and back: revealed no more.
    await tab(view, 'copy');
    expect(detailText(view)).not.toContain(HMAC);
    await tab(view, 'signature');
    expect(detailText(view)).not.toContain(HMAC);
  });

  it('reveals one ticket in its own view only, and the next export is masked', async () => {
    const { view, exports } = await shown();
    fireEvent.click(view.container.querySelector('.ticket-reveal')!);
    await settle();
    expect(view.container.querySelector('.ticket-value')?.textContent).toBe(FAKE_TICKET);
    // Only there: the URL, the message and every other view keep it masked.
    const text = detailText(view);
    expect(text.split(FAKE_TICKET).length - 1).toBe(1);
    expect(text).not.toContain(LOGIN_TICKET);
    for (const id of ['request', 'response', 'copy']) {
      await tab(view, id);
      expectNoSecret(detailText(view));
    }
    // Back on the overview the reveal is gone (dropped with the view).
    await tab(view, 'overview');
    expect(view.container.querySelector('.ticket-value')?.textContent).toBe('tf_…27ec');
    // The next export is masked.
    fireEvent.click(view.container.querySelector('button[name="export"]')!);
    await waitFor(() => expect(exports).toHaveLength(1));
    expectNoSecret(exports[0]!);
  });

  it('exports with secrets only when asked, with a warning, for that one export', async () => {
    const { view, exports } = await shown();
    fireEvent.click(view.container.querySelector('button[name="export-secrets"]')!);
    await settle();
    expect(view.container.querySelector('[data-export-ask]')?.textContent).toContain(
      'full tickets and signatures',
    );
    expect(exports).toHaveLength(0);
    fireEvent.click(view.container.querySelector('button[name="export-secrets-confirm"]')!);
    await waitFor(() => expect(exports).toHaveLength(1));
    expect(exports[0]).toContain(FAKE_TICKET);
    expect(view.container.querySelector('[data-export-ask]')).toBeNull();
    fireEvent.click(view.container.querySelector('button[name="export"]')!);
    await waitFor(() => expect(exports).toHaveLength(2));
    expectNoSecret(exports[1]!);
    // Cancel exports nothing.
    fireEvent.click(view.container.querySelector('button[name="export-secrets"]')!);
    await settle();
    fireEvent.click(view.container.querySelector('button[name="export-secrets-cancel"]')!);
    await settle();
    expect(exports).toHaveLength(2);
  });

  it('says visibly when an export fails', async () => {
    const { ui, view } = await shown();
    ui.exportHar = async () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    fireEvent.click(view.container.querySelector('button[name="export"]')!);
    await waitFor(() =>
      expect(view.container.querySelector('[data-export-failed]')?.textContent).toContain(
        'Export failed: RangeError: Maximum call stack size exceeded',
      ),
    );
  });

  it('shows which tab failed, masked, instead of a blank pane', async () => {
    const { ui, view } = await shown();
    const state = ui.detail.state.peek();
    if (state.status !== 'ready') throw new Error('not ready');
    // A call the views cannot read (a header without a value): the Request tab throws while rendering.
    const broken = {
      ...state.raw,
      request: { ...state.raw.request, headers: [{ name: 'X-Plain', value: null as never }] },
    };
    ui.detail.state.value = { ...state, raw: broken };
    await tab(view, 'request');
    const failed = view.container.querySelector('[data-view-failed]');
    expect(failed?.textContent).toContain('“Request” could not be shown');
    expect(failed?.textContent).toContain('TypeError');
    // The other tabs still work.
    await tab(view, 'overview');
    expect(view.container.querySelector('[data-view-failed]')).toBeNull();
  });

  it('copies a request body nested 100,000 levels, masked, without a render error', async () => {
    const deep = apiCall({ action: 'ListMedia' });
    let text = `"${FAKE_TICKET}"`;
    for (let i = 0; i < 100_000; i++) text = `{"a":${text}}`;
    deep.request.body = jsonBody(null, { text });
    const { rows, bodies } = logOf([deep]);
    const ui = await makeUi(rows, bodies);
    const view = renderPanel(ui, <CallDetail />);
    ui.panel.select(1);
    await waitFor(() => expect(ui.detail.state.value.status).toBe('ready'), { timeout: 5000 });
    await tab(view, 'copy');
    expect(view.container.querySelector('[data-snippet="curl"] pre')?.textContent).toContain('curl');
    expect(view.container.querySelector('[data-view-failed]')).toBeNull();
    expectNoSecret(detailText(view));
  });
});
