/** What a benchmark reports: one row of the table, with its budget when it has one. */
export interface Figure {
  name: string;
  /** The headline value (a ratio, ms, MB, KB, count). */
  value: number;
  unit: string;
  /** min / median / max over the repetitions, when repeated. */
  spread?: { min: number; median: number; max: number };
  /** The value must be ≤ budget (or ≥ when `atLeast`). */
  budget?: number;
  atLeast?: boolean;
  /** Free text: sizes, counts, the baseline's own figure. */
  detail?: string;
}

/** Options every benchmark receives. */
export interface BenchOptions {
  /** Small sizes, no budgets: keeps the benchmark code from rotting in CI. */
  quick: boolean;
}

/** min / median / max of samples. */
export function spread(samples: number[]): { min: number; median: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { min: s[0] ?? NaN, median: s[Math.floor((s.length - 1) / 2)] ?? NaN, max: s[s.length - 1] ?? NaN };
}

/** Whether a figure meets its budget (true when it has none). */
export function meets(f: Figure): boolean {
  if (f.budget === undefined) return true;
  return f.atLeast ? f.value >= f.budget : f.value <= f.budget;
}

/** Round for display. */
export function round(n: number, digits = 2): number {
  const m = 10 ** digits;
  return Math.round(n * m) / m;
}
