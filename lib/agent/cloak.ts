/**
 * How the agent replaces a page's built-in function without showing it: a Proxy with an `apply` trap keeps
 * the original's `name`, `length`, `prototype` (absent), non-constructibility and own properties, and
 * `Function.prototype.toString` (itself wrapped the same way, once per window) answers the original's text
 * for our proxies only — every other function's `toString` runs untouched.
 */

/** The trap of a wrapped function: the original, the `this` of the call, its arguments. */
export type Trap = (orig: (...a: unknown[]) => unknown, self: unknown, args: unknown[]) => unknown;

/** Wraps functions of one window. */
export interface Cloak {
  /** A stand-in for `orig` that runs `trap` instead. */
  wrap<T>(orig: T, trap: Trap): T;
  /** Replaces `obj[key]` (a method) with a wrapped one, keeping its property attributes. */
  method(obj: object, key: string, trap: Trap): void;
  /** Replaces the getter of accessor `obj[key]` with a wrapped one. */
  getter(obj: object, key: string, trap: Trap): void;
}

// The originals of every proxy we made, in any window; the toString patch of a window consults it.
const originals = new WeakMap<object, unknown>();
const patched = new WeakSet<object>();
const apply = Reflect.apply;

/** The cloak of `win` (patches its `Function.prototype.toString` the first time). */
export function cloak(win: typeof globalThis): Cloak {
  const wrap = <T>(orig: T, trap: Trap): T => {
    const p = new Proxy(orig as object, { apply: trap as ProxyHandler<object>['apply'] });
    originals.set(p, orig);
    return p as T;
  };
  const fp = win.Function.prototype;
  if (!patched.has(fp)) {
    patched.add(fp);
    // Writable, non-enumerable, configurable: a plain assignment keeps those attributes.
    fp.toString = wrap(fp.toString, (orig, self, args) =>
      apply(orig, originals.has(self as object) ? originals.get(self as object) : self, args),
    );
  }
  const redefine = (obj: object, key: string, field: 'value' | 'get', trap: Trap) => {
    const d = Object.getOwnPropertyDescriptor(obj, key);
    if (!d || typeof d[field] !== 'function') return;
    d[field] = wrap(d[field], trap);
    Object.defineProperty(obj, key, d);
  };
  return {
    wrap,
    method: (obj, key, trap) => redefine(obj, key, 'value', trap),
    getter: (obj, key, trap) => redefine(obj, key, 'get', trap),
  };
}
