/**
 * Light input checks of the store: a clear Error on a missing or mistyped field, before any write,
 * so that no half record is ever stored.
 */

/** Throw unless `value` is a non-empty string; returns it. */
export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new Error(`CME DevTools store: "${field}" must be a non-empty string.`);
  }
  return value;
}

/** Throw unless `value` is a string, null or undefined; returns it as string | null. */
export function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new Error(`CME DevTools store: "${field}" must be a string or null.`);
  return value;
}

/** Throw unless `value` is a finite number; returns it. */
export function requireNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`CME DevTools store: "${field}" must be a finite number.`);
  }
  return value;
}

/** Throw unless `value` is a finite number, null or undefined; returns it as number | null. */
export function optionalNumber(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  return requireNumber(value, field);
}

/** Throw unless `value` is one of `allowed`; returns it. */
export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) {
    throw new Error(`CME DevTools store: "${field}" must be one of ${allowed.join(', ')}.`);
  }
  return found;
}

/** Throw unless `value` parses as an http(s) URL; returns it without trailing slashes. */
export function requireHttpUrl(value: unknown, field: string): string {
  const text = requireText(value, field);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`CME DevTools store: "${field}" is not a URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`CME DevTools store: "${field}" must be an http or https URL: ${text}`);
  }
  return text.replace(/\/+$/, '');
}

/** Cut `text` to `limit` characters; says whether it cut. */
export function cap(text: string, limit: number): { text: string; truncated: boolean } {
  return text.length > limit ? { text: text.slice(0, limit), truncated: true } : { text, truncated: false };
}
