/**
 * The options page's export: settings, environments, history and tickets in one JSON document. Tickets,
 * signatures and secrets in URLs and bodies are masked unless the user chose to reveal them: by value,
 * with every secret the exported data carries (history URLs and bodies, also of tickets since deleted)
 * plus the stored tickets, in any encoding. A text that cannot be masked is left out with a note, never
 * written in clear.
 */
import { maskTicket } from '../../cme/mask';
import { createMasker, secretsOf, type KnownSecret, type Masker } from '../../cme/secrets';
import type { RawCall } from '../../cme/types';
import type { Settings } from '../../settings/settings';
import type { EnvironmentRecord, HistoryRecord, TicketRecord } from '../../store/schema';

/** What goes into an export. */
export interface ExportInput {
  settings: Settings;
  environments: EnvironmentRecord[];
  history: HistoryRecord[];
  tickets: TicketRecord[];
  reveal: boolean;
  /** Epoch ms of the export. */
  now: number;
  /** Other secrets known to the page (captured calls, keys), masked by value too. */
  secrets?: Iterable<string | KnownSecret>;
}

/** The exported document. */
export interface ExportDocument {
  format: 'cme-devtools-export';
  version: 1;
  exportedAt: string;
  masked: boolean;
  settings: Settings;
  environments: EnvironmentRecord[];
  tickets: TicketRecord[];
  history: HistoryRecord[];
}

/** What replaces a text that could not be masked. */
export const EXPORT_DROPPED_NOTE = '[left out of the export: it could not be masked]';

/** A history record as the call it was, for collecting its secrets. */
function historyCall(h: HistoryRecord): RawCall {
  return {
    startedAt: h.startedAt,
    durationMs: h.durationMs ?? -1,
    request: { method: h.method, url: h.url, headers: [], body: { text: h.requestBody } },
    response: {
      status: h.httpStatus ?? 0,
      headers: [],
      body: h.responseText === null ? null : { text: h.responseText },
      comment: [h.message, h.englishMessage, h.error].filter((t) => t !== null).join('\n'),
    },
  };
}

/** Every string field of a history record masked; one that cannot be is replaced by a note. */
function maskHistory(h: HistoryRecord, masker: Masker): HistoryRecord {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(h)) {
    if (typeof value !== 'string') {
      out[key] = value;
      continue;
    }
    try {
      out[key] = key === 'url' ? masker.url(value) : masker.text(value);
    } catch {
      out[key] = EXPORT_DROPPED_NOTE;
    }
  }
  return out as unknown as HistoryRecord;
}

/** Build the export document. */
export function buildExport(input: ExportInput): ExportDocument {
  const { reveal } = input;
  const stored: KnownSecret[] = input.tickets.map((t) => ({ value: t.authorization, kind: 'ticket' }));
  const masker = reveal
    ? null
    : createMasker(secretsOf(input.history.map(historyCall), [...stored, ...(input.secrets ?? [])]));
  return {
    format: 'cme-devtools-export',
    version: 1,
    exportedAt: new Date(input.now).toISOString(),
    masked: !reveal,
    settings: input.settings,
    environments: input.environments,
    tickets:
      masker === null
        ? input.tickets
        : input.tickets.map((t) => ({ ...t, authorization: maskTicket(t.authorization) })),
    history: masker === null ? input.history : input.history.map((h) => maskHistory(h, masker)),
  };
}

/** The export's file name, e.g. `cme-devtools-2026-11-29.json`. */
export function exportFileName(now: number): string {
  return `cme-devtools-${new Date(now).toISOString().slice(0, 10)}.json`;
}
