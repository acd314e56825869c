/**
 * Panel UI fixtures for component tests: real stores over an in-memory log (no DevTools, no IndexedDB),
 * a fake RPC client, and a render helper with the i18n and panel providers.
 */
import { signal } from '@preact/signals';
import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { I18nProvider } from '../../../components/i18n-context';
import { PanelProvider, type PanelUi } from '../../../components/panel/panel-context';
import { createAttributor } from '../../../lib/cme/attribute';
import { decodeCalls } from '../../../lib/cme/decode-call';
import type { RawCall } from '../../../lib/cme/types';
import type { Lang } from '../../../lib/i18n/i18n';
import type { RpcClient, RpcMethod, RpcParams } from '../../../lib/protocol';
import { wireSelection } from '../../../lib/ui/panel/boot';
import { createDetailStore } from '../../../lib/ui/panel/detail';
import { manualScheduler } from '../../../lib/ui/panel/frame';
import { createMemoryLog } from '../../../lib/ui/panel/log';
import { createReplayStore } from '../../../lib/ui/panel/replay';
import { prepareCapture, type PanelRow } from '../../../lib/ui/panel/rows';
import { createPanelStore } from '../../../lib/ui/panel/store';
import { createTicketsStore } from '../../../lib/ui/panel/tickets';

/** Rows and bodies of raw calls, decoded in order with one attributor, as a capture gives them. */
export function logOf(raws: RawCall[]): { rows: PanelRow[]; bodies: Map<number, RawCall> } {
  const rows: PanelRow[] = [];
  const bodies = new Map<number, RawCall>();
  for (const call of decodeCalls(raws)) {
    const raw = raws[call.index]!;
    const id = call.index + 1;
    rows.push(prepareCapture(call, raw, id).row(id));
    bodies.set(id, raw);
  }
  return { rows, bodies };
}

/** An RPC client whose answers the test gives per method; records every request. */
export function fakeRpc(answers: Partial<Record<RpcMethod, (params: unknown) => unknown>> = {}) {
  const asked: { method: RpcMethod; params: unknown }[] = [];
  const rpc: RpcClient = {
    request: async <M extends RpcMethod>(method: M, params: RpcParams<M>) => {
      asked.push({ method, params });
      const answer = answers[method];
      if (!answer) return (method === 'tickets.list' || method === 'environments.list' ? [] : {}) as never;
      return answer(params) as never;
    },
  };
  return { rpc, asked };
}

/** A panel UI over `rows`/`bodies`, with the selection wired to the detail as the boot does. */
export async function makeUi(
  rows: PanelRow[],
  bodies: Map<number, RawCall>,
  options: { mode?: 'devtools' | 'viewer'; rpc?: RpcClient | null; maxEntries?: number } = {},
): Promise<PanelUi> {
  const rpc = options.rpc === undefined ? fakeRpc().rpc : options.rpc;
  const panel = createPanelStore({
    log: createMemoryLog(rows, bodies),
    maxEntries: options.maxEntries ?? 10_000,
    schedule: manualScheduler(),
  });
  await panel.load();
  const detail = createDetailStore({
    body: (id) => panel.body(id),
    decode: { attributor: createAttributor() },
  });
  const replay = createReplayStore(rpc);
  const tickets = createTicketsStore(rpc);
  wireSelection(panel, detail, replay);
  return {
    mode: options.mode ?? 'devtools',
    panel,
    detail,
    replay,
    tickets,
    importProblems: signal<string[]>([]),
    exportHar: async () => ({ name: 'x.har', text: '{}', count: 0 }),
    importHar: async () => {},
    openViewer: () => {},
    maxEntries: options.maxEntries ?? 10_000,
  };
}

/** Renders `children` with the panel's providers. */
export function renderPanel(ui: PanelUi, children: ComponentChildren, lang: Lang = 'en') {
  return render(
    <I18nProvider lang={lang}>
      <PanelProvider value={ui}>{children}</PanelProvider>
    </I18nProvider>,
  );
}

/** Lets signal effects and promises settle. */
export async function settle(ms = 0): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}
