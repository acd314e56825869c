/**
 * Who may use the sandbox from a browser: which `Origin`s get CORS answers, which may use the endpoints that
 * sign, log in or reset, and how a request's target is checked before routing. Also the masking of the
 * sandbox's log lines. Pure functions; server.ts applies them.
 *
 * Policy (verified in Chromium and Firefox with the built extension):
 * - the sandbox's own pages and loopback pages (http(s)://127.x.x.x, localhost, [::1], any port) are allowed;
 * - our extension: Chrome's unpacked build has an id that follows from its folder (sha256 of the absolute path),
 *   so the ids of this checkout's `.output/chrome-mv3` (and `$CME_OUT_DIR/chrome-mv3`) are allowed; Firefox gives
 *   each profile a random moz-extension UUID the sandbox cannot know, so any `moz-extension://` origin is allowed
 *   until one is listed with `--allow-origin moz-extension://UUID`, which then replaces that default. A web page
 *   can never send an extension origin; only an installed extension can.
 * - with host permission for the sandbox (the options page's "Grant access") the extension's background is not
 *   subject to CORS at all and its GETs carry no Origin, so any extension id works then;
 * - everything else, `Origin: null` (sandboxed frames, file: pages) included, gets no CORS header, and the
 *   secret-bearing or state-changing endpoints (`/dev/signature`, the login, `/__sandbox/reset`) answer 403.
 * - more origins: `--allow-origin ORIGIN` (repeatable) or `CME_SANDBOX_ALLOW_ORIGINS` (comma or space separated);
 *   `chrome-extension://*` / `moz-extension://*` allow every extension of that browser, `*` any origin but
 *   `null`, and `null` itself only when listed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MASK, maskSignature, maskTicket } from '../../cme/redact';
import { createMasker, type SecretKind } from '../../cme/secrets';

/** The environment variable that adds allowed origins (comma or whitespace separated). */
export const ALLOW_ORIGINS_ENV = 'CME_SANDBOX_ALLOW_ORIGINS';

const LOOPBACK = /^https?:\/\/(localhost|[a-z0-9-]+\.localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i;
const CHROME = /^chrome-extension:\/\/([a-p]{32})$/;
const MOZ = /^moz-extension:\/\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const ORIGIN_SHAPE = /^[a-z][a-z0-9+.-]*:\/\/(\[[0-9a-f:.]+\]|[a-z0-9._~-]+)(:\d{1,5})?$/;

/** Checks and normalises one `--allow-origin` value; returns an error message for a bad one. */
export function normaliseAllowedOrigin(value: string): { origin: string } | { error: string } {
  const v = value.trim().toLowerCase().replace(/\/$/, '');
  if (v === '*' || v === 'null' || v === 'chrome-extension://*' || v === 'moz-extension://*') {
    return { origin: v };
  }
  if (!ORIGIN_SHAPE.test(v)) {
    return {
      error: `--allow-origin takes an origin like http://dev.example:3000, chrome-extension://ID or moz-extension://UUID (no path), got ${value}`,
    };
  }
  return { origin: v };
}

/** The origins listed in `CME_SANDBOX_ALLOW_ORIGINS`. */
export function originsFromEnv(env: Record<string, string | undefined> = process.env): string[] {
  return (env[ALLOW_ORIGINS_ENV] ?? '').split(/[\s,]+/).filter((s) => s !== '');
}

/** The id Chrome gives an unpacked extension loaded from `path`: sha256 of the path, 32 hex digits as a–p. */
export function chromeUnpackedId(path: string, encoding: 'utf8' | 'utf16le' = 'utf8'): string {
  const hex = createHash('sha256').update(Buffer.from(path, encoding)).digest('hex').slice(0, 32);
  return [...hex].map((d) => String.fromCharCode(97 + parseInt(d, 16))).join('');
}

function packageRoot(from: string): string | null {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'cme-devtools') return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The ids of this checkout's unpacked Chrome builds (`.output/chrome-mv3` and `$CME_OUT_DIR/chrome-mv3`, from the
 * working directory and from the cme-devtools package above it): what `npm start`, `npm test` and the README's
 * "Load unpacked" steps load.
 */
