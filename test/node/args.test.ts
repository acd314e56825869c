/** lib/node/args.ts: util.parseArgs in strict mode, help on every command, one-line problems. */
import { describe, expect, it } from 'vitest';
import { formatHelp, parseCommandArgs, type OptionTable } from '../../lib/node/args';

const OPTIONS = {
  json: { type: 'boolean', help: 'JSON' },
  key: { type: 'string', value: 'KEY', short: 'k', help: 'a key' },
  tag: { type: 'string', value: 'TAG', multiple: true, help: 'a tag; repeatable' },
} as const satisfies OptionTable;

describe('parseCommandArgs', () => {
  it('gives typed values and positionals', () => {
    expect(
      parseCommandArgs(['f.har', '--json', '-k', 'K1', '--tag=a', '--tag', 'b', '--key=K2'], OPTIONS, 1),
    ).toEqual({ kind: 'ok', values: { json: true, key: 'K2', tag: ['a', 'b'] }, positionals: ['f.har'] });
  });

  it('leaves absent options undefined and takes everything after -- as positionals', () => {
    expect(parseCommandArgs(['--', '--json', '-'], OPTIONS, 2)).toEqual({
      kind: 'ok',
      values: {},
      positionals: ['--json', '-'],
    });
  });

  it.each([[['-h']], [['--help']], [['x', '--json', '-h']], [['--nope', '--help']], [['--key', 'v', '-h']]])(
    '%j asks for help',
    (args) => {
      expect(parseCommandArgs(args, OPTIONS, 1)).toEqual({ kind: 'help' });
    },
  );

  it.each([
    [['--nope'], 'unknown option --nope'],
    [['-z'], 'unknown option -z'],
    [['--json=1'], '--json takes no value'],
    [['--key'], '--key needs a value'],
    [['--key', '--json'], '--key needs a value'],
    [['--key', '-3'], '--key needs a value; a negative one is written --key=-3'],
    [['a', 'b'], 'unexpected argument "b"'],
    [['--json', 'a', 'b', '--nope'], 'unexpected argument "b"'],
  ])('%j is refused with one line: %s', (args, message) => {
    expect(parseCommandArgs(args, OPTIONS, 1)).toEqual({ kind: 'error', message });
  });

  it('takes a value starting with - when it is attached', () => {
    expect(parseCommandArgs(['--key=-3'], OPTIONS)).toMatchObject({ kind: 'ok', values: { key: '-3' } });
  });
});

describe('formatHelp', () => {
  it('lists every option with its value name, aligned, and -h, --help last', () => {
    const lines = formatHelp('prog cmd [options]', 'Does things.', OPTIONS).trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual(['Usage: prog cmd [options]', '', 'Does things.', '', 'Options:']);
    expect(lines.slice(5)).toEqual([
      '      --json     JSON',
      '  -k, --key KEY  a key',
      '      --tag TAG  a tag; repeatable',
      '  -h, --help     show this help',
    ]);
  });
});
