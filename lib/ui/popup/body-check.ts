/**
 * The request-body check of the popup's editor: JSON syntax errors with their line and column, then the
 * catalogue's findings (missing, mistyped, unknown parameters) placed on the line of the parameter.
 * Pure: no DOM. Never throws.
 */
import { checkBody } from '../../cme/catalogue';
import type { CatalogueEntry } from '../../cme/types';
import { isScanError, lineColumn, scanJson, type SyntaxDetail, type SyntaxExpectation } from './json-scan';

export { lineColumn };
export type { SyntaxDetail, SyntaxExpectation, SyntaxReason } from './json-scan';

/** Kinds of issue the editor lists. */
export type BodyIssueKind = 'syntax' | 'missing' | 'type' | 'unknown' | 'not-object' | 'duplicate';

/** One thing wrong with the body, placed on a line. Errors block sending; warnings do not. */
export interface BodyIssue {
  kind: BodyIssueKind;
  severity: 'error' | 'warning';
  /** Parameter path (`Owner.Id`, `Tags[0]`); '' for the whole body; null for a syntax error. */
  param: string | null;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 units. */
  column: number;
  /** Catalogue type spelling expected (`String`, `Entity`, ...). */
  expected?: string;
  /** JSON type found (`integer`, `string`, `null`, ...). */
  got?: string;
  /** A catalogued name differing only in case from an unknown one. */
  suggestion?: string;
  syntax?: SyntaxDetail;
  /** English developer text. */
  message: string;
}

/** The verdict on a body: its value when it parsed, and every issue. */
export interface BodyCheck {
  /** true when nothing blocks sending. */
  ok: boolean;
  /** The parsed value (undefined when the text is not JSON). */
  value: unknown;
  issues: BodyIssue[];
}

const EXPECTED_TEXT: Record<SyntaxExpectation, string> = {
  value: 'a value',
  key: 'a "quoted" key',
  colon: "':'",
  'comma-or-brace': "',' or '}'",
  'comma-or-bracket': "',' or ']'",
  end: 'the end of the body',
};

/** English text of a syntax error (the views translate the detail instead). */
export function syntaxMessage(detail: SyntaxDetail): string {
  switch (detail.reason) {
    case 'empty':
      return 'The body is empty; write {} for no parameters';
    case 'unexpected':
      return `Expected ${EXPECTED_TEXT[detail.expected ?? 'value']}, found '${detail.found ?? ''}'`;
    case 'unexpected-end':
      return `Unexpected end of the body; expected ${EXPECTED_TEXT[detail.expected ?? 'value']}`;
    case 'unterminated-string':
      return 'A string is not closed';
    case 'bad-escape':
      return 'Invalid escape sequence in a string';
    case 'control-char':
      return 'A raw control character (e.g. a line break) inside a string; escape it';
    case 'bad-number':
      return 'Invalid number';
    case 'too-deep':
      return 'The body is nested too deeply';
  }
}

/** The path of the object that holds `path` (`Owner.Id` → `Owner`, `Name` → ''). */
function parentPath(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}

// An entry with no parameters: checkBody then only says whether the body is an object.
const NO_PARAMS: CatalogueEntry = {
  actionClass: '',
  action: '',
  path: '',
  titleZh: '',
  titleEn: '',
  group: '',
  docUrl: null,
  documented: false,
  params: [],
  data: [],
  errorCodes: [],
};

/** Check the editor's text: syntax first, then (for a catalogued action) the parameters. */
export function checkBodyText(text: string, entry?: CatalogueEntry): BodyCheck {
  const scanned = scanJson(text);
  if (isScanError(scanned)) {
    const at = lineColumn(text, scanned.offset);
    const issue: BodyIssue = {
      kind: 'syntax',
      severity: 'error',
      param: null,
      ...at,
      syntax: scanned.detail,
      message: syntaxMessage(scanned.detail),
    };
    return { ok: false, value: undefined, issues: [issue] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    // The scanner and the engine disagree: trust the engine, keep the page alive.
    const message = error instanceof Error ? error.message : String(error);
    const issue: BodyIssue = { kind: 'syntax', severity: 'error', param: null, line: 1, column: 1, message };
    return { ok: false, value: undefined, issues: [issue] };
  }
  const where = (path: string, preferKey = true): { line: number; column: number } => {
    const spot = scanned.spots.get(path) ?? scanned.spots.get('');
    const offset = (preferKey ? spot?.key : undefined) ?? spot?.value ?? 0;
    return lineColumn(text, offset);
  };
  const issues: BodyIssue[] = scanned.duplicates.map((d) => ({
    kind: 'duplicate',
    severity: 'warning',
    param: d.path,
    ...lineColumn(text, d.offset),
    message: `Parameter "${d.path}" is given twice; only the last one counts`,
  }));
  // Uncatalogued: only "is it an object" is checked (every key would be unknown to an empty entry).
  const findings = checkBody(entry ?? NO_PARAMS, value, { ignoreUnknown: entry === undefined });
  for (const f of findings) {
    const at = f.problem === 'missing' ? where(parentPath(f.param)) : where(f.param);
    const near =
      f.problem === 'unknown'
        ? entry?.params.find((p) => p.name.toLowerCase() === f.param.toLowerCase())?.name
        : undefined;
    issues.push({
      kind: f.problem,
      severity: f.problem === 'unknown' ? 'warning' : 'error',
      param: f.param,
      ...at,
      ...(f.expected !== undefined ? { expected: f.expected } : {}),
      ...(f.got !== undefined ? { got: f.got } : {}),
      ...(near !== undefined ? { suggestion: near } : {}),
      message: f.message,
    });
  }
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: issues.every((x) => x.severity !== 'error'), value, issues };
}
