/**
 * One custom environment's capture rules on the options page: the list (each as the CLI writes it), edit
 * and remove, and the shared editor to add one. Every change saves the environment's whole list.
 */
import { useState } from 'preact/hooks';
import { captureRuleText } from '../../lib/cme/capture-rules';
import type { EnvironmentRecord } from '../../lib/store/schema';
import { rulesOf } from '../../lib/ui/shared/capture-rules';
import { CaptureRuleEditor } from '../capture-rule-editor';
import { useT } from '../i18n-context';
import { useOptions } from './options-context';

/** The rules of `env`, with their editor. */
export function CaptureRulesRow({ env }: { env: EnvironmentRecord }) {
  const t = useT();
  const envs = useOptions().environments;
  const rules = rulesOf(env);
  // The rule being edited (its index), 'new' while adding one, null otherwise.
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const prefix = `options-rule-${env.id}`;
  return (
    <div class="options-capture-rules" data-env-id={env.id}>
      <strong>{t('captureRules')}</strong>
      {rules.length === 0 ? (
        <span class="options-hint"> {t('captureRuleNone')}</span>
      ) : (
        <ul class="capture-rule-list">
          {rules.map((rule, i) =>
            editing === i ? (
              <li key={i}>
                <CaptureRuleEditor
                  idPrefix={`${prefix}-${i}`}
                  initial={rule}
                  onSave={(spec) =>
                    envs
                      .saveRules(
                        env,
                        rules.map((r, j) => (j === i ? spec : r)),
                      )
                      .then((ok) => {
                        if (ok) setEditing(null);
                        return ok;
                      })
                  }
                  onCancel={() => setEditing(null)}
                />
              </li>
            ) : (
              <li key={i} class="options-capture-rule">
                <code>{captureRuleText(rule)}</code>
                <button type="button" class="btn-link options-rule-edit" onClick={() => setEditing(i)}>
                  {t('captureRuleEdit')}
                </button>
                <button
                  type="button"
                  class="btn-link options-rule-remove"
                  onClick={() =>
                    void envs.saveRules(
                      env,
                      rules.filter((_, j) => j !== i),
                    )
                  }
                >
                  {t('captureRuleRemove')}
                </button>
              </li>
            ),
          )}
        </ul>
      )}
      {editing === 'new' ? (
        <CaptureRuleEditor
          idPrefix={`${prefix}-new`}
          onSave={(spec) =>
            envs.saveRules(env, [...rules, spec]).then((ok) => {
              if (ok) setEditing(null);
              return ok;
            })
          }
          onCancel={() => setEditing(null)}
        />
      ) : (
        <button type="button" class="btn-link options-rule-add" onClick={() => setEditing('new')}>
          {t('captureRuleAdd')}
        </button>
      )}
    </div>
  );
}
