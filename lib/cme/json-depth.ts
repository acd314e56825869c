/** How deep page data nests, without recursion (bounded walk): small, for pages that only need this. */

/** True when `value` nests containers deeper than `limit` levels (walks at most to that depth). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > limit) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof x === 'object' && x !== null) stack.push([x, depth + 1]);
    }
  }
  return false;
}
