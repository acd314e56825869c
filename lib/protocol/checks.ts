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
const fail = (message: string): Checked<never> => ({ ok: false, message });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string; non-empty unless `allowEmpty`; at most `max` characters (default 2048). */
/* @__NO_SIDE_EFFECTS__ */
export function text(
  options: { max?: number; allowEmpty?: boolean; pattern?: RegExp; hint?: string } = {},
): Check<string> {
  const max = options.max ?? 2048;
  return (value, path) => {
    if (typeof value !== 'string') return fail(`${path} must be a string`);
    if (!options.allowEmpty && value.trim() === '') return fail(`${path} must not be empty`);
    if (value.length > max) return fail(`${path} must be at most ${max} characters`);
    if (options.pattern && !options.pattern.test(value)) {
      return fail(`${path} must be ${options.hint ?? 'well formed'}`);
    }
    return pass(value);
  };
}

/** A finite number, an integer in [min, max] when asked. */
/* @__NO_SIDE_EFFECTS__ */
export function num(options: { min?: number; max?: number; integer?: boolean } = {}): Check<number> {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`${path} must be a finite number`);
    if (options.integer && !Number.isInteger(value)) return fail(`${path} must be an integer`);
    if (options.min !== undefined && value < options.min) {
      return fail(`${path} must be at least ${options.min}`);
    }
    if (options.max !== undefined && value > options.max) {
      return fail(`${path} must be at most ${options.max}`);
    }
    return pass(value);
  };
}

/** A boolean. */
export const bool: Check<boolean> = (value, path) =>
  typeof value === 'boolean' ? pass(value) : fail(`${path} must be true or false`);

/** One of the given strings. */
/* @__NO_SIDE_EFFECTS__ */
export function oneOf<T extends string>(allowed: readonly T[]): Check<T> {
  return (value, path) => {
    const found = allowed.find((a) => a === value);
    return found === undefined ? fail(`${path} must be one of ${allowed.join(', ')}`) : pass(found);
  };
}

/** Any JSON value (not undefined, a function, a symbol or a bigint). */
export const json: Check<unknown> = (value, path) => {
  const type = typeof value;
  if (type === 'undefined' || type === 'function' || type === 'symbol' || type === 'bigint') {
    return fail(`${path} must be a JSON value`);
  }
  return pass(value);
};

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

/** An array whose every item passes `check`, with at most `max` items. */
/* @__NO_SIDE_EFFECTS__ */
export function arrayOf<T>(check: Check<T>, options: { min?: number; max?: number } = {}): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return fail(`${path} must be an array`);
    if (options.min !== undefined && value.length < options.min) {
      return fail(`${path} must have at least ${options.min} item(s)`);
    }
    if (options.max !== undefined && value.length > options.max) {
      return fail(`${path} must have at most ${options.max} items`);
    }
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
export function object<S extends Shape>(shape: S, options: { strict?: boolean } = {}): Check<ShapeType<S>> {
  const strict = options.strict ?? true;
  return (value, path) => {
    if (!isPlainObject(value)) return fail(`${path} must be an object`);
    if (strict) {
      const unknown = Object.keys(value).find((k) => !Object.hasOwn(shape, k) && value[k] !== undefined);
      if (unknown !== undefined) return fail(`${path}.${unknown} is not a known field`);
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      const check = shape[key] as Check<unknown>;
      const checked = check(value[key], `${path}.${key}`);
      if (!checked.ok) return checked;
      if (checked.value !== undefined) out[key] = checked.value;
    }
    return pass(out as ShapeType<S>);
  };
}
