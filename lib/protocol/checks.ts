/**
 * Tiny hand-written runtime checks for RPC params. A check returns the value it accepted (objects
 * rebuilt with only their known keys) or a message naming the path. Messages never quote the value:
 * params may hold secrets.
 */

/** The outcome of a check. */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** A runtime check of one value at `path` (e.g. `params.capture.request.url`). */
export type Check<T> = (value: unknown, path: string) => Checked<T>;

/** The type a check accepts. */
export type CheckedType<C> = C extends Check<infer T> ? T : never;

const pass = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = (path: string, problem: string): Checked<never> => ({
  ok: false,
  message: `${path} ${problem}`,
});

/** A string of at most `max` characters; non-empty unless `allowEmpty`; matching `match[0]` (described by `match[1]`). */
/* @__NO_SIDE_EFFECTS__ */
export function text(
  max: number,
  options: { allowEmpty?: boolean; match?: [pattern: RegExp, hint: string] } = {},
): Check<string> {
  return (value, path) => {
    if (typeof value !== 'string') return fail(path, 'must be a string');
    if (!options.allowEmpty && !value.trim()) return fail(path, 'must not be empty');
    if (value.length > max) return fail(path, `must be at most ${max} characters`);
    if (options.match && !options.match[0].test(value)) return fail(path, `must be ${options.match[1]}`);
    return pass(value);
  };
}

/** A finite number. */
export const num: Check<number> = (value, path) =>
  // Number.isFinite is false for anything that is not a number.
  Number.isFinite(value) ? pass(value as number) : fail(path, 'must be a finite number');

/** An integer in [min, max]. */
/* @__NO_SIDE_EFFECTS__ */
export function int(min: number, max = Infinity): Check<number> {
  return (value, path) => {
    if (!Number.isFinite(value)) return fail(path, 'must be a finite number');
    if (!Number.isInteger(value)) return fail(path, 'must be an integer');
    if ((value as number) < min) return fail(path, `must be at least ${min}`);
    if ((value as number) > max) return fail(path, `must be at most ${max}`);
    return pass(value as number);
  };
}

/** A boolean. */
export const bool: Check<boolean> = (value, path) =>
  typeof value === 'boolean' ? pass(value) : fail(path, 'must be true or false');

/** One of the given strings. */
/* @__NO_SIDE_EFFECTS__ */
export function oneOf<T extends string>(allowed: readonly T[]): Check<T> {
  return (value, path) => {
    const found = allowed.find((a) => a === value);
    return found === undefined ? fail(path, `must be one of ${allowed.join(', ')}`) : pass(found);
  };
}

/** Any JSON value (not undefined, a function, a symbol or a bigint). */
export const json: Check<unknown> = (value, path) =>
  ['undefined', 'function', 'symbol', 'bigint'].includes(typeof value)
    ? fail(path, 'must be a JSON value')
    : pass(value);

/** The check, or undefined (a missing key). */
/* @__NO_SIDE_EFFECTS__ */
export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (value, path) => (value === undefined ? pass(undefined) : check(value, path));
}

/** The check, or null. */
/* @__NO_SIDE_EFFECTS__ */
export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, path) => (value === null ? pass(null) : check(value, path));
}

/** An array of `min` to `max` items, every one passing `check`. */
/* @__NO_SIDE_EFFECTS__ */
export function arrayOf<T>(check: Check<T>, min: number, max: number): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return fail(path, 'must be an array');
    if (value.length < min) return fail(path, `must have at least ${min} item(s)`);
    if (value.length > max) return fail(path, `must have at most ${max} items`);
    const out: T[] = [];
    for (const [i, item] of value.entries()) {
      const checked = check(item, `${path}[${i}]`);
      if (!checked.ok) return checked;
      out.push(checked.value);
    }
    return pass(out);
  };
}

type Shape = Record<string, Check<unknown>>;
type ShapeType<S extends Shape> = { [K in keyof S]: CheckedType<S[K]> };

/**
 * An object with the shape's keys. Unknown keys are refused (a typo in a page fails loudly) unless
 * `strict` is false, when they are dropped. Keys whose check accepted `undefined` are left out.
 */
/* @__NO_SIDE_EFFECTS__ */
export function object<S extends Shape>(shape: S, strict = true): Check<ShapeType<S>> {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return fail(path, 'must be an object');
    }
    const record = value as Record<string, unknown>;
    const unknown = strict
      ? Object.keys(record).find((k) => !Object.hasOwn(shape, k) && record[k] !== undefined)
      : undefined;
    if (unknown !== undefined) return fail(`${path}.${unknown}`, 'is not a known field');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      const checked = (shape[key] as Check<unknown>)(record[key], `${path}.${key}`);
      if (!checked.ok) return checked;
      if (checked.value !== undefined) out[key] = checked.value;
    }
    return pass(out as ShapeType<S>);
  };
}

/** An object like `object`, whose unknown keys are dropped, not refused (data captured elsewhere). */
/* @__NO_SIDE_EFFECTS__ */
export function loose<S extends Shape>(shape: S): Check<ShapeType<S>> {
  return object(shape, false);
}
