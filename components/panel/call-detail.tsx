/** The detail pane of the selected call: tabs for overview, request, response, signature, replay, copy. */
import type { ComponentChildren } from 'preact';
import type { Signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { listViewOf } from '../../lib/ui/panel/list-view';
import type { DecodedCall, RawCall } from '../../lib/cme/types';
import { actionLabel } from '../../lib/ui/panel/rows';
import { ErrorBoundary } from '../error-boundary';
import { useT } from '../i18n-context';
import { SignatureView } from '../signature-view';
import { AgentNote } from './agent-note';
import { CopyTab } from './detail-copy';
import { RequestTab, ResponseTab } from './detail-http';
import { OverviewTab } from './detail-overview';
import { useDetailFind } from './use-detail-find';
import { BodyFindContext } from './find-context';
import { usePanel } from './panel-context';
import { ReplayTab } from './replay-view';
import { useTabMasker } from './use-masker';

type TabId = 'overview' | 'request' | 'response' | 'signature' | 'replay' | 'copy';

const TABS: {
  id: TabId;
  key:
    | 'panelTabOverview'
    | 'panelTabRequest'
    | 'panelTabResponse'
    | 'panelTabSignature'
    | 'panelTabReplay'
    | 'panelTabCopy';
}[] = [
  { id: 'overview', key: 'panelTabOverview' },
  { id: 'request', key: 'panelTabRequest' },
  { id: 'response', key: 'panelTabResponse' },
  { id: 'signature', key: 'panelTabSignature' },
  { id: 'replay', key: 'panelTabReplay' },
  { id: 'copy', key: 'panelTabCopy' },
];

function SignatureTab({ call }: { call: DecodedCall }) {
  const t = useT();
  const { detail, panel } = usePanel();
  const signature = call.signature ?? call.verifySign;
  if (signature === null) return <p class="muted">{t('panelNoSignature')}</p>;
  // Keyed by the signature: a Reveal of its HMAC holds for this one only.
  return (
    <div class="cme-tab-body">
      {call.signature === null && <p class="muted">{t('panelSignatureVerifySign')}</p>}
      <SignatureView
        key={signature.hmacHex + signature.plaintext}
        signature={signature}
        atMs={call.startedAt}
        revealHmac={panel.reveal.peek()}
        onVerify={(key) => detail.verify(key)}
      />
    </div>
  );
}

function ReadyDetail({ raw, call, tab }: { raw: RawCall; call: DecodedCall | null; tab: TabId }) {
  const { detail } = usePanel();
  const state = detail.state.value;
  const masker = useTabMasker();
  if (state.status !== 'ready') return null;
  const row = state.row;
  switch (tab) {
    case 'overview':
      return call ? (
        <OverviewTab row={row} call={call} initiator={raw.initiator} masker={masker} />
      ) : (
        <RequestTab raw={raw} decoded={call} masker={masker} />
      );
    case 'request':
      return <RequestTab raw={raw} decoded={call} masker={masker} />;
    case 'response':
      return <ResponseTab raw={raw} decoded={call} masker={masker} />;
    case 'signature':
      return call ? <SignatureTab call={call} /> : null;
    case 'replay':
      return <ReplayTab raw={raw} row={row} />;
    case 'copy':
      return <CopyTab raw={raw} call={call} />;
  }
}

/** A tab's render error shown as what failed (its message masked), keyed so another call or tab retries. */
function TabBoundary({ tab, children }: { tab: TabId; children: ComponentChildren }) {
  const t = useT();
  const masker = useTabMasker();
  const key = TABS.find((x) => x.id === tab)!.key;
  return (
    <ErrorBoundary what={t(key)} mask={masker.text}>
      {children}
    </ErrorBoundary>
  );
}

/**
 * Follows the list's requests for a tab (the row menu's Replay / Replay edited…): shows it once the call
 * is loaded, and puts focus in the body editor when the request was to edit.
 */
function useTabRequest(
  request: Signal<{ tab: TabId; n: number } | null>,
  ready: boolean,
  setTab: (tab: TabId) => void,
  editing: boolean,
): void {
  const wanted = request.value;
  useEffect(() => {
    if (wanted === null || !ready) return;
    // Taken once: a later selection opens on the tab the user left.
    request.value = null;
    setTab(wanted.tab);
    if (!editing) return;
    requestAnimationFrame(() =>
      document.querySelector<HTMLTextAreaElement>('.cme-detail textarea[name="replay-body"]')?.focus(),
    );
  }, [wanted, ready, editing]);
}

/** The detail pane (empty when nothing is selected). */
export function CallDetail() {
  const t = useT();
  const ui = usePanel();
  const { panel, detail, replay } = ui;
  const [tab, setTab] = useState<TabId>('overview');
  const ref = useRef<HTMLElement>(null);
  const find = useDetailFind(tab, setTab, ref);
  const state = detail.state.value;
  useTabRequest(listViewOf(ui).tabRequest, state.status === 'ready', setTab, replay.mode.value === 'body');
  if (state.status === 'empty') {
    return (
      <aside class="cme-detail is-empty">
        <p class="muted">{t('panelDetailNone')}</p>
      </aside>
    );
  }
  const selected = panel.selected.value;
  const title = selected ? actionLabel(selected) || selected.url : '';
  const tabKey = TABS.find((x) => x.id === tab)!.key;
  // Headings for screen readers (the call, then the tab), above the tab's own section headings (h4).
  return (
    <aside class="cme-detail" aria-label={title || t(tabKey)} ref={ref}>
      <h2 class="sr-only">{title}</h2>
      <div class="tabs cme-tabs">
        {/* Only tabs in the tablist: the close button sits beside it. */}
        <div class="cme-tablist" role="tablist">
          {TABS.map((x) => (
            <button
              key={x.id}
              type="button"
              role="tab"
              id={`cme-tab-${x.id}`}
              name={`tab-${x.id}`}
              aria-selected={tab === x.id}
              aria-controls="cme-tabpanel"
              class={tab === x.id ? 'is-active' : ''}
              onClick={() => setTab(x.id)}
            >
              {t(x.key)}
            </button>
          ))}
        </div>
        <span class="cme-spacer" />
        <button
          type="button"
          class="cme-close"
          name="close-detail"
          aria-label={t('panelCloseDetail')}
          title={t('panelCloseDetail')}
          onClick={() => panel.select(null)}
        >
          ×
        </button>
      </div>
      {find.bar}
      <div
        class="cme-detail-body"
        role="tabpanel"
        id="cme-tabpanel"
        aria-labelledby={`cme-tab-${tab}`}
        tabIndex={-1}
      >
        <h3 class="sr-only">{t(tabKey)}</h3>
        {state.status === 'loading' && (
          <p class="muted" data-detail="loading">
            {t('panelLoading')}
          </p>
        )}
        {state.status === 'missing' && <p class="muted">{t('panelDetailMissing')}</p>}
        {state.status === 'ready' && <AgentNote row={state.row} raw={state.raw} />}
        {state.status === 'ready' && (
          <TabBoundary key={`${state.row.id}:${tab}`} tab={tab}>
            <BodyFindContext.Provider value={find.ctx}>
              <ReadyDetail raw={state.raw} call={state.decoded} tab={tab} />
            </BodyFindContext.Provider>
          </TabBoundary>
        )}
      </div>
    </aside>
  );
}
