/**
 * JSON text of page data without recursion: how deep a value nests (bounded), and a compact
 * `JSON.stringify` equivalent that any nesting depth cannot overflow (V8's own stringify recurses).
 */
export { nestsDeeperThan } from './json-depth';

/**
 * Compact JSON of plain data, iteratively: what `JSON.stringify(value)` gives for JSON values (undefined,
 * functions and symbols dropped from objects and null in arrays; non-finite numbers null). A cycle → null.
 */
export function compactJson(value: unknown): string {
  const out: string[] = [];
  const onPath = new Set<object>();
  // Work items: a value to write, or a literal to append (closing brackets, commas), or a path exit.
  type Item = { v: unknown } | { s: string } | { leave: object };
  const stack: Item[] = [{ v: value }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('s' in item) {
      out.push(item.s);
      continue;
    }
    if ('leave' in item) {
      onPath.delete(item.leave);
      continue;
    }
    const v = item.v;
    const scalar = scalarJson(v);
    if (scalar !== undefined) {
      out.push(scalar);
      continue;
    }
    if (typeof v !== 'object' || v === null || onPath.has(v)) {
      out.push('null');
      continue;
    }
    onPath.add(v);
    stack.push({ leave: v });
    if (Array.isArray(v)) {
      out.push('[');
      stack.push({ s: ']' });
      for (let i = v.length - 1; i >= 0; i--) {
        const x: unknown = v[i];
        stack.push(scalarJson(x) === undefined && !isContainer(x) ? { s: 'null' } : { v: x });
        if (i > 0) stack.push({ s: ',' });
      }
    } else {
      out.push('{');
      stack.push({ s: '}' });
      const keys = Object.keys(v).filter((k) => {
        const x = (v as Record<string, unknown>)[k];
        return scalarJson(x) !== undefined || isContainer(x);
      });
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        stack.push({ v: (v as Record<string, unknown>)[k] });
        stack.push({ s: `${JSON.stringify(k)}:` });
        if (i > 0) stack.push({ s: ',' });
      }
    }
  }
  return out.join('');
}

function isContainer(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}

/** JSON of a scalar (null for non-finite numbers); undefined for containers and what JSON drops. */
function scalarJson(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return String(v);
    case 'bigint':
      return undefined;
    default:
      return undefined;
  }
}
