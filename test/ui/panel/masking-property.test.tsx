// @vitest-environment happy-dom
/**
 * Issue 15, "Proof", views' text: every detail view of the panel gets its text from the tab's masker
 * (lib/ui/panel/masking.ts) through the calls the components make (detail-http: `masker.headers`,
 * `masker.url` of the URL and each header value, `masker.text` of the status text; body-view: `masker.text`
 * of the raw body, `masker.json` of the tree; detail-overview: `masker.url`/`masker.text` of the URL,
 * initiator, message and problems). The property drives that layer with SECRETS_PROPERTY_RUNS cases
 * (default 10,000), and full renders of the detail tabs with a thousandth of them (a render takes seconds in happy-dom), checking the rendered
 * text and attributes. Also: the call list's messages go through the masker once it has loaded.
 * Generators and oracle: test/cme/secret-arbitraries.ts.
 */
import { signal } from '@preact/signals';
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CallDetail } from '../../../components/panel/call-detail';
import { CallList } from '../../../components/panel/call-list';
import { createAttributor } from '../../../lib/cme/attribute';
import { bodyText } from '../../../lib/cme/call-secrets';
import { decodeCall } from '../../../lib/cme/decode-call';
import type { KnownSecret } from '../../../lib/cme/secrets';
import type { RawCall } from '../../../lib/cme/types';
import { createTabMasker, tabMasker } from '../../../lib/ui/panel/masking';
import { parseJson } from '../../../lib/ui/panel/replay';
import type { TicketRecord } from '../../../lib/store/schema';
import { answers, apiCall, loginCall } from '../../cme/factories';
import {
  assertMasked,
  introCall,
  placed,
  RUNS,
  scenarioArb,
  TIMEOUT,
  type Intro,
} from '../../cme/secret-arbitraries';
import { fakeRpc, logOf, makeUi, renderPanel, settle } from '../../components/panel/panel-fixtures';

afterEach(cleanup);

const RENDERS = Math.max(10, Math.round(RUNS / 1000));

/** A stored ticket record (the background's list). */
const stored = (authorization: string): TicketRecord =>
  ({
    id: 's1',
    environment: 'tencent',
    authorization,
    platform: 'p',
    userId: 'u',
    appId: null,
  }) as TicketRecord;

/**
 * The tab's calls: the one that made the secret known. The panel learns another call's secrets from its
 * row (ticket, URL query) and the shown call in full: a signature is known from a login's URL here (one in
 * another call's VerifySign body is known once that call is shown; not covered).
 */
function tabOf(secret: KnownSecret, intro: Intro, call: RawCall, first: boolean) {
  const how: Intro = secret.kind === 'signature' ? 'query' : intro;
  const introduced = introCall(secret, how);
  const raws = introduced === null ? [call] : first ? [introduced, call] : [call, introduced];
  const tickets = introduced === null ? [stored(secret.value)] : [];
  return { raws, tickets, shownIndex: raws.indexOf(call) };
}

/** What the detail views show of the shown call, produced as the components produce it. */
function viewsText(call: RawCall, secrets: { raws: RawCall[]; tickets: TicketRecord[]; shownIndex: number }) {
  const { rows } = logOf(secrets.raws);
  const decoded = decodeCall(call, secrets.shownIndex, { attributor: createAttributor() });
  const row = rows.find((r) => r.id === secrets.shownIndex + 1) ?? rows[0]!;
  const masker = createTabMasker({
    rows: signal(rows),
    stored: signal(secrets.tickets),
    shown: signal({ status: 'ready', row, raw: call, decoded }),
  }).value;
  const out: unknown[] = [masker.url(call.request.url)];
  for (const headers of [call.request.headers, call.response?.headers ?? []]) {
    out.push(masker.headers(headers).map((h) => [h.name, masker.url(h.value)]));
  }
  if (call.response?.statusText) out.push(masker.text(call.response.statusText));
  for (const b of [call.request.body, call.response?.body]) {
    const text = b ? bodyText(b) : null;
    if (text === null) continue;
    out.push(masker.text(text));
    const parsed = parseJson(text);
    if (parsed !== undefined) out.push(masker.json(parsed));
  }
  if (call.comment) out.push(masker.text(call.comment));
  // The overview's initiator: its URL and every frame's (detail-overview masks each with masker.url).
  for (const u of JSON.stringify(call.initiator ?? null).match(/"url":"((?:[^"\\]|\\.)*)"/g) ?? [])
    out.push(masker.url(JSON.parse(`{${u}}`).url as string));
  if (decoded !== null) {
    for (const v of [
      decoded.url,
      decoded.message,
      decoded.englishMessage,
      decoded.requestId,
      ...decoded.problems,
    ])
      if (typeof v === 'string') out.push(masker.text(v));
  }
  return out;
}

