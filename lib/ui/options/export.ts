/**
 * The options page's export: settings, environments, history and tickets in one JSON document. Tickets,
 * signatures and secrets in URLs and bodies are masked unless the user chose to reveal them.
 */
import { maskJsonSecrets, maskSecretsInText, maskTicket, maskUrl } from '../../cme/redact';
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

/** Mask a body text: secret JSON fields when it is JSON, then every known ticket anywhere. */
function maskBody(text: string | null, secrets: string[]): string | null {
  if (text === null || text === '') return text;
  let out = text;
  try {
    out = JSON.stringify(maskJsonSecrets(JSON.parse(text) as unknown));
  } catch {
    // Not JSON: only the known tickets can be found in it.
  }
  return maskSecretsInText(out, secrets);
}

/** Build the export document. */
export function buildExport(input: ExportInput): ExportDocument {
  const { reveal } = input;
  const secrets = input.tickets.map((t) => t.authorization);
  return {
    format: 'cme-devtools-export',
    version: 1,
    exportedAt: new Date(input.now).toISOString(),
    masked: !reveal,
    settings: input.settings,
    environments: input.environments,
    tickets: reveal
      ? input.tickets
      : input.tickets.map((t) => ({ ...t, authorization: maskTicket(t.authorization) })),
    history: reveal
      ? input.history
      : input.history.map((h) => ({
          ...h,
          url: maskSecretsInText(maskUrl(h.url), secrets),
          requestBody: maskBody(h.requestBody, secrets) ?? '',
          responseText: maskBody(h.responseText, secrets),
          error: h.error === null ? null : maskSecretsInText(h.error, secrets),
        })),
  };
}

/** The export's file name, e.g. `cme-devtools-2026-11-29.json`. */
export function exportFileName(now: number): string {
  return `cme-devtools-${new Date(now).toISOString().slice(0, 10)}.json`;
}
