/**
 * A short record of what the capture did, for diagnosing a browser that loses or stalls calls: each live
 * event and backlog entry, each body read (start, end, how long, whether text came back), each navigation
 * and barrier. Bounded (the latest {@link TRACE_SIZE} steps); URLs kept to their path's last segment, so
 * no query (where tickets and signatures travel) is ever held.
 */

/** Steps kept. */
export const TRACE_SIZE = 200;

/** One step: milliseconds since the trace began, what happened, and on what. */
export interface TraceStep {
  at: number;
  what: string;
  on?: string;
}

/** The trace of one capture session. */
export interface CaptureTrace {
  note(what: string, url?: string): void;
  steps(): TraceStep[];
}

/** The last path segment of a URL, without query or fragment (`DescribeClass`, `` for `/`). */
export function traceLabel(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return path.slice(path.lastIndexOf('/') + 1).slice(0, 60);
}

/** Creates a trace on a clock (ms). */
export function createCaptureTrace(now: () => number = () => performance.now()): CaptureTrace {
  const start = now();
  const steps: TraceStep[] = [];
  return {
    note(what, url) {
      steps.push(
        url === undefined
          ? { at: Math.round(now() - start), what }
          : { at: Math.round(now() - start), what, on: traceLabel(url) },
      );
      if (steps.length > TRACE_SIZE) steps.shift();
    },
    steps: () => steps.slice(),
  };
}