describe('views’ text: the secret never appears in any encoding (property)', () => {
  it(
    `the panel's masking layer as the detail views call it, ${RUNS} runs`,
    () => {
      fc.assert(
        fc.property(scenarioArb, fc.boolean(), ({ secret, enc, p, intro }, first) => {
          const { call } = placed(secret, enc, p);
          assertMasked(viewsText(call, tabOf(secret, intro, call, first)), secret, 'views');
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    `full renders of the overview, request, response and copy tabs, ${RENDERS} runs`,
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, fc.boolean(), async ({ secret, enc, p, intro }, first) => {
          // Shallow enough for every tree node to be opened (the layer property covers any depth).
          const { call } = placed(secret, enc, { ...p, depth: Math.min(p.depth, 4) });
          const tab = tabOf(secret, intro, call, first);
          const { rows, bodies } = logOf(tab.raws);
          // A placement that makes the call no CME call has no row to show (the layer property covers it).
          if (!rows.some((r) => r.id === tab.shownIndex + 1)) return;
          const rpc = fakeRpc({ 'tickets.list': () => tab.tickets });
          const ui = await makeUi(rows, bodies, { rpc: rpc.rpc });
          await ui.tickets.refresh();
          const view = renderPanel(ui, <CallDetail />);
          try {
            ui.panel.select(tab.shownIndex + 1);
            await waitFor(() => expect(ui.detail.state.value.status).toBe('ready'), { timeout: 2000 });
            for (const id of ['overview', 'request', 'response', 'copy']) {
              const button = view.container.querySelector(`button[name="tab-${id}"]`);
              if (button === null) continue;
              fireEvent.click(button);
              await settle();
              const body = view.container.querySelector('.cme-detail')!;
              for (let i = 0; i < 8; i++) {
                const closed = body.querySelectorAll<HTMLButtonElement>('.jt-toggle[aria-expanded="false"]');
                if (closed.length === 0) break;
                closed.forEach((b) => fireEvent.click(b));
                await settle();
              }
              const attrs = Array.from(body.querySelectorAll('*')).flatMap((e) =>
                Array.from(e.attributes).map((a) => a.value),
              );
              assertMasked([body.textContent ?? '', ...attrs], secret, `${id} tab`);
              for (const b of Array.from(body.querySelectorAll<HTMLButtonElement>('.cme-body-switch button')))
                if (b.textContent === 'Raw') fireEvent.click(b);
              await settle();
              assertMasked(body.textContent ?? '', secret, `${id} tab, raw`);
            }
          } finally {
            view.unmount();
          }
        }),
        { numRuns: RENDERS },
      );
    },
    Math.max(90_000, RENDERS * 9_000),
  );
});

describe('the call list’s messages', () => {
  it('mask another call’s opaque ticket echoed in a message once the panel’s masker has loaded', async () => {
    const opaque = 'Zq9opaqueLoginTicket7731xy';
    const login = loginCall({ answer: answers.currentOk({ ticket: opaque }) });
    const call = apiCall({
      answer: answers.paasError('InvalidParameter', `票据 ${opaque} 无效`, `ticket ${opaque} is not valid`),
    });
    const { rows, bodies } = logOf([login, call]);
    const ui = await makeUi(rows, bodies);
    const view = renderPanel(ui, <CallList />);
    await settle();
    const message = () => view.container.querySelector('[data-id="2"] .cme-cell-message');
    // Before: the cheap rule cannot tell an opaque ticket from a word (no masker at first paint).
    expect(message()?.textContent).toContain('is not valid');
    // The detail loads the masker (the first call shown); the list follows it.
    tabMasker(ui);
    await settle();
    expect(message()?.textContent).toBe('ticket Zq9…31xy is not valid');
    expect(message()?.getAttribute('title')).not.toContain(opaque);
    expect(view.container.textContent).not.toContain(opaque);
  });
});
