import { describe, expect, it } from 'vitest';
import { createMasker } from '../../../lib/cme/secrets';
import { findDocOf, type FindDoc } from '../../../lib/ui/panel/find';
import { createFindSession, FIND_DEBOUNCE_MS } from '../../../lib/ui/panel/find-session';
import { jsonBody } from '../../cme/factories';

/** Timers run by hand: `tick()` fires what is due. */
function manualTimers() {
  let pending: { fn: () => void; at: number } | null = null;
  let now = 0;
  return {
    setTimeout: (fn: () => void, ms: number) => (pending = { fn, at: now + ms }),
    clearTimeout: () => (pending = null),
    tick(ms: number) {
      now += ms;
      if (pending && pending.at <= now) {
        const { fn } = pending;
        pending = null;
        fn();
      }
    },
  };
}

const masker = createMasker([]);
const doc = (value: unknown): FindDoc => findDocOf(jsonBody(value), masker)!;

function session() {
  const timers = manualTimers();
  const s = createFindSession(timers);
  s.setSource(() => ({ request: doc({ a: 'hit', b: 'hit' }), response: doc({ c: 'hit', d: 'HIT' }) }), true);
  s.show();
  return { s, timers };
}

describe('find session', () => {
  it('searches after a pause in typing, request before response', () => {
    const { s, timers } = session();
    s.setNeedle('hi');
    s.setNeedle('hit');
    timers.tick(FIND_DEBOUNCE_MS - 1);
    expect(s.result.value.matches).toHaveLength(0);
    timers.tick(1);
    expect(s.result.value.matches.map((m) => m.body)).toEqual(['request', 'request', 'response', 'response']);
    expect(s.result.value.current).toBe(0);
  });

  it('starts at the body in view, wraps on next/previous, and runs a pending search before moving', () => {
    const { s } = session();
    s.setTab('response');
    s.setNeedle('hit');
    s.next(); // the pending search runs first, then moves on from the response's first match
    expect(s.result.value.current).toBe(3);
    s.next();
    expect(s.result.value.current).toBe(0);
    s.previous();
    expect(s.result.value.current).toBe(3);
    const id = s.result.value.revealId;
    // Picking the request tab takes the find to the request's first match.
    s.setTab('request');
    expect(s.result.value.current).toBe(0);
    expect(s.result.value.revealId).toBeGreaterThan(id);
    // Another tab leaves it.
    s.setTab(null);
    expect(s.result.value.current).toBe(0);
  });

  it('follows case, the view mode, a new call, and clears on hide', () => {
    const { s, timers } = session();
    s.setNeedle('HIT');
    timers.tick(FIND_DEBOUNCE_MS);
    s.setCaseSensitive(true);
    expect(s.result.value.matches).toHaveLength(1);
    s.setCaseSensitive(false);
    s.next();
    s.next(); // at the response's first
    // Raw text of the response: `"c":"hit"` — the keys are searched too now ("c" and "d" do not match).
    s.setMode('response', 'raw');
    expect(s.result.value.matches[s.result.value.current]?.body).toBe('response');
    expect(s.result.value.matches[s.result.value.current]?.match.kind).toBe('raw');
    s.setSource(() => ({ request: doc({ z: 'none' }), response: null }), true);
    expect(s.result.value.matches).toHaveLength(0);
    expect(s.modes.value.response).toBe('tree');
    s.hide();
    expect(s.result.value.current).toBe(-1);
    expect(s.open.value).toBe(false);
  });

  it('prepares the bodies only when a search needs them, once per source', () => {
    const timers = manualTimers();
    const s = createFindSession(timers);
    let asked = 0;
    s.setSource(() => (asked++, { request: doc({ a: 'x' }), response: null }), true);
    s.show();
    expect(asked).toBe(0);
    s.setNeedle('x');
    timers.tick(FIND_DEBOUNCE_MS);
    s.setNeedle('xx');
    timers.tick(FIND_DEBOUNCE_MS);
    expect(asked).toBe(1);
    s.setSource(() => (asked++, { request: doc({ a: 'xx' }), response: null }), false);
    expect(asked).toBe(2);
    expect(s.result.value.matches).toHaveLength(1);
  });
});
