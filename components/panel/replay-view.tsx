/**
 * The Replay tab: replay the call through the background as captured, with an edited body, or under
 * another stored ticket; the new answer is shown beside the captured one, with a JSON diff.
 */
import { useEffect } from 'preact/hooks';
import { maskTicket } from '../../lib/cme/redact';
import type { RawCall } from '../../lib/cme/types';
import type { ReplayMode } from '../../lib/ui/panel/replay';
import type { PanelRow } from '../../lib/ui/panel/rows';
import { CodeBadge } from '../code-badge';
import { DiffView } from '../diff-view';
import { useT } from '../i18n-context';
import { JsonTree } from '../json-tree';
import { usePanel } from './panel-context';
import { useTabMasker } from './use-masker';

const MODES: {
  mode: ReplayMode;
  key: 'panelReplayModeCaptured' | 'panelReplayModeBody' | 'panelReplayModeTicket';
}[] = [
  { mode: 'captured', key: 'panelReplayModeCaptured' },
  { mode: 'body', key: 'panelReplayModeBody' },
  { mode: 'ticket', key: 'panelReplayModeTicket' },
];

function TicketPicker() {
  const t = useT();
  const { replay, tickets } = usePanel();
  const list = tickets.tickets.value;
  if (list.length === 0) return <p class="muted">{t('panelReplayNoTickets')}</p>;
  return (
    <label class="cme-field">
      {t('panelReplayPickTicket')}
      <select
        class="cme-select"
        name="replay-ticket"
        value={replay.ticketId.value ?? ''}
        onChange={(e) => (replay.ticketId.value = (e.currentTarget as HTMLSelectElement).value || null)}
      >
        <option value="">—</option>
        {list.map((ticket) => {
          const who = [ticket.platform, ticket.userId].filter(Boolean).join('/');
          const rejected = ticket.status === 'rejected' ? ` (${t('panelReplayRejectedTicket')})` : '';
          return (
            <option key={ticket.id} value={ticket.id}>
              {`${ticket.label || who || ticket.environment} · ${maskTicket(ticket.authorization)}${rejected}`}
            </option>
          );
        })}
      </select>
    </label>
  );
}

/**
 * The background refused to send a stored ticket to a host outside its environment: ask, naming the
 * user, the host and the environment. Only "Send" sends it again (allowed for that host); Cancel sends
 * nothing.
 */
function HostConfirmation() {
  const t = useT();
  const { replay, tickets } = usePanel();
  const waiting = replay.confirmHost.value;
  if (waiting === null) return null;
  const ticket = tickets.tickets.value.find((x) => x.id === waiting.ticketId);
  const who = ticket
    ? [ticket.platform, ticket.userId].filter(Boolean).join('/') ||
      ticket.label ||
      maskTicket(ticket.authorization)
    : waiting.ticketId;
  return (
    <div class="note note-warn" role="alertdialog" data-replay="confirm-host">
      <p>{t('panelReplayHostConfirm', who, waiting.host, waiting.environment)}</p>
      <p>
        <button type="button" name="replay-allow-host" onClick={() => void replay.allowHost()}>
          {t('panelReplayHostAllow', waiting.host)}
        </button>{' '}
        <button
          type="button"
          class="btn-primary"
          name="replay-decline-host"
          onClick={() => replay.declineHost()}
        >
          {t('panelReplayHostDecline')}
        </button>
      </p>
    </div>
  );
}

function ReplayResultView() {
  const t = useT();
  const { replay } = usePanel();
  const masker = useTabMasker();
  const result = replay.result.value;
  if (result === null) return null;
  const { outcome } = result;
  if (!outcome.ok) {
    return <p class="note note-err">{t('panelReplayFailed', masker.text(outcome.message))}</p>;
  }
  return (
    <div class="cme-replay-result" data-replay="result">
      <p class="cme-summary">
        <CodeBadge code={outcome.envelope.code} ok={outcome.envelope.ok} httpStatus={outcome.httpStatus} />
        <span class="muted">
          HTTP {outcome.httpStatus} · {t('panelMs', Math.round(outcome.durationMs))}
        </span>
      </p>
      {outcome.ticketRejected && <p class="note note-warn">{t('panelReplayTicketRejected')}</p>}
      <div class="cme-compare">
        <section class="cme-section">
          <h4>{t('panelReplayOriginal')}</h4>
          <JsonTree value={result.before} expandDepth={2} masker={masker} />
        </section>
        <section class="cme-section">
          <h4>{t('panelReplayNew')}</h4>
          <JsonTree value={result.after} expandDepth={2} masker={masker} />
        </section>
      </div>
      <section class="cme-section" data-section="diff">
        <h4>{t('panelReplayDiff')}</h4>
        <DiffView before={result.before} after={result.after} masker={masker} />
      </section>
    </div>
  );
}

/** The replay form and its result for the shown call. */
export function ReplayTab({ raw, row }: { raw: RawCall; row: PanelRow }) {
  const t = useT();
  const { replay, tickets } = usePanel();
  const masker = useTabMasker();
  useEffect(() => {
    void tickets.refresh();
  }, [tickets]);
  if (!replay.available) return <p class="muted">{t('panelReplayUnavailable')}</p>;
  const mode = replay.mode.value;
  return (
    <div class="cme-tab-body">
      <div class="cme-radios" role="radiogroup">
        {MODES.map((m) => (
          <label key={m.mode} class="cme-check">
            <input
              type="radio"
              name="replay-mode"
              value={m.mode}
              checked={mode === m.mode}
              onChange={() => (replay.mode.value = m.mode)}
            />
            {t(m.key)}
          </label>
        ))}
      </div>
      {mode === 'body' && (
        <textarea
          class="cme-editor"
          name="replay-body"
          spellcheck={false}
          rows={10}
          value={replay.bodyText.value}
          onInput={(e) => (replay.bodyText.value = (e.currentTarget as HTMLTextAreaElement).value)}
        />
      )}
      {mode === 'ticket' && <TicketPicker />}
      <p>
        <button
          type="button"
          class="btn-primary"
          name="replay-run"
          disabled={replay.running.value}
          onClick={() => void replay.run(raw, row.id)}
        >
          {replay.running.value ? t('panelReplayRunning') : t('panelReplayRun')}
        </button>
      </p>
      {replay.error.value && (
        <p class="note note-err">{t('panelReplayFailed', masker.text(replay.error.value))}</p>
      )}
      <HostConfirmation />
      <ReplayResultView />
    </div>
  );
}