export function ourChromeIds(
  cwd = process.cwd(),
  env: Record<string, string | undefined> = process.env,
): string[] {
  const roots = [cwd, packageRoot(cwd)].filter((r): r is string => r !== null);
  const outs = ['.output', env.CME_OUT_DIR].filter((o): o is string => typeof o === 'string' && o !== '');
  const paths = new Set<string>();
  for (const root of roots) {
    for (const out of outs) {
      const dir = resolve(root, out, 'chrome-mv3');
      paths.add(dir);
      try {
        paths.add(realpathSync(dir));
      } catch {
        // not built yet: the plain path is what Chrome will hash
      }
    }
  }
  const ids = new Set<string>();
  for (const p of paths) {
    ids.add(chromeUnpackedId(p));
    if (process.platform === 'win32') ids.add(chromeUnpackedId(p, 'utf16le'));
  }
  return [...ids];
}

/** Who may read the sandbox's answers and use its secret-bearing endpoints from a browser. */
export interface OriginPolicy {
  /** `*` was listed: any origin except `null`. */
  anyOrigin: boolean;
  /** Exact origins listed (lower case), `null` included when listed. */
  listed: Set<string>;
  /** Chrome extension ids allowed (ours, plus listed). */
  chromeIds: Set<string>;
  anyChrome: boolean;
  /** Firefox add-on UUIDs allowed; empty with `anyMoz` true by default. */
  mozUuids: Set<string>;
  anyMoz: boolean;
}

/** The policy for the listed origins (already normalised), with this checkout's Chrome build ids. */
export function originPolicy(allowOrigins: readonly string[], chromeIds = ourChromeIds()): OriginPolicy {
  const listed = new Set(allowOrigins.map((o) => o.toLowerCase()));
  const policy: OriginPolicy = {
    anyOrigin: listed.has('*'),
    listed,
    chromeIds: new Set(chromeIds),
    anyChrome: listed.has('chrome-extension://*'),
    mozUuids: new Set(),
    anyMoz: true,
  };
  for (const o of listed) {
    const chrome = CHROME.exec(o);
    if (chrome) policy.chromeIds.add(chrome[1]!);
    const moz = MOZ.exec(o);
    if (moz) policy.mozUuids.add(moz[1]!);
  }
  // Naming a Firefox add-on pins it: from then on only listed ones (unless moz-extension://* is listed too).
  policy.anyMoz = policy.mozUuids.size === 0 || listed.has('moz-extension://*');
  return policy;
}

/** True when `origin` (an `Origin` header) may read answers and use every endpoint. `own` is the sandbox's. */
export function originAllowed(origin: string, policy: OriginPolicy, own: readonly string[] = []): boolean {
  const o = origin.toLowerCase();
  if (o === 'null') return policy.listed.has('null');
  if (policy.anyOrigin || policy.listed.has(o) || own.includes(o) || LOOPBACK.test(o)) return true;
  if (o.startsWith('chrome-extension://')) {
    const id = CHROME.exec(o)?.[1];
    return id !== undefined && (policy.anyChrome || policy.chromeIds.has(id));
  }
  if (o.startsWith('moz-extension://')) {
    const uuid = MOZ.exec(o)?.[1];
    return uuid !== undefined && (policy.anyMoz || policy.mozUuids.has(uuid));
  }
  return false;
}

/**
 * True when the `Host` a browser sent may reach the secret-bearing endpoints: an IP literal, `localhost` (or
 * `*.localhost`), or the host of a listed origin. A DNS name pointed at 127.0.0.1 by a web site (DNS rebinding)
 * would make its page same-origin with the sandbox; this refuses it.
 */
export function hostAllowed(host: string | undefined, policy: OriginPolicy): boolean {
  if (host === undefined || host === '') return true;
  const h = host.toLowerCase().replace(/:\d+$/, '');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h) || /^\[[0-9a-f:.]+\]$/.test(h)) return true;
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (policy.anyOrigin) return true;
  for (const o of policy.listed) {
    const m = /^[a-z][a-z0-9+.-]*:\/\/([^:/]+|\[[^\]]+\])/.exec(o);
    if (m && m[1] === h) return true;
  }
  return false;
}

