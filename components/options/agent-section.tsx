/**
 * The page agent's sites: which sites record their CME calls while DevTools is closed (and take the
 * panel's fault rules), how much each keeps, turn one on (its host access asked from the click itself),
 * off, or forget it.
 */
import { useState } from 'preact/hooks';
import type { AgentSiteInfo } from '../../lib/protocol';
import { formatSize, type AgentSiteProblem } from '../../lib/ui/options/agent-sites';
import { useT } from '../i18n-context';
import { useOptions } from './options-context';

function Status({ site }: { site: AgentSiteInfo }) {
  const t = useT();
  if (!site.enabled) return <span class="badge badge-muted options-agent-state">{t('optionsAgentOff')}</span>;
  if (!site.granted)
    return <span class="badge badge-warn options-agent-state">{t('optionsAgentNoAccess')}</span>;
  return <span class="badge badge-ok options-agent-state">{t('optionsAgentOn')}</span>;
}

function Problem({ problem }: { problem: AgentSiteProblem }) {
  const t = useT();
  const text =
    problem.kind === 'bad-origin'
      ? t('optionsAgentBadOrigin')
      : problem.kind === 'denied'
        ? t('optionsAgentDenied', problem.origin)
        : t('optionsError', problem.text);
  return (
    <p class="options-field-error" role="alert" id="options-agent-problem">
      {text}
    </p>
  );
}

/** The page agent section. */
export function AgentSection() {
  const { agentSites: agent } = useOptions();
  const t = useT();
  const [address, setAddress] = useState('');
  const list = agent.sites.value;
  const forgetting = agent.forgetting.value;
  const dropped = agent.dropped.value;
  const problem = agent.problem.value;
  return (
    <section class="options-section" id="options-agent" aria-labelledby="options-agent-title">
      <h2 id="options-agent-title">{t('optionsAgent')}</h2>
      <p class="options-hint">{t('optionsAgentHint')}</p>
      {list.length === 0 ? (
        <p class="options-hint" id="options-agent-none">
          {t('optionsAgentNone')}
        </p>
      ) : (
        <table class="table options-env-table" id="options-agent-sites">
          <tbody>
            {list.map((site) => (
              <tr key={site.origin} class="options-agent-row" data-origin={site.origin}>
                <td>
                  <code>{site.origin}</code>
                </td>
                <td>
                  <Status site={site} />
                </td>
                <td class="options-agent-size">
                  {t('optionsAgentRecorded', site.count, formatSize(site.bytes))}
                </td>
                <td class="options-env-buttons">
                  {site.enabled && site.granted ? (
                    <button
                      type="button"
                      class="options-agent-off"
                      disabled={agent.busy.value}
                      onClick={() => void agent.disable(site.origin)}
                    >
                      {t('optionsAgentTurnOff')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      class="options-agent-on"
                      disabled={agent.busy.value}
                      // enable() asks for the host before its first await: inside this click's user gesture.
                      onClick={() => void agent.enable(site.origin)}
                    >
                      {t('optionsAgentTurnOn')}
                    </button>
                  )}
                  <button
                    type="button"
                    class="options-agent-forget"
                    disabled={agent.busy.value}
                    onClick={() => agent.askForget(site.origin)}
                  >
                    {t('optionsAgentForget')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {forgetting ? (
        <div class="options-confirm" role="alertdialog" id="options-agent-confirm">
          <p>
            {t(
              'optionsAgentForgetConfirm',
              forgetting,
              list.find((s) => s.origin === forgetting)?.count ?? 0,
            )}
          </p>
          <div class="options-actions">
            <button
              type="button"
              id="options-agent-forget-now"
              class="btn-primary options-danger"
              disabled={agent.busy.value}
              onClick={() => void agent.confirmForget()}
            >
              {t('optionsAgentForgetNow')}
            </button>
            <button type="button" id="options-agent-forget-cancel" onClick={agent.cancelForget}>
              {t('optionsCancel')}
            </button>
          </div>
        </div>
      ) : null}
      <form
        class="options-actions"
        id="options-agent-form"
        onSubmit={(e) => {
          e.preventDefault();
          void agent.enable(address).then((ok) => ok && setAddress(''));
        }}
      >
        <label for="options-agent-origin">{t('optionsAgentOrigin')}</label>
        <input
          id="options-agent-origin"
          type="url"
          spellcheck={false}
          placeholder="https://app.example.com"
          value={address}
          onInput={(e) => setAddress(e.currentTarget.value)}
        />
        <button type="submit" id="options-agent-add" class="btn-primary" disabled={agent.busy.value}>
          {t('optionsAgentTurnOn')}
        </button>
      </form>
      {problem ? <Problem problem={problem} /> : null}
      {dropped && dropped.malformed + dropped.rateLimited + dropped.refusedPorts > 0 ? (
        <p class="options-hint" id="options-agent-dropped">
          {t('optionsAgentDropped', dropped.malformed, dropped.rateLimited, dropped.refusedPorts)}
        </p>
      ) : null}
    </section>
  );
}
