/**
 * Client API calls and replays: `POST <apiBase>/PaaS/<Class>/<Action>?auth=<ticket>` with a JSON body,
 * decoded into the envelope, timed, written to history after the answer (record.ts: pending first for a
 * slow call, so a worker stopped under it leaves a row the next start marks failed), and an auth-failure
 * Code marks the ticket rejected.
 */
import { ruleHost, withRuleTicket } from '../cme/capture-rules';
import { readAnswer, readLoginAnswer } from '../cme/answer';
import { isAuthFailure } from '../cme/errors';
import type { HttpHeader } from '../cme/types';
import type { CallOutcome, CallParams, ReplayParams, RuleHit } from '../protocol';
import type { ReplayOrigin, TicketRecord } from '../store';
import { failure, type BackgroundDeps, type BackgroundFailure } from './deps';
import { httpRequest } from './http';
import { startRecord } from './record';

/** What the handler adds to a call's or a replay's params (its `callId` stays with the handler). */
interface InFlight {
  signal?: AbortSignal;
  /** Where the log writes go once the answer is known (the RPC's afterReply); run at once without. */
  afterReply?: (task: () => void) => void;
}

/** A call to make: the protocol's `call` params, abortable. */
export type CallInput = Omit<CallParams, 'callId'> & InFlight;

/** The client API URL of an action for a ticket. */
export function apiUrl(apiBase: string, actionClass: string, action: string, auth: string): string {
  return `${apiBase.replace(/\/+$/, '')}/PaaS/${actionClass}/${action}?auth=${encodeURIComponent(auth)}`;
}

/** A class or action name: nothing else goes into a call's URL path. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

/**
 * Call a client API with a stored ticket, always on its environment's API base. `actionClass` and
 * `action` are identifiers (the page's client checks them too: validate.ts), so they cannot bend the
 * URL's path.
 */
export async function callApi(deps: BackgroundDeps, input: CallInput): Promise<CallOutcome> {
  if (!IDENTIFIER.test(input.actionClass) || !IDENTIFIER.test(input.action)) {
    return failure('input', 'actionClass and action must be names such as DescribeProjects');
  }
  const ticket = await storedTicket(deps, input.ticketId);
  if (!('id' in ticket)) return ticket;
  const env = await deps.store.getEnvironment(ticket.environment);
  if (!env) return failure('input', `The ticket's environment "${ticket.environment}" no longer exists`);
  return send(deps, {
    ticket: () => ticket,
    environment: env.id,
    method: 'POST',
    url: apiUrl(env.apiBase, input.actionClass, input.action, ticket.authorization),
    body: JSON.stringify(input.body ?? {}),
    actionClass: input.actionClass,
    action: input.action,
    timeoutMs: input.timeoutMs,
    signal: input.signal,
    afterReply: input.afterReply,
    replayOf: null,
  });
}

/**
 * A replay of a captured call (as captured, with another body, or under another stored ticket): the
 * protocol's `replay` params, abortable.
 */
export type ReplayInput = Omit<ReplayParams, 'callId'> & InFlight;

/** The stored ticket `id`, or the failure that says it is gone. */
async function storedTicket(deps: BackgroundDeps, id: string): Promise<TicketRecord | BackgroundFailure> {
  return (await deps.store.getTicket(id)) ?? failure('input', `No stored ticket with id ${id}`);
}

/** The hosts a stored ticket of `environment` may go to: its API base, login URL and its rules' origins. */
async function environmentHosts(
  deps: BackgroundDeps,
  environment: string,
): Promise<{ name: string; hosts: string[] }> {
  const env = await deps.store.getEnvironment(environment);
  if (!env) return { name: environment, hosts: [] };
  const hosts = [env.apiBase, env.loginUrl].map((u) => new URL(u).host);
  for (const r of env.captureRules ?? []) hosts.push(ruleHost(r.pattern) ?? '');
  return { name: env.name, hosts: hosts.filter(Boolean) };
}

/**
 * Replay a captured call through the background: the same method and URL, with the captured ticket or a
 * stored one put in its place — `?auth=` of a `/PaaS/` call, or where a capture rule reads it (a call an
 * app's own backend carried; the page's client compiled the rule and matched it against the captured
 * request: `hit` is what it read, lib/protocol/page-side.ts). A stored ticket goes only to its
 * environment's hosts, or to the one host the user confirmed (`allowHost`). A login is sent again as it was.
 */