/** Why a request target is refused before routing: dot segments (also `%2e`), `//`, or a backslash. */
export function unsafeTarget(rawTarget: string): string | null {
  const path = rawTarget.split(/[?#]/, 1)[0] ?? '';
  if (!path.startsWith('/')) return 'the request target must be a path starting with /';
  const decodedDots = path.replace(/%2e/gi, '.');
  if (/(^|\/)\.{1,2}(\/|$)/.test(decodedDots)) return 'the path must not hold . or .. segments (also as %2e)';
  if (path.includes('//')) return 'the path must not hold an empty segment (//)';
  if (/\\|%5c/i.test(path)) return 'the path must not hold a backslash';
  return null;
}

// Query keys whose values are secrets; compared after percent-decoding, in lower case.
const SECRET_KEYS: Record<string, (v: string) => string> = {
  auth: (v) => maskTicket(v),
  authorization: (v) => maskTicket(v),
  ticket: (v) => maskTicket(v),
  signature: (v) => maskSignature(v),
  verifysign: (v) => maskSignature(v),
};

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * A request target for the log: the value of every secret query key (`auth`, `signature`, … also when the
 * key itself is percent-encoded, as `%61uth`) masked, the rest as it came.
 */
export function maskTarget(rawTarget: string): string {
  const q = rawTarget.indexOf('?');
  if (q < 0) return rawTarget;
  const parts = rawTarget
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      const mask = SECRET_KEYS[decode(part.slice(0, eq)).toLowerCase()];
      const value = part.slice(eq + 1);
      return mask && value !== '' ? `${part.slice(0, eq + 1)}${mask(decode(value))}` : part;
    });
  return `${rawTarget.slice(0, q + 1)}${parts.join('&')}`;
}

/** A secret the log must not show, and what stands for it. */
export interface LogSecret {
  value: string;
  masked: string;
  /** What it is, for the masking core's every-encoding pass (a ticket when not said). */
  kind?: SecretKind;
}

/** A ticket as a log secret (`tf_…27ec`). */
export const ticketSecret = (value: string): LogSecret => ({
  value,
  masked: maskTicket(value),
  kind: 'ticket',
});
/** A signature as a log secret (`F9yi6V…MQ==`). */
export const signatureSecret = (value: string): LogSecret => ({
  value,
  masked: maskSignature(value),
  kind: 'signature',
});
/** A SecretKey as a log secret: never shown in part. */
export const keySecret = (value: string): LogSecret => ({ value, masked: MASK, kind: 'key' });

// What a sandbox ticket looks like (model.ts issueTicket): masked even when the sandbox no longer knows it.
const TICKET_SHAPE = /\btf_[0-9a-f]{32}\b/gi;

/**
 * A log line with every given secret masked, raw, percent-encoded (either case of hex) or JSON-escaped (`\/`),
 * and anything shaped like a sandbox ticket or a CME signature (found by decoding it) masked too.
 */
export function maskLogLine(line: string, secrets: readonly LogSecret[]): string {
  const forms: [string, string][] = [];
  for (const { value, masked } of secrets) {
    if (value.length < 4) continue;
    const enc = encodeURIComponent(value);
    for (const form of new Set([value, enc, value.replace(/\//g, '\\/')])) {
      forms.push([form, masked]);
    }
  }
  // Longest first, so a secret that holds another is replaced whole.
  forms.sort((a, b) => b[0].length - a[0].length);
  let out = line;
  for (const [form, masked] of forms) {
    if (/%[0-9a-f]{2}/i.test(form)) {
      // Percent-encoded: the hex may come in either case, even mixed (%2f next to %2F).
      out = out.replace(new RegExp(form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), () => masked);
    } else if (out.includes(form)) {
      out = out.split(form).join(masked);
    }
  }
  out = out.replace(TICKET_SHAPE, (t) => maskTicket(t)).replace(SIGNATURE_RUN, maskIfSignature);
  // Then every other encoding (partly `%XX`-encoded, `\uXXXX`-escaped, `+` for space, inside Base64 runs) by
  // the masking core the panel and the CLI use: the forms above alone let those through.
  const known = secrets
    .filter((s) => s.value.length >= 4)
    .map((s) => ({ value: s.value, kind: s.kind ?? 'ticket' }));
  return known.length === 0 ? out : createMasker(known).text(out);
}

// A run that may be a login signature: Base64, raw, JSON-escaped (`\/`, once or more) or percent-encoded.
const SIGNATURE_RUN = /(?:[A-Za-z0-9+/]|\\+\/|%[0-9A-Fa-f]{2}){40,}(?:={1,2}|(?:%3D){1,2})?/gi;

/** A CME signature (Base64 of HMAC ‖ plaintext naming secretId and userId) masked; anything else kept. */
function maskIfSignature(run: string): string {
  let plain = run.replace(/\\+\//g, '/');
  try {
    plain = decodeURIComponent(plain);
  } catch {
    return run;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(plain)) return run;
  const text = Buffer.from(plain, 'base64').toString('latin1');
  return text.includes('secretId=') && text.includes('userId=') ? maskSignature(plain) : run;
}
