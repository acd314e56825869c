import { describe, expect, it } from 'vitest';
import { DEFAULT_PLATFORM, DEMO_KEY, parseSandboxArgs } from '../../lib/node/sandbox/options';

function options(argv: string[]) {
  const parsed = parseSandboxArgs(argv);
  if (parsed.kind !== 'options') throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.options;
}

describe('parseSandboxArgs', () => {
  it('gives working defaults with the demo key', () => {
    const o = options([]);
    expect(o).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      platforms: [DEFAULT_PLATFORM],
      loginShape: 'current',
      dataFile: null,
      demoKey: true,
      quiet: false,
    });
    expect(o.keys).toEqual([DEMO_KEY]);
    // Long-term tickets, as CME documents them; a lifetime is only ours with --ticket-ttl.
    expect(o.ticketTtlSeconds).toBeNull();
    expect(o.strict).toBe(false);
  });

  it.each([
    [['--port', '0'], { port: 0 }],
    [['--port=9000'], { port: 9000 }],
    [['--host', '0.0.0.0'], { host: '0.0.0.0' }],
    [['--login-shape', 'legacy'], { loginShape: 'legacy' }],
    [['--ticket-ttl', '60'], { ticketTtlSeconds: 60 }],
    [['--data', 'state.json'], { dataFile: 'state.json' }],
    [['--platform', 'a', '--platform=b', '--platform', 'a'], { platforms: ['a', 'b'] }],
    [['--allow-origin', 'http://dev.example:3000'], { allowOrigins: ['http://dev.example:3000'] }],
    [['--quiet'], { quiet: true }],
    [['--strict'], { strict: true }],
    [['--clock-skew', '420'], { clockSkewSeconds: 420 }],
    [['--clock-skew=-90'], { clockSkewSeconds: -90 }],
    [
      ['--secret-id', 'AKIDEXAMPLE', '--secret-key', 'SECRETKEYEXAMPLE'],
      { keys: [{ secretId: 'AKIDEXAMPLE', secretKey: 'SECRETKEYEXAMPLE' }], demoKey: false },
    ],
  ])('parses %j', (argv, expected) => {
    expect(options(argv)).toMatchObject(expected);
  });

  it.each([
    [['--port', '70000'], /--port/],
    [['--port', 'abc'], /--port/],
    [['--port'], /needs a value/],
    [['--login-shape', 'v2'], /current or legacy/],
    [['--ticket-ttl', '0'], /ticket-ttl/],
    [['--secret-id', 'AKIDEXAMPLE'], /go together/],
    [['--secret-key', 'SECRETKEYEXAMPLE'], /go together/],
    [['--platform', 'has space'], /--platform/],
    [['--bogus'], /^unknown option --bogus$/],
    [['--quiet=yes'], /^--quiet takes no value$/],
    [['--port', '1', 'extra'], /^unexpected argument "extra"$/],
    [['--data', ''], /--data/],
    [['--clock-skew', '7m'], /--clock-skew must be a whole number of seconds/],
    [['--clock-skew', '999999999'], /--clock-skew/],
  ])('rejects %j', (argv, message) => {
    const parsed = parseSandboxArgs(argv);
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') expect(parsed.message).toMatch(message);
  });

  it.each([['-h'], ['--help'], ['--port', '1', '--help']])('asks for help with %j', (...argv) => {
    expect(parseSandboxArgs(argv).kind).toBe('help');
  });
});