export async function replay(deps: BackgroundDeps, input: ReplayInput): Promise<CallOutcome> {
  const captured = input.capture.request;
  const { rule, hit } = input;
  let url: URL;
  try {
    url = new URL(captured.url);
  } catch {
    // Not echoed: it may hold a ticket.
    return failure('input', 'The captured URL is not a URL');
  }
  let target: RuleHit;
  if (rule) {
    if (!hit) return failure('input', 'The capture rule does not match the captured request');
    target = hit;
  } else {
    const match = /\/PaaS\/([A-Za-z][A-Za-z0-9_]*)\/([A-Za-z][A-Za-z0-9_]*)/.exec(url.pathname);
    if (!match && !url.searchParams.has('signature')) {
      return failure('input', 'Only CME login and /PaaS/ calls can be replayed');
    }
    target = {
      actionClass: match?.[1] ?? '',
      action: match?.[2] ?? 'Login',
      ticket: url.searchParams.get('auth') ?? '',
    };
  }
  const where = rule?.ticket;
  const body =
    input.body === undefined
      ? captured.body?.text
      : typeof input.body === 'string'
        ? input.body
        : JSON.stringify(input.body);
  // Of the captured headers, only the one the rule reads the ticket from goes again.
  const headers: HttpHeader[] =
    where?.in === 'header'
      ? (captured.headers ?? []).filter((h) => h.name.toLowerCase() === where.name.toLowerCase()).slice(0, 1)
      : [];
  let request = { url: rule ? captured.url : url.toString(), headers, body: body ?? '' };
  let ticket: () => Promise<TicketRecord | null>;
  if (input.ticketId) {
    const chosen = await storedTicket(deps, input.ticketId);
    if (!('id' in chosen)) return chosen;
    // A login carries no ticket: it is replayed as it was, under the chosen ticket's name.
    if (target.actionClass) {
      const { host } = url;
      const env = await environmentHosts(deps, chosen.environment);
      if (host !== input.allowHost && !env.hosts.includes(host)) {
        return { ...failure('input', `${host} is not a host of ${env.name}`), host, environment: env.name };
      }
      request = withRuleTicket(request, where ?? { in: 'query', name: 'auth' }, chosen.authorization);
    }
    ticket = () => Promise.resolve(chosen);
  } else {
    // A body edited in the page carries the captured ticket again where the rule reads it.
    if (where?.in === 'body' && input.body !== undefined)
      request = withRuleTicket(request, where, target.ticket);
    // The captured ticket only names the history row and gets touched: looked up once the request is out
    // (remembered between page requests of the store: lookups.ts).
    ticket = () => (target.ticket ? deps.lookups.byAuthorization(target.ticket) : Promise.resolve(null));
  }
  const method =
    (captured.method || (target.actionClass ? 'POST' : 'GET')).toUpperCase() === 'GET' ? 'GET' : 'POST';
  return send(deps, {
    ticket,
    environment: 'captured',
    method,
    url: request.url,
    // An empty body goes as `{}` (a rule's call), or as it was captured (a /PaaS/ call).
    body: method === 'GET' ? undefined : rule ? request.body || '{}' : (body ?? '{}'),
    headers: request.headers,
    actionClass: target.actionClass || null,
    action: target.action,
    timeoutMs: input.timeoutMs,
    signal: input.signal,
    afterReply: input.afterReply,
    replayOf: input.replayOf ?? null,
  });
}

/** A request `send` makes. */
export interface SendInput {
  /** The stored ticket the call is made with, if known; asked for once the request is out. */
  ticket: () => TicketRecord | null | Promise<TicketRecord | null>;
  /** The environment recorded when there is no ticket. */
  environment: string;
  method: 'GET' | 'POST';
  url: string;
  body: string | undefined;
  /** Headers besides Content-Type (a capture rule's ticket header). */
  headers?: HttpHeader[];
  actionClass: string | null;
  action: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  afterReply: ((task: () => void) => void) | undefined;
  replayOf: ReplayOrigin | null;
}

/**
 * Make the call (a client API call, a replay, a login's exchange). Only the fetch is on the caller's path: the request goes out first, the ticket of a
 * captured call is looked up while it is in flight, and history and the ticket's state are written after
 * the answer has been posted (`afterReply`; see record.ts).
 */
export async function send(deps: BackgroundDeps, input: SendInput): Promise<CallOutcome> {
  const timeoutMs = input.timeoutMs ?? (await deps.timeoutMs());
  const response = httpRequest(deps.http, {
    method: input.method,
    url: input.url,
    body: input.body,
    headers:
      input.method === 'POST' || input.headers?.length
        ? {
            ...(input.method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
            ...Object.fromEntries(input.headers?.map((h) => [h.name, h.value]) ?? []),
          }
        : undefined,
    timeoutMs,
    signal: input.signal,
  });
  const ticket = Promise.resolve(input.ticket());
  const record = startRecord(
    deps,
    ticket.then((t) => ({
      ticketId: t?.id ?? null,
      environment: t?.environment ?? input.environment,
      actionClass: input.actionClass,
      action: input.action,
      method: input.method,
      url: input.url,
      requestBody: input.body ?? '',
      replayOf: input.replayOf,
    })),
  );
  const res = await response;
  // Its head only: what is wrong with an answer, the pages read from `responseText` (lib/cme/envelope.ts).
  const envelope =
    input.actionClass === null ? readLoginAnswer(res.text, res.status) : readAnswer(res.text, res.status);
  const used = await ticket;
  const rejected = used !== null && isAuthFailure(envelope.code);
  const later = input.afterReply ?? ((task: () => void) => task());
  later(() => {
    void record.finish({
      durationMs: res.durationMs,
      httpStatus: res.status,
      code: envelope.code,
      message: envelope.message,
      englishMessage: envelope.englishMessage,
      requestId: envelope.requestId,
      responseText: res.text,
      error: res.error,
    });
    if (!used || res.error) return;
    if (!rejected) return deps.logs.touches.note(used.id, deps.now());
    void deps.store
      .markTicketRejected(used.id, envelope.code ?? 'AuthFailure')
      .catch((error: unknown) => console.error('CME DevTools: updating a ticket failed', error));
  });
  const historyId = record.id;
  if (res.error) return { ...failure('network', res.error), historyId };
  const { ok, code, message, englishMessage, requestId } = envelope;
  return {
    ok: true,
    historyId,
    url: input.url,
    httpStatus: res.status,
    durationMs: res.durationMs,
    envelope: { ok, code, message, englishMessage, requestId },
    requestId: envelope.requestId,
    ticketRejected: rejected,
    ticketId: used?.id ?? null,
    responseText: res.text,
  };
}
