/**
 * What the regex filter's worker does, apart from the worker globals: it keeps the search text of each
 * row it was sent (by row id), and for each pass compiles the pattern and answers which of the given
 * ids match. Shared by the worker entry (regex-filter.worker.ts) and tests that run it in a thread.
 */

/** A pass: test `ids` against `source`/`flags`, after storing `add` and forgetting `drop`. */
export interface MatchRequest {
  type: 'match';
  pass: number;
  source: string;
  flags: string;
  /** [row id, search text] the worker does not hold yet (or holds another text for). */
  add: [number, string][];
  /** Row ids the worker may forget (rows no longer listed). */
  drop: number[];
  ids: number[];
}

/** The worker's answers: it began matching (texts received), it finished, or the pattern failed. */
export type MatchAnswer =
  | { type: 'started'; pass: number }
  | { type: 'done'; pass: number; matched: number[] }
  | { type: 'error'; pass: number; message: string };

/** The worker's message handler; `post` sends an answer back. */
export function createMatchHandler(post: (answer: MatchAnswer) => void): (request: MatchRequest) => void {
  const texts = new Map<number, string>();
  return (request) => {
    const { pass } = request;
    for (const id of request.drop) texts.delete(id);
    for (const [id, text] of request.add) texts.set(id, text);
    post({ type: 'started', pass });
    let re: RegExp;
    try {
      re = new RegExp(request.source, request.flags);
    } catch (e) {
      post({ type: 'error', pass, message: e instanceof Error ? e.message : String(e) });
      return;
    }
    const matched: number[] = [];
    for (const id of request.ids) {
      const text = texts.get(id);
      if (text === undefined) continue;
      re.lastIndex = 0;
      if (re.test(text)) matched.push(id);
    }
    post({ type: 'done', pass, matched });
  };
}
