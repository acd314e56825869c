import { describe, expect, it } from 'vitest';
import { buildHarExport, entryToRawCall, harFileName, importHar } from '../../../lib/ui/panel/export';
import { installPanelHook } from '../../../lib/ui/panel/hook';
import { answers, apiCall, FAKE_TICKET, loginCall, makeRawCall, SESSION_START_MS } from '../../cme/factories';
import { harEntryOf } from '../../capture/fakes';
import { validateHar } from '../../cme/har-schema';
import { makeRow } from './fixtures';

const session = () => [
  loginCall(),
  apiCall({ startedAt: SESSION_START_MS + 1 }),
  makeRawCall({ startedAt: SESSION_START_MS + 2, request: { url: 'https://example.com/app.js' } }),
  apiCall({ action: 'DeleteMaterial', startedAt: SESSION_START_MS + 3, answer: answers.paasError() }),
];

describe('panel export and import', () => {
  it('exports the rows as HAR 1.2 with every ticket masked, or in full when revealed', async () => {
    const raws = session();
    const rows = [makeRow({ id: 1 }), makeRow({ id: 2 }), makeRow({ id: 404 })];
    const body = async (id: number) => raws[id - 1];
    const masked = await buildHarExport(rows, body, false);
    expect(masked.count).toBe(2);
    const har = JSON.parse(masked.text) as { log: { version: string; entries: unknown[] } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(2);
    expect(masked.text).not.toContain(FAKE_TICKET);
    const revealed = await buildHarExport(rows, body, true);
    expect(revealed.text).toContain(FAKE_TICKET);
    // Both are HAR 1.2 as the spec's schema defines it.
    expect(validateHar(har)).toEqual([]);
    expect(validateHar(JSON.parse(revealed.text))).toEqual([]);
  });

  it('imports the CME calls of a HAR (identity attributed, other requests skipped)', async () => {
    const raws = session();
    const text = (
      await buildHarExport(
        raws.map((_, i) => makeRow({ id: i + 1 })),
        async (id) => raws[id - 1],
        true,
      )
    ).text;
    const imported = importHar(text);
    expect(imported.rows.map((r) => r.action)).toEqual(['Login', 'ListMedia', 'DeleteMaterial']);
    expect(imported.skipped).toBe(1);
    expect(imported.rows[1]).toMatchObject({ userId: 'user_001', ok: true });
    expect(imported.rows[2]).toMatchObject({ ok: false, code: 'InvalidParameterValue.MaterialId' });
    expect(imported.bodies.get(imported.rows[2]!.id)?.request.url).toContain('DeleteMaterial');
  });

  it.each([
    ['not json', /Not JSON/],
    ['{"nolog":1}', /Not a HAR/],
  ])('reads a bad file %s as no rows and a problem', (text, problem) => {
    const imported = importHar(text);
    expect(imported.rows).toEqual([]);
    expect(imported.problems[0]).toMatch(problem);
  });

  it('names the file after the time of the export', () => {
    expect(harFileName(new Date(2026, 10, 29, 6, 5, 9))).toBe('cme-calls-20261129-060509.har');
  });

  it('reads a DevTools entry with its body filled in', () => {
    const raw = entryToRawCall(harEntryOf(apiCall(), 'inline'));
    expect(raw?.response?.body?.text).toContain('Success');
  });
});

describe('panel test hook', () => {
  it('reads the count and the rows (without search text) and cannot be replaced', () => {
    const target: Record<string, unknown> = {};
    const rows = [makeRow({ id: 1 }), makeRow({ id: 2 })];
    const hook = installPanelHook(target, { rows: { peek: () => rows } });
    expect(hook.count()).toBe(2);
    expect(hook.rows()[0]).not.toHaveProperty('text');
    expect(hook.rows()[1]?.id).toBe(2);
    expect(() => {
      'use strict';
      target.__cmePanel = null;
    }).toThrow();
    expect(Object.isFrozen(target.__cmePanel)).toBe(true);
  });
});
