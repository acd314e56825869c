/**
 * "Copy as" snippets of a captured call: cURL, fetch, and the CME Web SDK's Net module.
 * Tickets and signatures are masked everywhere (URL, headers, body) unless `reveal` is set.
 */
import { bodyText } from './call-secrets';
import { compactJson, nestsDeeperThan } from './json-text';
import { maskSignature } from './mask';
import { createMasker, maskerForCalls, type KnownSecret } from './secrets';
import type { DecodedCall, HttpHeader, RawCall } from './types';

/** Options of every snippet. */
export interface SnippetOptions {
  /** Show tickets and signatures in full (default: masked). */
  reveal?: boolean;
  /** Secrets known besides the call's own (the tab's other calls, stored tickets), masked by value too. */
  secrets?: Iterable<string | KnownSecret>;
}

// Deeper bodies are written compact (pretty-printing them would indent quadratically).
const PRETTY_DEPTH = 64;

/** The Web SDK script that defines the global `CME` (web-sdk.md, current doc). */
export const WEB_SDK_URL = 'https://vs-cdn.tencent-cloud.com/sdk/cme_v2.0.1.js';

/** A shell word in single quotes (`'` written as `'\''`), safe for bash/zsh/sh. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** A JavaScript string literal in single quotes. */
export function jsString(text: string): string {
  let out = "'";
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** The call's URL, headers and body text with secrets masked unless revealed. */
function prepared(
  call: RawCall,
  opts: SnippetOptions,
): {
  url: string;
  headers: HttpHeader[];
  body: string | null;
  binaryBytes: number | null;
  /** Why the body was left out (it could not be masked); null when it was not. */
  dropped: string | null;
} {
  const reveal = opts.reveal === true;
  const masker = reveal ? null : maskerForCalls([call], opts.secrets ?? []);
  const url = masker === null ? call.request.url : masker.url(call.request.url);
  const headers =
    masker === null
      ? call.request.headers.map((h) => ({ name: h.name, value: h.value }))
      : masker.headers(call.request.headers);
  const raw = call.request.body;
  if (raw === null || raw.text === null || raw.text === '')
    return { url, headers, body: null, binaryBytes: null, dropped: null };
  const masked = masker === null ? { body: raw, dropped: null } : masker.body(raw);
  if (masked.dropped !== null)
    return { url, headers, body: null, binaryBytes: null, dropped: masked.dropped };
  const body = masked.body;
  const text = bodyText(body);
  if (text === null) {
    // A binary body (base64 of non-text bytes) cannot be written inline.
    return {
      url,
      headers,
      body: null,
      binaryBytes: raw.size ?? Math.floor((raw.text.length * 3) / 4),
      dropped: null,
    };
  }
  return { url, headers, body: text, binaryBytes: null, dropped: null };
}

/** A `curl` command line reproducing the call (Chrome "Copy as cURL" style, bash quoting). */
export function toCurl(call: RawCall, opts: SnippetOptions = {}): string {
  const p = prepared(call, opts);
  const method = call.request.method.toUpperCase();
  const lines = [`curl ${shellQuote(p.url)}`];
  const implied = p.body !== null ? 'POST' : 'GET';
  if (method !== implied) lines.push(`-X ${shellQuote(method)}`);
  let compressed = false;
  for (const h of p.headers) {
    const name = h.name.toLowerCase();
    // Pseudo-headers and the length are curl's own business.
    if (name.startsWith(':') || name === 'content-length') continue;
    if (name === 'accept-encoding') {
      compressed = true;
      continue;
    }
    lines.push(`-H ${shellQuote(`${h.name}: ${h.value}`)}`);
  }
  if (p.body !== null) lines.push(`--data-raw ${shellQuote(p.body)}`);
  if (compressed) lines.push('--compressed');
  const command = lines.join(' \\\n  ');
  if (p.dropped !== null) return `# request body not included: ${p.dropped}\n${command}`;
  return p.binaryBytes !== null
    ? `# binary request body (${p.binaryBytes} bytes) not included\n${command}`
    : command;
}

// Headers a page's fetch may not set (the browser sets them), plus HTTP/2 pseudo-headers.
const FORBIDDEN = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'via',
]);

