/**
 * The panel's in-memory row of one captured call: the store's light summary plus the messages, and
 * how rows are made from a stored summary or from a freshly decoded call. No bodies here.
 */
import { answerSize } from '../../cme/answer-size';
import { worstSeverity } from '../../cme/login-severity';
import type { CatalogueCheck, DecodedCall, RawCall, UnknownParamName, UnknownParams } from '../../cme/types';

export type { UnknownParamName, UnknownParams };
import type { CaptureFault, CaptureInput, CaptureSource, CaptureSummary } from '../../store';
import { buildSearchText } from './search';

/** How many unknown parameters a row names (its badge's title lists these and says how many more). */
export const UNKNOWN_NAMES_KEPT = 3;
/** The longest parameter name a row keeps (a page's key may be any length). */
export const UNKNOWN_NAME_CHARS = 80;

/**
 * One row of the call list: the store's summary without its tab, with the server's messages always
 * present (null when unknown); its marks (the body's unknown parameters, a login's diagnosis) as stored.
 */
export type PanelRow = Omit<CaptureSummary, 'tabId' | 'message' | 'englishMessage' | 'text'> & {
  message: string | null;
  englishMessage: string | null;
  /**
   * Lowercased text to search in; absent when a text index holds it out of the panel's heap (the tab's
   * log: text-index/), present for an imported file's rows.
   */
  text?: string;
};

const clip = (name: string): string =>
  name.length > UNKNOWN_NAME_CHARS ? `${name.slice(0, UNKNOWN_NAME_CHARS - 1)}…` : name;

/**
 * The unknown parameters of a catalogue check, counted once when the row is made (never in render);
 * undefined when there are none.
 */
export function unknownParamsOf(check: CatalogueCheck | null): UnknownParams | undefined {
  if (check === null) return undefined;
  let count = 0;
  const names: UnknownParamName[] = [];
  for (const f of check.findings) {
    if (f.problem !== 'unknown') continue;
    count++;
    if (names.length < UNKNOWN_NAMES_KEPT) {
      names.push(
        f.suggestion === undefined
          ? { param: clip(f.param) }
          : { param: clip(f.param), suggestion: clip(f.suggestion) },
      );
    }
  }
  return count === 0 ? undefined : { count, names };
}

/** The row of a stored summary (summaries stored before messages were kept have none). */
export function rowFromSummary(summary: CaptureSummary): PanelRow {
  const { tabId: _tab, message, englishMessage, ...rest } = summary;
  return { ...rest, message: message ?? null, englishMessage: englishMessage ?? null };
}

/**
 * The row of a stored summary without its search text (a text index holds it), its repeated texts shared
 * through `intern`: 100,000 rows hold little more than their numbers and ids.
 */
export function slimRowFromSummary(
  summary: CaptureSummary,
  intern: (s: string | null) => string | null,
): PanelRow {
  const { tabId: _tab, text: _text, message, englishMessage, ...rest } = summary;
  return {
    ...rest,
    method: intern(rest.method) ?? '',
    url: intern(rest.url) ?? '',
    actionClass: intern(rest.actionClass),
    action: intern(rest.action),
    code: intern(rest.code),
    platform: intern(rest.platform),
    userId: intern(rest.userId),
    ticket: intern(rest.ticket),
    message: intern(message ?? null),
    englishMessage: intern(englishMessage ?? null),
  };
}

/** What the stored summary and the in-memory row both take from a decoded call. */
function decodedFields(decoded: DecodedCall) {
  return {
    kind: decoded.kind,
    ok: decoded.ok,
    actionClass: decoded.actionClass,
    action: decoded.action,
    code: decoded.code,
    platform: decoded.user?.platform ?? null,
    userId: decoded.user?.userId ?? null,
    ticket: decoded.ticket,
    requestId: decoded.requestId,
    message: decoded.message,
    englishMessage: decoded.englishMessage,
    ...marksOf(decoded),
  };
}

/** The marks a row shows for a decoded call: absent when there is nothing to mark. */
function marksOf(decoded: DecodedCall): Pick<PanelRow, 'unknownParams' | 'loginDiagnosis'> {
  const unknownParams = unknownParamsOf(decoded.catalogue);
  const loginDiagnosis = worstSeverity(decoded.loginFindings);
  return {
    ...(unknownParams === undefined ? {} : { unknownParams }),
    ...(loginDiagnosis === null ? {} : { loginDiagnosis }),
  };
}

/**
 * Where a call came from when the page agent reported it (`recorded`, `injected`) and the fault rule that
 * shaped its answer; absent for DevTools' own capture.
 */
export interface AgentMarks {
  source?: CaptureSource;
  fault?: CaptureFault;
}

/** The marks present in `marks` (absent ones left out, so stored rows stay as small as before). */
export function agentMarksOf(marks: AgentMarks | undefined): AgentMarks {
  return {
    ...(marks?.source === undefined ? {} : { source: marks.source }),
    ...(marks?.fault === undefined ? {} : { fault: marks.fault }),
  };
}

/** Whether a row's answer was shaped by a fault rule (injected live, or recorded with its rule). */
export function isInjected(row: Pick<PanelRow, 'source' | 'fault'>): boolean {
  return row.source === 'injected' || row.fault !== undefined;
}

/** What the store is given for a decoded call at position `seq`. */
export function captureInputFor(
  decoded: DecodedCall,
  raw: RawCall,
  seq: number,
  searchText: string,
  marks?: AgentMarks,
): CaptureInput {
  return { seq, ...decodedFields(decoded), ...agentMarksOf(marks), searchText, raw };
}

/** The row of a decoded call once the log gave it an id. */
export function rowFromDecoded(
  decoded: DecodedCall,
  id: number,
  seq: number,
  text: string,
  marks?: AgentMarks,
): PanelRow {
  return {
    id,
    seq,
    startedAt: decoded.startedAt,
    method: decoded.method,
    url: decoded.url,
    httpStatus: decoded.httpStatus,
    durationMs: decoded.durationMs,
    ...decodedFields(decoded),
    ...agentMarksOf(marks),
    text,
  };
}

/** A row and its store input, built together so both carry the same search text. */
export function prepareCapture(
  decoded: DecodedCall,
  raw: RawCall,
  seq: number,
  maxSearchChars?: number,
  marks?: AgentMarks,
): { input: CaptureInput; row: (id: number) => PanelRow } {
  const text = buildSearchText(decoded, raw, maxSearchChars);
  return {
    input: captureInputFor(decoded, raw, seq, text, marks),
    row: (id) => ({ ...rowFromDecoded(decoded, id, seq, text, marks), size: answerSize(raw) }),
  };
}

/** The `Class/Action` label of a row (`Login` for a login). */
export function actionLabel(row: Pick<PanelRow, 'actionClass' | 'action'>): string {
  if (row.actionClass === null) return row.action ?? '';
  return `${row.actionClass}/${row.action ?? ''}`;
}

/** The identity label of a row: `platform/user`, or one of them, or '' when unknown. */
export function identityLabel(row: Pick<PanelRow, 'platform' | 'userId'>): string {
  if (row.platform && row.userId) return `${row.platform}/${row.userId}`;
  return row.userId ?? row.platform ?? '';
}
