import { describe, expect, it } from 'vitest';
import { createCaptureTrace, TRACE_SIZE, traceLabel } from '../../lib/capture/capture-trace';

describe('capture trace', () => {
  it('keeps the latest steps with their time, and never a query', () => {
    let t = 1000;
    const trace = createCaptureTrace(() => t);
    trace.note('live', 'https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=tf_secret');
    t += 12;
    trace.note('backlog: 3 entries');
    expect(trace.steps()).toEqual([
      { at: 0, what: 'live', on: 'ListMedia' },
      { at: 12, what: 'backlog: 3 entries' },
    ]);
    expect(JSON.stringify(trace.steps())).not.toContain('tf_secret');
    expect(traceLabel('https://open.cme.qcloud.com/?signature=abc#x')).toBe('');
  });

  it('is bounded', () => {
    const trace = createCaptureTrace(() => 0);
    for (let i = 0; i < TRACE_SIZE + 50; i++) trace.note(`step ${i}`);
    const steps = trace.steps();
    expect(steps).toHaveLength(TRACE_SIZE);
    expect(steps[0]!.what).toBe('step 50');
    expect(traceLabel(`https://x/${'a'.repeat(500)}`)).toHaveLength(60);
  });
});
