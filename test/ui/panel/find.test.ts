import { describe, expect, it } from 'vitest';
import { createMasker } from '../../../lib/cme/secrets';
import type { RawBody } from '../../../lib/cme/types';
import {
  FIND_CAP,
  REVEAL_DEPTH,
  findDocOf,
  findInBody,
  findInCall,
  pathOf,
  type FindDoc,
  type TreeMatch,
} from '../../../lib/ui/panel/find';
import { rawHighlights, treeHighlights } from '../../../lib/ui/panel/find-marks';
import { FAKE_TICKET, jsonBody } from '../../cme/factories';

const masker = createMasker([{ value: FAKE_TICKET, kind: 'ticket' }]);
const doc = (body: RawBody, m = masker): FindDoc => findDocOf(body, m)!;
const treeMatches = (d: FindDoc, needle: string, caseSensitive = false) =>
  findInBody(d, 'tree', needle, { caseSensitive }).matches.map((m) => {
    const t = m as TreeMatch;
    return { path: pathOf(d.tree()!, t.node).join('.'), part: t.part, start: t.start, end: t.end };
  });

describe('find in bodies', () => {
  it('finds every raw match in order, case-insensitive by default, case-sensitive on request', () => {
    const d = doc(jsonBody('{"Name":"Needle","Other":"a needle and NEEDLE"}'));
    const all = findInBody(d, 'raw', 'needle').matches;
    expect(all.map((m) => [m.start, m.end])).toEqual([
      [9, 15],
      [28, 34],
      [39, 45],
    ]);
    expect(d.raw.slice(28, 34)).toBe('needle');
    expect(findInBody(d, 'raw', 'needle', { caseSensitive: true }).matches.map((m) => m.start)).toEqual([28]);
    expect(findInBody(d, 'raw', '').matches).toEqual([]);
    // Regex characters are plain text.
    expect(findInBody(doc(jsonBody('{"a":"x.*y (1+1)"}')), 'raw', '.*y (1+').matches).toHaveLength(1);
    expect(findInBody(doc(jsonBody('{"a":"xay"}')), 'raw', 'x.y').matches).toHaveLength(0);
  });

  it('finds keys and values in the tree, in the order the tree shows them, with their paths', () => {
    const d = doc(jsonBody({ Tag: 'tag', List: [{ tagged: true }, 'x-TAG-y'], Count: 7 }));
    expect(treeMatches(d, 'tag')).toEqual([
      { path: 'Tag', part: 'key', start: 0, end: 3 },
      { path: 'Tag', part: 'value', start: 0, end: 3 },
      { path: 'List.0.tagged', part: 'key', start: 0, end: 3 },
      { path: 'List.1', part: 'value', start: 2, end: 5 },
    ]);
    // Scalars as shown: numbers, booleans and null are searchable; array indices are not keys.
    expect(treeMatches(d, 'true')).toEqual([{ path: 'List.0.tagged', part: 'value', start: 0, end: 4 }]);
    expect(treeMatches(d, '7')).toEqual([{ path: 'Count', part: 'value', start: 0, end: 1 }]);
    expect(treeMatches(d, '0')).toEqual([]);
    // A string is searched unescaped, as the tree shows it; the raw text as written.
    const esc = doc(jsonBody('{"a":"line\\nbreak \\u0041BC"}'));
    expect(treeMatches(esc, 'abc')).toHaveLength(1);
    expect(findInBody(esc, 'raw', 'abc').matches).toHaveLength(0);
    expect(findInBody(esc, 'raw', '\\u0041bc').matches).toHaveLength(1);
  });

  it('finds a match far beyond the list’s 2,048-character search text', () => {
    const body = jsonBody({ Name: 'x', Pad: `${'y'.repeat(6000)} needle-7f3 ` });
    const d = doc(body);
    const raw = findInBody(d, 'raw', 'needle-7f3').matches;
    expect(raw).toHaveLength(1);
    expect(raw[0]!.start).toBeGreaterThan(6000);
    expect(treeMatches(d, 'NEEDLE-7F3')).toEqual([{ path: 'Pad', part: 'value', start: 6001, end: 6011 }]);
  });

  it('searches the masked text only: a ticket’s clear text is never found, nor located', () => {
    const body = jsonBody({
      Authorization: FAKE_TICKET,
      Note: `see ${FAKE_TICKET}`,
      Url: `x?auth=${FAKE_TICKET}`,
    });
    const d = doc(body);
    for (const needle of [FAKE_TICKET, FAKE_TICKET.slice(3, 20), '0123456789abcdef']) {
      expect(findInBody(d, 'raw', needle).matches).toEqual([]);
      expect(findInBody(d, 'tree', needle).matches).toEqual([]);
    }
    expect(d.raw).not.toContain(FAKE_TICKET.slice(3, 20));
    // The masked form the view shows is findable, as shown.
    expect(findInBody(d, 'raw', 'tf_…').matches.length).toBeGreaterThan(0);
    // A secret the masker learns later: the next masker's document no longer holds it.
    const plain = jsonBody({ Secret: 'opaque-value-1234' });
    expect(findInBody(doc(plain), 'raw', 'opaque-value').matches).toHaveLength(1);
    const grown = createMasker([{ value: 'opaque-value-1234', kind: 'ticket' }]);
    expect(findInBody(doc(plain, grown), 'raw', 'opaque-value').matches).toHaveLength(0);
    expect(findInBody(doc(plain, grown), 'tree', 'opaque-value').matches).toHaveLength(0);
  });

  it('walks a body nested 100,000 levels without overflowing, and does not reveal past the depth bound', () => {
    let text = '"needle"';
    for (let i = 0; i < 100_000; i++) text = `{"a":${text}}`;
    const d = doc(jsonBody(text));
    const found = findInBody(d, 'tree', 'needle').matches;
    expect(found).toHaveLength(1);
    const tree = d.tree()!;
    expect(tree.depth[(found[0] as TreeMatch).node]).toBe(100_000);
    const hl = treeHighlights(tree, found, 0, 1);
    expect(hl.tooDeep).toBe(true);
    expect(hl.reveal).toBeNull();
    // Keys are matched at every level, capped.
    const keys = findInBody(d, 'tree', 'a', { limit: 50 });
    expect(keys.matches).toHaveLength(50);
    expect(keys.capped).toBe(true);
    expect(findInBody(d, 'raw', 'needle').matches).toHaveLength(1);
  });

  it('opens the path to the current match only, with the page each level must reach', () => {
    const list = Array.from({ length: 250 }, (_, i) => ({ id: i, name: i === 180 ? 'the needle' : 'hay' }));
    const value = { Data: { List: list } };
    const d = doc(jsonBody(value));
    const tree = d.tree()!;
    const found = findInBody(d, 'tree', 'needle').matches;
    expect(found).toHaveLength(1);
    const hl = treeHighlights(tree, found, 0, 7);
    expect(hl.tooDeep).toBe(false);
    const shown = d.value as { Data: { List: object[] } };
    expect(hl.reveal?.id).toBe(7);
    expect([...hl.reveal!.open]).toEqual([
      [shown.Data.List[180], 1],
      [shown.Data.List, 180],
      [shown.Data, 0],
      [shown, 0],
    ]);
    expect(hl.marks(shown.Data.List[180]!, 'name')?.value).toEqual([{ start: 4, end: 10, current: true }]);
    expect(hl.marks(shown.Data.List[179]!, 'name')).toBeUndefined();
    expect(REVEAL_DEPTH).toBeGreaterThanOrEqual(32);
  });

  it('caps at 10,000 matches, and counts the request’s before the response’s', () => {
    const big = doc(jsonBody({ a: 'x'.repeat(FIND_CAP + 5) }));
    const found = findInBody(big, 'raw', 'x');
    expect(found.matches).toHaveLength(FIND_CAP);
    expect(found.capped).toBe(true);
    expect(findInBody(doc(jsonBody({ a: 'x'.repeat(FIND_CAP) })), 'raw', 'x').capped).toBe(false);

    const request = doc(jsonBody({ q: 'ab ab' }));
    const response = doc(jsonBody({ r: 'ab' }));
    const call = findInCall({ request, response }, { request: 'raw', response: 'tree' }, 'AB');
    expect(call.matches.map((m) => [m.body, m.match.kind])).toEqual([
      ['request', 'raw'],
      ['request', 'raw'],
      ['response', 'tree'],
    ]);
    const capped = findInCall({ request, response }, { request: 'raw', response: 'raw' }, 'ab', { limit: 2 });
    expect(capped).toMatchObject({ capped: true });
    expect(capped.matches.map((m) => m.body)).toEqual(['request', 'request']);
    expect(
      rawHighlights(
        call.matches.slice(0, 2).map((m) => m.match),
        1,
      ),
    ).toEqual([
      { start: 6, end: 8, current: false },
      { start: 9, end: 11, current: true },
    ]);
  });

  it('has no document for an absent, empty or binary body; a non-JSON body is searched raw in tree mode', () => {
    expect(findDocOf(null, masker)).toBeNull();
    expect(findDocOf({ text: '' }, masker)).toBeNull();
    expect(findDocOf({ text: '//8A/w==', encoding: 'base64' }, masker)).toBeNull();
    const text = doc({ text: 'plain needle text', mimeType: 'text/plain' });
    expect(text.tree()).toBeNull();
    expect(findInBody(text, 'tree', 'needle').matches).toEqual([{ kind: 'raw', start: 6, end: 12 }]);
    // Masked only as far as asked: the raw text is not masked for the tree, nor the tree for the raw text.
    const calls = { text: 0, json: 0 };
    const spy = {
      ...masker,
      text: (t: string) => (calls.text++, masker.text(t)),
      json: <T>(v: T) => (calls.json++, masker.json(v)),
    };
    const lazy = findDocOf(jsonBody({ a: 'b' }), spy)!;
    expect(lazy.isJson).toBe(true);
    expect(calls).toEqual({ text: 0, json: 0 });
    findInBody(lazy, 'tree', 'b');
    expect(calls).toEqual({ text: 0, json: 1 });
    findInBody(lazy, 'raw', 'b');
    findInBody(lazy, 'raw', 'a');
    expect(calls).toEqual({ text: 1, json: 1 });
    // Cached per masker and body.
    const body = jsonBody({ a: 1 });
    expect(findDocOf(body, masker)).toBe(findDocOf(body, masker));
  });
});
