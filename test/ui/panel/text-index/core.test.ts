// The text index's worker logic in a thread: exact excerpt matches, typing on narrows, a deep pass reads
// whole bodies newest first and finds what lies past the excerpt; negated words and the regex keep the
// excerpt's verdict; a newer query supersedes a deep pass.
import { describe, expect, it, vi } from 'vitest';
import {
  createIndexHandler,
  fromBytes,
  narrows,
  toBytes,
  type IndexAnswer,
  type TextQuery,
} from '../../../../lib/ui/panel/text-index/core';

const q = (words: string[], notWords: string[] = [], regex: TextQuery['regex'] = null): TextQuery => ({
  words,
  notWords,
  regex,
});

function handler(bodies: Record<number, string> = {}) {
  const answers: IndexAnswer[] = [];
  const reads: number[][] = [];
  const handle = createIndexHandler(
    (a) => answers.push(a),
    async (ids) => {
      reads.push([...ids]);
      return ids.map((id) => bodies[id] ?? null);
    },
  );
  const results = () => answers.filter((a) => a.type === 'result');
  return { handle, answers, reads, results };
}

describe('text index core', () => {
  it('stores UTF-8 in one-byte strings and finds Chinese and ASCII words exactly', () => {
    const text = '产品发布会 clip-4242 素材';
    expect([...toBytes(text)].every((c) => c.charCodeAt(0) < 256)).toBe(true);
    expect(fromBytes(toBytes(text))).toBe(text);
    expect(toBytes(text).includes(toBytes('发布会'))).toBe(true);
    expect(toBytes(text).includes(toBytes('发布会 clip'))).toBe(true);
    expect(toBytes(text).includes(toBytes('布发'))).toBe(false);
  });

  it('answers the excerpt pass with the ids whose text has every word and no negated one', async () => {
    const { handle, results } = handler();
    await handle({
      type: 'add',
      items: [
        [1, 'material/listmedia 发布会'],
        [2, 'team/describeteams'],
        [3, 'material/createclass'],
      ],
    });
    await handle({ type: 'query', pass: 1, query: q(['material'], ['create']), deep: false });
    expect(results()).toEqual([
      { type: 'result', pass: 1, matched: [1], done: true, searched: 0, toSearch: 0 },
    ]);
    await handle({ type: 'query', pass: 2, query: q(['发布会']), deep: false });
    expect(results().at(-1)).toMatchObject({ matched: [1], done: true });
  });

  it('runs a regex over the decoded text, with its negation', async () => {
    const { handle, results } = handler();
    await handle({
      type: 'add',
      items: [
        [1, '名称 a1'],
        [2, 'b2'],
      ],
    });
    await handle({
      type: 'query',
      pass: 1,
      query: q([], [], { source: '名.', flags: 'is', negate: false }),
      deep: true,
    });
    expect(results().at(-1)).toMatchObject({ matched: [1], done: true });
    await handle({
      type: 'query',
      pass: 2,
      query: q([], [], { source: '名.', flags: 'is', negate: true }),
      deep: false,
    });
    expect(results().at(-1)).toMatchObject({ matched: [2] });
    await handle({
      type: 'query',
      pass: 3,
      query: q([], [], { source: '(', flags: 'is', negate: false }),
      deep: false,
    });
    expect(results().length).toBe(2);
  });

  it('narrows when typing on, and still tests calls added since', async () => {
    expect(narrows(q(['mat']), q(['mat_0']))).toBe(true);
    expect(narrows(q(['mat_0']), q(['mat']))).toBe(false);
    expect(narrows(q(['a'], ['x']), q(['ab'], []))).toBe(false);
    const { handle, results } = handler();
    await handle({
      type: 'add',
      items: [
        [1, 'mat_01'],
        [2, 'mat_02'],
        [3, 'other'],
      ],
    });
    await handle({ type: 'query', pass: 1, query: q(['mat']), deep: false });
    await handle({ type: 'add', items: [[4, 'mat_01 new']] });
    await handle({ type: 'query', pass: 2, query: q(['mat_01']), deep: false });
    expect(results().at(-1)).toMatchObject({ matched: [1, 4] });
  });

  it('finds a word past the excerpt in the whole body, newest first, and reports progress', async () => {
    vi.useFakeTimers();
    try {
      const bodies = { 1: '{"Name":"deep-one"}', 2: '{"Name":"no"}', 3: '{"Name":"Deep-One"}' };
      const { handle, results, reads } = handler(bodies);
      await handle({
        type: 'add',
        items: [
          [1, 'excerpt one'],
          [2, 'excerpt two'],
          [3, 'excerpt three'],
        ],
      });
      const running = handle({ type: 'query', pass: 1, query: q(['deep-one']), deep: true });
      await vi.runAllTimersAsync();
      await running;
      expect(results()[0]).toMatchObject({ matched: [], done: false, toSearch: 3 });
      expect(reads[0]).toEqual([3, 2, 1]);
      expect(results().at(-1)).toMatchObject({ matched: [3, 1], done: true, searched: 3 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps negated words on the excerpt in the deep pass, and a newer query stops it', async () => {
    vi.useFakeTimers();
    try {
      const { handle, results, reads } = handler({ 1: 'needle', 2: 'needle' });
      await handle({
        type: 'add',
        items: [
          [1, 'keep'],
          [2, 'drop me'],
        ],
      });
      const first = handle({ type: 'query', pass: 1, query: q(['needle'], ['drop']), deep: true });
      await vi.runAllTimersAsync();
      await first;
      expect(results().at(-1)).toMatchObject({ matched: [1], done: true });
      const slow = handle({ type: 'query', pass: 2, query: q(['needle']), deep: true });
      const fast = handle({ type: 'query', pass: 3, query: q(['keep']), deep: false });
      await vi.runAllTimersAsync();
      await Promise.all([slow, fast]);
      expect(reads.length).toBe(1);
      expect(
        results()
          .filter((r) => r.type === 'result' && r.pass === 2)
          .every((r) => r.type === 'result' && !r.done),
      ).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('loads a tab’s texts from its loader before answering, keeping texts the panel sent', async () => {
    const answers: IndexAnswer[] = [];
    const handle = createIndexHandler(
      (a) => answers.push(a),
      null,
      async (tabId, onBatch) => {
        expect(tabId).toBe(7);
        onBatch([
          [3, 'newest'],
          [2, 'middle'],
        ]);
        onBatch([[1, 'oldest']]);
      },
    );
    void handle({ type: 'load', tabId: 7 });
    await handle({ type: 'add', items: [[4, 'added newest']] });
    await handle({ type: 'query', pass: 1, query: q(['est']), deep: true });
    expect(answers).toEqual([
      { type: 'started', pass: 1 },
      { type: 'result', pass: 1, matched: [3, 1, 4], done: true, searched: 0, toSearch: 0 },
    ]);
  });
});

describe('toBytes on a body cut inside a surrogate pair', () => {
  it('does not throw, and the rest of the text is still found', () => {
    const cut = `名称 ok ${'😀'.slice(0, 1)}`;
    expect(toBytes(cut).includes(toBytes('名称 ok'))).toBe(true);
  });
});
