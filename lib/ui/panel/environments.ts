/**
 * Which environment a captured call belongs to (for "save this ticket"): the longest matching API base
 * or login URL, the official hosts, or a draft of a new environment for a call made elsewhere.
 */
import { normaliseEndpoint, OFFICIAL_API_HOST, OFFICIAL_LOGIN_HOST } from '../../cme/endpoints';
import type { EnvironmentRecord } from '../../store/schema';

/** The environment a call's URL belongs to: the longest matching API base or login URL. */
export function environmentForUrl(
  url: string,
  envs: readonly EnvironmentRecord[],
): EnvironmentRecord | undefined {
  const target = normaliseEndpoint(url);
  if (target === null) return undefined;
  let best: { env: EnvironmentRecord; length: number } | undefined;
  for (const env of envs) {
    for (const prefix of [env.apiBase, env.loginUrl]) {
      const p = normaliseEndpoint(prefix);
      if (p === null) continue;
      const hit = target === p || target.startsWith(`${p}/`);
      if (hit && (best === undefined || p.length > best.length)) best = { env, length: p.length };
    }
  }
  return best?.env;
}

/** A new environment for a call made elsewhere: its origin, and the path before `/PaaS/` as API base. */
export function environmentDraft(url: string): { name: string; loginUrl: string; apiBase: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const paas = parsed.pathname.indexOf('/PaaS/');
  const apiBase = parsed.origin + (paas > 0 ? parsed.pathname.slice(0, paas) : '');
  return { name: parsed.host, loginUrl: parsed.origin, apiBase };
}

/** Whether a URL is on one of CME's official hosts. */
export function isOfficial(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === OFFICIAL_API_HOST || host === OFFICIAL_LOGIN_HOST;
  } catch {
    return false;
  }
}
