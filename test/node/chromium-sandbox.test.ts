/** Chromium keeps its sandbox for a user's own account (npm start on a laptop); only root runs without. */
import { describe, expect, it } from 'vitest';
import { needsNoSandbox } from '../e2e/harness/chromium';

describe('needsNoSandbox', () => {
  it('is true for root only', () => {
    expect(needsNoSandbox(0)).toBe(true);
    expect(needsNoSandbox(1000)).toBe(false);
  });
});
