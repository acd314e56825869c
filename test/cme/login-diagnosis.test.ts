import { describe, expect, it } from 'vitest';
import {
  CLOCK_TOLERANCE_SECONDS,
  diagnoseLogin,
  LONG_VALIDITY_SECONDS,
  serverSeconds,
  spanWords,
  STALE_AFTER_SECONDS,
  worstSeverity,
  type LoginDiagnosisInput,
} from '../../lib/cme/login-diagnosis';

const T = 1_700_000_000; // the request's start, by this computer's clock (seconds)

function input(over: Partial<LoginDiagnosisInput> = {}, fields: Partial<LoginDiagnosisInput['fields']> = {}) {
  return {
    fields: {
      currentTimeStamp: T,
      expireTime: T + 300,
      platform: 'p1',
      userId: 'alice',
      action: 'Login',
      ...fields,
    },
    startedAtMs: T * 1000,
    durationMs: 120,
    dateHeader: new Date(T * 1000).toUTCString(),
    answeredPlatform: 'p1',
    answeredUserId: null,
    ...over,
  } satisfies LoginDiagnosisInput;
}

const kinds = (i: LoginDiagnosisInput) => diagnoseLogin(i).map((f) => f.kind);

describe('login diagnosis', () => {
  it('says nothing of a login signed just now, for 5 minutes, for the platform that answered', () => {
    expect(diagnoseLogin(input())).toEqual([]);
    expect(diagnoseLogin(input({ fields: null }))).toEqual([]);
  });

  it('finds a signature made in the future, by the server clock, at the tolerance boundary', () => {
    expect(kinds(input({}, { currentTimeStamp: T + CLOCK_TOLERANCE_SECONDS, expireTime: T + 600 }))).toEqual(
      [],
    );
    const [f] = diagnoseLogin(input({}, { currentTimeStamp: T + 420, expireTime: T + 720 }));
    expect(f).toMatchObject({ kind: 'signed-in-future', severity: 'error', seconds: 420 });
    expect(f!.en).toBe(
      "Signed 7 min in the future (by the server's clock): your signing server's clock is ahead.",
    );
    expect(f!.zh).toContain('7 分钟');
    const one = diagnoseLogin(
      input({}, { currentTimeStamp: T + CLOCK_TOLERANCE_SECONDS + 1, expireTime: T + 600 }),
    );
    expect(one.map((x) => x.kind)).toEqual(['signed-in-future']);
  });

  it('judges by the server clock when the answer has a Date, else by this computer', () => {
    // The server's clock is 10 min ahead of this computer's; the signature was made by the server's time.
    const serverAhead = { dateHeader: new Date((T + 600) * 1000).toUTCString() };
    const signed = { currentTimeStamp: T + 600, expireTime: T + 900 };
    expect(kinds(input(serverAhead, signed))).toEqual(['computer-clock']);
    const [clock] = diagnoseLogin(input(serverAhead, signed));
    expect(clock!.en).toBe("This computer's clock is 10 min behind the server's.");
    // Less the round trip (a second at Date's resolution), during which the server stamped its Date.
    expect(clock!.seconds).toBe(599);
    // Without a Date header, this computer's clock is all there is.
    const [f] = diagnoseLogin(input({ dateHeader: null }, signed));
    expect(f!.kind).toBe('signed-in-future');
    expect(f!.en).toContain("by this computer's clock");
  });

  it('finds a signature that expired before it was sent, to the second', () => {
    expect(kinds(input({}, { currentTimeStamp: T - 300, expireTime: T }))).toEqual([]);
    const [f] = diagnoseLogin(input({}, { currentTimeStamp: T - 340, expireTime: T - 40 }));
    expect(f).toMatchObject({ kind: 'expired-before-sent', severity: 'error', seconds: 40 });
    expect(f!.en).toMatch(/^Expired 40 s before it was sent/);
    expect(f!.zh).toContain('40 秒');
  });

  it('notes a signature made long before it was sent but still valid', () => {
    const fresh = { currentTimeStamp: T - STALE_AFTER_SECONDS, expireTime: T + 3600 };
    expect(kinds(input({}, fresh))).toEqual([]);
    const stale = { currentTimeStamp: T - STALE_AFTER_SECONDS - 1, expireTime: T + 3600 };
    expect(diagnoseLogin(input({}, stale))).toMatchObject([{ kind: 'signed-long-before', severity: 'info' }]);
  });

  it('warns of a long validity and refuses an empty one', () => {
    expect(kinds(input({}, { expireTime: T + LONG_VALIDITY_SECONDS }))).toEqual([]);
    const [long] = diagnoseLogin(input({}, { expireTime: T + 30 * 86_400 }));
    expect(long).toMatchObject({ kind: 'long-validity', severity: 'warning', seconds: 30 * 86_400 });
    expect(long!.en).toBe("Valid for 30 days: shorter is safer (CME's samples sign for 5 minutes).");
    expect(kinds(input({}, { expireTime: T }))).toContain('empty-validity');
    expect(kinds(input({}, { expireTime: T - 5 }))).toContain('empty-validity');
  });

  it('finds a platform or user other than the one signed for, and a signature for another action', () => {
    const [p] = diagnoseLogin(input({ answeredPlatform: 'p2' }));
    expect(p!.en).toBe('Signed for platform p1, answered for platform p2.');
    expect(kinds(input({ answeredUserId: 'bob' }))).toEqual(['user-mismatch']);
    expect(kinds(input({ answeredUserId: 'alice' }))).toEqual([]);
    expect(kinds(input({}, { action: 'Upload' }))).toEqual(['not-login-action']);
  });

  it('allows for the answer arriving after the request started when comparing clocks', () => {
    // A 40 s round trip: the server's Date 40 s after the start is no skew.
    const slow = { durationMs: 40_000, dateHeader: new Date((T + 40) * 1000).toUTCString() };
    expect(kinds(input(slow))).toEqual([]);
    const ahead = { dateHeader: new Date((T - 45) * 1000).toUTCString() };
    const [f] = diagnoseLogin(input(ahead, { currentTimeStamp: T - 45, expireTime: T + 255 }));
    expect(f!.en).toBe("This computer's clock is 45 s ahead of the server's.");
  });

  it('orders errors first and makes them warnings when the login succeeded anyway', () => {
    const bad = input({ answeredPlatform: 'p2' }, { currentTimeStamp: T - 400, expireTime: T + 30 * 86_400 });
    expect(diagnoseLogin(bad).map((f) => f.severity)).toEqual(['error', 'warning', 'info']);
    expect(worstSeverity(diagnoseLogin(bad))).toBe('error');
    expect(diagnoseLogin({ ...bad, ok: true }).map((f) => f.severity)).toEqual([
      'warning',
      'warning',
      'info',
    ]);
    expect(worstSeverity([])).toBeNull();
  });

  it('reads the Date header and ignores one that is not a date', () => {
    expect(serverSeconds('Tue, 14 Nov 2023 22:13:20 GMT')).toBe(1_700_000_000);
    expect(serverSeconds('soon')).toBeNull();
    expect(serverSeconds(null)).toBeNull();
    expect(kinds(input({ dateHeader: 'soon' }))).toEqual([]);
  });

  it('ignores fields that are not numbers', () => {
    expect(diagnoseLogin(input({}, { currentTimeStamp: Number.NaN }))).toEqual([]);
  });

  it('puts durations in words at each unit boundary', () => {
    expect(spanWords(119)).toEqual({ zh: '119 秒', en: '119 s' });
    expect(spanWords(120)).toEqual({ zh: '2 分钟', en: '2 min' });
    expect(spanWords(7140)).toEqual({ zh: '119 分钟', en: '119 min' });
    expect(spanWords(7170).en).toBe('2 h');
    expect(spanWords(7200).en).toBe('2 h');
    expect(spanWords(86_400).en).toBe('24 h');
    expect(spanWords(2 * 86_400).en).toBe('2 days');
    expect(spanWords(-40).en).toBe('40 s');
  });
});