function settableHeader(name: string): boolean {
  const n = name.toLowerCase();
  return !(n.startsWith(':') || n.startsWith('sec-') || n.startsWith('proxy-') || FORBIDDEN.has(n));
}

/**
 * Pretty JSON of a value, every line after the first indented by `indent`; compact (and without
 * recursion) when it nests deeper than PRETTY_DEPTH levels.
 */
function prettyJson(value: unknown, indent: string): string {
  if (nestsDeeperThan(value, PRETTY_DEPTH)) return compactJson(value);
  return (JSON.stringify(value, null, 2) ?? 'undefined').split('\n').join(`\n${indent}`);
}

function parseJson(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}

/** A `fetch(...)` call reproducing the request, with a JSON body pretty-printed. */
export function toFetch(call: RawCall, opts: SnippetOptions = {}): string {
  const p = prepared(call, opts);
  const method = call.request.method.toUpperCase();
  const lines = [`const response = await fetch(${jsString(p.url)}, {`, `  method: ${jsString(method)},`];
  const headers = p.headers.filter((h) => settableHeader(h.name));
  if (headers.length > 0) {
    lines.push('  headers: {');
    for (const h of headers) lines.push(`    ${jsString(h.name)}: ${jsString(h.value)},`);
    lines.push('  },');
  }
  if (p.body !== null) {
    const json = parseJson(p.body);
    lines.push(
      json !== null
        ? `  body: JSON.stringify(${prettyJson(json.value, '  ')}),`
        : `  body: ${jsString(p.body)},`,
    );
  } else if (p.dropped !== null) {
    lines.push(`  // request body not included: ${p.dropped}`);
  } else if (p.binaryBytes !== null) {
    lines.push(`  // binary request body (${p.binaryBytes} bytes) not included`);
  }
  lines.push('});', 'const answer = await response.json();');
  return lines.join('\n');
}

/**
 * The same call through the Web SDK's Net module: `CME.Net.create({ sign }).fetch('/Class/Action', body)`.
 * The SDK logs in with a Login signature, never with the ticket, so `sign` is a placeholder for api calls;
 * for a login it is the captured signature (masked unless revealed).
 */
export function toWebSdk(decoded: DecodedCall, opts: SnippetOptions = {}): string {
  const reveal = opts.reveal === true;
  const head = [
    `// Load the Web SDK first: <script src="${WEB_SDK_URL}"></script> (it defines the global CME).`,
    '// The SDK logs in itself with a client access signature (action=Login) made by your server;',
    '// it never takes the ticket (auth=) of a captured call.',
  ];
  if (decoded.kind === 'login') {
    const sig = signatureOf(decoded.url);
    const sign = sig === null ? '<signature>' : maskSignature(sig, reveal);
    const note =
      decoded.signature?.expired === true
        ? ' // the captured signature had expired; sign a fresh one'
        : ' // the captured signature; valid only until its expireTime';
    return [...head, `const net = CME.Net.create({ sign: ${jsString(sign)} });${note}`].join('\n');
  }
  const path = `/${decoded.actionClass ?? ''}/${decoded.action}`;
  const known: (string | KnownSecret)[] = [...(opts.secrets ?? [])];
  if (decoded.ticket !== null) known.push({ value: decoded.ticket, kind: 'ticket' });
  const masker = reveal ? null : createMasker(known);
  const value: unknown = decoded.requestBody === undefined ? {} : decoded.requestBody;
  const pretty = prettyJson(masker === null ? value : masker.json(value), '');
  const body = masker === null ? pretty : masker.text(pretty);
  return [
    ...head,
    "const net = CME.Net.create({ sign: '<signature>' }); // a fresh Login signature from your server",
    `const res = await net.fetch(${jsString(path)}, ${body});`,
  ].join('\n');
}

function signatureOf(url: string): string | null {
  try {
    return new URL(url).searchParams.get('signature');
  } catch {
    return null;
  }
}
