/**
 * The panel's capture rules: per environment, its rules and the shared editor with a live preview over
 * this tab's recent requests that were not CME calls ("matches 3 of the last 200 requests"); saving goes
 * through the same RPC as the options page, and the matching recent requests become captured calls.
 * Everything shown of a request is masked like every other view.
 */
import { useState } from 'preact/hooks';
import { captureRuleText } from '../../lib/cme/capture-rules';
import { maskTicket } from '../../lib/cme/mask';
import type { CaptureRule } from '../../lib/cme/types';
import type { PanelRules } from '../../lib/ui/panel/capture-rules';
import { previewRule } from '../../lib/ui/panel/capture-rules-compile';
import { rulesOf } from '../../lib/ui/shared/capture-rules';
import { CaptureRuleEditor } from '../capture-rule-editor';
import { environmentName } from '../environment-name';
import { useT } from '../i18n-context';
import { usePanel } from './panel-context';
import { useTabMasker } from './use-masker';
import './capture-rules-pane.css';

const SHOWN_MATCHES = 6;

function Preview({ rule, rules }: { rule: CaptureRule; rules: PanelRules }) {
  const t = useT();
  const masker = useTabMasker();
  const { total, matches } = previewRule(rule, rules.recent.value);
  if (total === 0) return <p class="cme-rules-preview-count note">{t('captureRulePreviewEmpty')}</p>;
  return (
    <div class="cme-rules-preview" data-matches={matches.length} data-total={total}>
      <p class={`cme-rules-preview-count note ${matches.length > 0 ? 'note-ok' : ''}`}>
        {t('captureRulePreview', matches.length, total)}
      </p>
      {matches.length > 0 ? (
        <ul class="cme-rules-matches">
          {matches.slice(0, SHOWN_MATCHES).map((m) => (
            <li key={m.request.seq}>
              <code class="cme-rules-url">
                {m.request.method} {masker.url(m.request.url)}
              </code>{' '}
              → <strong>{`${m.actionClass}/${m.action}`}</strong> ·{' '}
              <code class="cme-rules-ticket">{maskTicket(m.ticket)}</code>
            </li>
          ))}
          {matches.length > SHOWN_MATCHES ? <li>…</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

/** The pane (shown under the toolbar while open). */
export function CaptureRulesPane() {
  const t = useT();
  const ui = usePanel();
  const rules = ui.rules;
  const custom = (rules?.environments.value ?? []).filter((e) => e.kind === 'custom');
  const [chosen, setChosen] = useState<string | null>(null);
  // A new editor (empty form) after each save.
  const [round, setRound] = useState(0);
  if (!rules) return null;
  const env = custom.find((e) => e.id === chosen) ?? custom[0];
  const list = env ? rulesOf(env) : [];
  const applied = rules.applied.value;
  return (
    <section class="cme-rules" aria-labelledby="cme-rules-title" data-capture-rules>
      <header class="cme-rules-head">
        <h2 id="cme-rules-title">{t('captureRules')}</h2>
        <span class="cme-rules-hint">{t('captureRulesHint')}</span>
        <button type="button" name="rules-close" onClick={() => rules.show(false)}>
          {t('captureRuleClose')}
        </button>
      </header>
      {env === undefined ? (
        <p class="note note-warn">{t('captureRuleNoEnvironment')}</p>
      ) : (
        <>
          <label class="cme-rules-env">
            <span>{t('captureRuleEnvironment')}</span>
            <select
              class="cme-select"
              name="rules-env"
              value={env.id}
              onChange={(e) => setChosen(e.currentTarget.value)}
            >
              {custom.map((e) => (
                <option key={e.id} value={e.id}>
                  {environmentName(t, e)} — {e.apiBase}
                </option>
              ))}
            </select>
          </label>
          {list.length === 0 ? (
            <p class="cme-rules-hint">{t('captureRuleNone')}</p>
          ) : (
            <ul class="capture-rule-list cme-rules-list">
              {list.map((r, i) => (
                <li key={`${env.id}-${i}`}>
                  <code>{captureRuleText(r)}</code>
                  <button
                    type="button"
                    class="btn-link"
                    name="rule-remove"
                    onClick={() =>
                      void rules.save(
                        env,
                        list.filter((_, j) => j !== i),
                      )
                    }
                  >
                    {t('captureRuleRemove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <CaptureRuleEditor
            key={`${env.id}-${round}`}
            idPrefix="cme-rule"
            preview={(rule) => <Preview rule={rule} rules={rules} />}
            onSave={(spec) =>
              rules.save(env, [...list, spec]).then((ok) => {
                if (ok) setRound(round + 1);
                return ok;
              })
            }
          />
        </>
      )}
      {applied !== null ? (
        <p class="note note-ok" role="status" data-rules-applied={applied}>
          {t('captureRuleSaved')}
        </p>
      ) : null}
      {rules.error.value ? (
        <p class="note note-err" role="alert">
          {rules.error.value}
        </p>
      ) : null}
    </section>
  );
}
