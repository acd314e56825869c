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

/**
 * A capture tail row: ms from the page's last answer until a panel listed every call, the worst run as the
 * headline (the budget holds there); runs that never listed every call are counted in the detail.
 */
export function tailFigure(
  name: string,
  runs: { trailingMs: number; complete: boolean }[],
  budget: number | undefined,
  detail: string,
): Figure {
  const s = spread(runs.map((r) => r.trailingMs));
  const short = runs.filter((r) => !r.complete).length;
  return {
    name,
    value: round(s.max, 0),
    unit: 'ms',
    spread: { min: round(s.min, 0), median: round(s.median, 0), max: round(s.max, 0) },
    budget,
    detail: short
      ? `${short} of ${runs.length} runs never listed every call (time to the last one); ${detail}`
      : detail,
  };
}
