import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../lib/settings/settings';
import { CALL_TIMEOUT, callTimeoutOf } from '../../lib/settings/settings-core';

describe('callTimeoutOf', () => {
  it.each([
    [undefined, CALL_TIMEOUT.default],
    [null, CALL_TIMEOUT.default],
    ['text', CALL_TIMEOUT.default],
    [{}, CALL_TIMEOUT.default],
    [{ callTimeoutMs: 4000 }, 4000],
    [{ version: 1, callTimeoutMs: 1000 }, 1000],
    [{ callTimeoutMs: 300_000 }, 300_000],
    [{ callTimeoutMs: 999 }, CALL_TIMEOUT.default],
    [{ callTimeoutMs: 300_001 }, CALL_TIMEOUT.default],
    [{ callTimeoutMs: 2500.5 }, CALL_TIMEOUT.default],
    [{ callTimeoutMs: '4000' }, CALL_TIMEOUT.default],
  ])('%j → %i, as the full settings parser reads it', (stored, expected) => {
    expect(callTimeoutOf(stored)).toBe(expected);
    expect(parseSettings(stored).settings.callTimeoutMs).toBe(expected);
  });
});
