/**
 * The body editor: a textarea with line numbers, checked as typed (syntax, required parameters, types);
 * every issue names its parameter and line, and a click puts the caret there. Ctrl+Enter sends.
 */
import { useRef } from 'preact/hooks';
import type { BodyIssue } from '../../lib/ui/popup/body-check';
import { useT } from '../i18n-context';
import { issueText } from './issue-text';
import { usePopup } from './popup-context';

/** UTF-16 offset of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) break;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

/** The body editor; `onSend` on Ctrl/Cmd+Enter. */
export function BodyEditor({ onSend }: { onSend: () => void }) {
  const store = usePopup();
  const t = useT();
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const text = store.body.value;
  const check = store.check.value;
  const blocked = store.blocked.value === 'invalid-body';
  const marks = new Map<number, string>();
  for (const i of check.issues) {
    if (marks.get(i.line) !== 'error') marks.set(i.line, i.severity);
  }
  const lineCount = text.split('\n').length;

  const jumpTo = (issue: BodyIssue): void => {
    const el = area.current;
    if (!el) return;
    const at = offsetOf(text, issue.line, issue.column);
    el.focus();
    el.setSelectionRange(at, at);
  };

  return (
    <div class="popup-field">
      <div class="popup-editor-head">
        <label for="popup-body">{t('popupBody')}</label>
        {store.entry.value ? (
          <button type="button" id="popup-reset-body" class="popup-link" onClick={store.resetBody}>
            {t('popupResetBody')}
          </button>
        ) : null}
      </div>
      <div class={blocked ? 'popup-editor popup-editor-blocked' : 'popup-editor'}>
        <div class="popup-gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, i) => (
            <div key={i} class={marks.has(i + 1) ? `popup-gutter-${marks.get(i + 1)}` : undefined}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          id="popup-body"
          ref={area}
          rows={8}
          wrap="off"
          spellcheck={false}
          autocomplete="off"
          aria-invalid={!check.ok}
          aria-describedby="popup-body-issues"
          value={text}
          onInput={(e) => store.setBody(e.currentTarget.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              e.stopPropagation();
              onSend();
            }
          }}
        />
      </div>
      <ul id="popup-body-issues" class="popup-issues" aria-live="polite">
        {check.issues.map((issue) => (
          <li
            key={`${issue.line}:${issue.column}:${issue.kind}:${issue.param ?? ''}`}
            class={`popup-issue-${issue.severity}`}
          >
            <button type="button" class="popup-issue" onClick={() => jumpTo(issue)}>
              <span class="popup-issue-line">{t('popupIssueLine', issue.line, issue.column)}</span>{' '}
              {issueText(t, issue)}
            </button>
          </li>
        ))}
        {check.issues.length === 0 ? <li class="popup-issue-ok">{t('popupBodyOk')}</li> : null}
      </ul>
    </div>
  );
}
