/** A text with highlighted spans (find matches): each `<mark>`, the current one flagged for scrolling to. */
import type { JSX } from 'preact';
import './marked-text.css';

/** A span to highlight in a text; `current` for the match a find is at. */
export interface TextMark {
  start: number;
  end: number;
  current: boolean;
}

/**
 * `text` with `marks` (sorted, not overlapping) as `<mark>`s; marks past the text's end are dropped and one
 * across it is cut (a truncated string shows what of a match it holds).
 */
export function MarkedText({ text, marks }: { text: string; marks: readonly TextMark[] | undefined }) {
  if (marks === undefined || marks.length === 0) return <>{text}</>;
  const parts: (string | JSX.Element)[] = [];
  let at = 0;
  for (const m of marks) {
    if (m.start >= text.length) break;
    const end = Math.min(m.end, text.length);
    if (m.start > at) parts.push(text.slice(at, m.start));
    parts.push(
      <mark
        key={m.start}
        class={m.current ? 'find-mark is-current' : 'find-mark'}
        data-find-current={m.current ? '' : undefined}
      >
        {text.slice(m.start, end)}
      </mark>,
    );
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
