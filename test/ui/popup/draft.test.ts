import { describe, expect, it, vi } from 'vitest';
import {
  createDraftSaver,
  DRAFT_KEY,
  EMPTY_DRAFT,
  loadDraft,
  MAX_DRAFT_BODY,
  parseDraft,
  saveDraft,
  type PopupDraft,
} from '../../../lib/ui/popup/draft';
import { memoryArea } from './fakes';

const draft = (overrides: Partial<PopupDraft> = {}): PopupDraft => ({
  ticketId: 't1',
  environmentId: 'env',
  actionClass: 'Material',
  action: 'DeleteMaterial',
  body: '{\n  "MaterialId": ""\n}',
  ...overrides,
});

describe('parseDraft', () => {
  it('round-trips a saved draft', async () => {
    const area = memoryArea();
    await saveDraft(area, draft());
    expect(await loadDraft(area)).toEqual(draft());
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'x'],
    ['an array', []],
    ['another version', { version: 99, ticketId: 't1' }],
  ])('gives the empty draft for %s', (_n, stored) => {
    expect(parseDraft(stored)).toEqual(EMPTY_DRAFT);
  });

  it('keeps the good fields of a partly broken draft', () => {
    expect(parseDraft({ version: 1, ticketId: 3, action: 'X', body: null, actionClass: 'Team' })).toEqual({
      ...EMPTY_DRAFT,
      actionClass: 'Team',
      action: 'X',
    });
  });

  it('gives the empty draft when storage fails', async () => {
    const area = { get: () => Promise.reject(new Error('boom')), set: () => Promise.resolve() };
    expect(await loadDraft(area)).toEqual(EMPTY_DRAFT);
  });

  it('does not store a body past the limit (cut JSON would be worse than none)', async () => {
    const area = memoryArea();
    await saveDraft(area, draft({ body: 'x'.repeat(MAX_DRAFT_BODY + 1) }));
    expect((await loadDraft(area)).body).toBe('');
  });
});

describe('createDraftSaver', () => {
  it('writes only the last of quick changes, after the delay', async () => {
    vi.useFakeTimers();
    try {
      const area = memoryArea();
      const set = vi.spyOn(area, 'set');
      const saver = createDraftSaver(area, { delayMs: 200 });
      saver.schedule(draft({ body: '1' }));
      saver.schedule(draft({ body: '12' }));
      await vi.advanceTimersByTimeAsync(199);
      expect(set).not.toHaveBeenCalled();
      saver.schedule(draft({ body: '123' }));
      await vi.advanceTimersByTimeAsync(200);
      expect(set).toHaveBeenCalledTimes(1);
      expect((area.data[DRAFT_KEY] as PopupDraft).body).toBe('123');
    } finally {
      vi.useRealTimers();
    }
  });

  it('flush writes the pending draft at once, and only once', async () => {
    const area = memoryArea();
    const set = vi.spyOn(area, 'set');
    const saver = createDraftSaver(area, { delayMs: 10_000 });
    saver.schedule(draft({ action: 'ListMedia' }));
    await saver.flush();
    await saver.flush();
    expect(set).toHaveBeenCalledTimes(1);
    expect((await loadDraft(area)).action).toBe('ListMedia');
  });

  it('reports a failed write instead of throwing', async () => {
    const onError = vi.fn();
    const area = { get: () => Promise.resolve({}), set: () => Promise.reject(new Error('quota')) };
    const saver = createDraftSaver(area, { onError });
    saver.schedule(draft());
    await expect(saver.flush()).resolves.toBeUndefined();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'quota' }));
  });
});
