import { describe, expect, it } from 'vitest';
import { ERROR_ROWS, type ErrorRow, type ErrorSource } from '../../lib/cme/error-data';
import { documentedCodes, explainError, pickerCodes } from '../../lib/cme/errors';

// What CME's documentation digest says about each row, written out here (a clean clone has no digest):
// the login call-flow docs and the client API's example failures (client-docs, CME's own zh and en), the
// server API's errors.go (server-docs, Chinese only: the English is our gloss), one code seen only in
// third-party code, and our sandbox's own codes.
const CLIENT_LOGIN = ['Success', 'SignatureVerifyFail', 'InvalidParameterValue.Platform'];
const CLIENT_API = [
  'Success',
  'InvalidParameterValue.MaterialId',
  'OperationDenied.PermissionDeny',
  'InvalidParameterValue',
  'ResourceNotFound',
  'InvalidParameterValue.UploadContext',
  'InternalError',
  'InvalidParameterValue.Limit',
  'InvalidParameterValue.ProjectId',
];
const THIRD_PARTY = ['AuthFailure.SessionInvalid'];
const SANDBOX = [
  'SignatureExpired',
  'InvalidParameter.Action',
  'InvalidParameter.JsonParse',
  'LimitExceeded.RequestSize',
];
// The client docs' EnglishMessage for InvalidParameterValue is a detail ('starttime bigger than endtime',
// 'param lack of CategorySet or Name'); the generic English is our translation of 参数值错误.
const CLIENT_EN_NOT_OFFICIAL = new Set(['api:InvalidParameterValue']);

const key = (r: Pick<ErrorRow, 'scope' | 'code'>) => `${r.scope}:${r.code}`;
const rowsOf = (source: ErrorSource) => ERROR_ROWS.filter((r) => r.source === source);

describe('error dictionary provenance', () => {
  it('counts 73 server-API rows, 12 client-docs rows (3 login, 9 api), 1 third-party and 4 sandbox rows', () => {
    expect(rowsOf('server-docs')).toHaveLength(73);
    expect(rowsOf('client-docs')).toHaveLength(12);
    expect(rowsOf('third-party')).toHaveLength(1);
    expect(rowsOf('sandbox')).toHaveLength(4);
    expect(ERROR_ROWS).toHaveLength(73 + 12 + 1 + 4);
    expect(ERROR_ROWS.filter((r) => r.source !== 'sandbox')).toHaveLength(86);
  });

  it('names exactly the client-docs, third-party and sandbox rows', () => {
    expect(rowsOf('client-docs').map(key)).toEqual([
      ...CLIENT_LOGIN.map((code) => `login:${code}`),
      ...CLIENT_API.map((code) => `api:${code}`),
    ]);
    expect(rowsOf('third-party').map(key)).toEqual(THIRD_PARTY.map((code) => `api:${code}`));
    expect(rowsOf('sandbox').map(key)).toEqual(SANDBOX.map((code) => `sandbox:${code}`));
    expect(rowsOf('server-docs').every((r) => r.scope === 'server')).toBe(true);
    expect(ERROR_ROWS.filter((r) => r.scope === 'server').every((r) => r.source === 'server-docs')).toBe(
      true,
    );
  });

  it.each(ERROR_ROWS.map((r) => [key(r), r] as const))('%s: source and official flags', (_, row) => {
    switch (row.source) {
      case 'client-docs':
        expect(row.official).toEqual({ zh: true, en: !CLIENT_EN_NOT_OFFICIAL.has(key(row)) });
        break;
      case 'server-docs':
        expect(row.official).toEqual({ zh: true, en: false });
        expect(row.note).toMatch(/errors\.go.*English is our own gloss/);
        break;
      case 'third-party':
      case 'sandbox':
        expect(row.official).toEqual({ zh: false, en: false });
        break;
    }
  });

  it('says in its note where the one third-party code comes from and that its messages are ours', () => {
    const row = ERROR_ROWS.find((r) => r.code === 'AuthFailure.SessionInvalid')!;
    expect(row.note).toMatch(/alist/);
    expect(row.note).toMatch(/our own words/);
    expect(row.note).toMatch(/Not in official docs/);
  });

  it('carries source and official flags from the row into the explanation', () => {
    for (const row of ERROR_ROWS) {
      if (row.code === 'Success') continue;
      const scope = row.scope === 'login' || row.scope === 'api' ? row.scope : undefined;
      const ex = explainError(row.code, scope)!;
      // A server or sandbox row is chosen when no client row has the code.
      const chosen =
        ERROR_ROWS.find((r) => r.code === row.code && r.scope === scope) ??
        ERROR_ROWS.find((r) => r.code === row.code && r.scope === 'api') ??
        ERROR_ROWS.find((r) => r.code === row.code && r.scope === 'login') ??
        row;
      expect({ source: ex.source, official: ex.official }, key(row)).toEqual({
        source: chosen.source,
        official: chosen.official,
      });
    }
  });

  it('explains a server-API-only code on the client API as server-docs, English not official', () => {
    const ex = explainError('MissingParameter', 'api')!;
    expect(ex).toMatchObject({ scope: 'server', source: 'server-docs', official: { zh: true, en: false } });
    expect(explainError('InvalidParameterValue.MaterialId', 'api')?.source).toBe('client-docs');
  });

  it('has no source for a code it does not know, and no official message', () => {
    expect(explainError('ResourceNotFound.Gadget', 'api')).toMatchObject({
      known: false,
      source: null,
      official: { zh: false, en: false },
    });
  });
});

describe('documentedCodes', () => {
  it("('api') is exactly the client-docs codes of the client API", () => {
    expect([...documentedCodes('api')].sort()).toEqual([...CLIENT_API].sort());
  });

  it("('login') is exactly the client-docs codes of the login", () => {
    expect([...documentedCodes('login')].sort()).toEqual([...CLIENT_LOGIN].sort());
  });

  it('leaves out the third-party code and the sandbox codes', () => {
    for (const code of [...THIRD_PARTY, ...SANDBOX]) {
      expect(documentedCodes('api').has(code), code).toBe(false);
      expect(documentedCodes('login').has(code), code).toBe(false);
    }
  });
});

describe('pickerCodes', () => {
  const picked = pickerCodes();
  const order: ErrorSource[] = ['client-docs', 'third-party', 'server-docs', 'sandbox'];

  it('has no Success and no duplicate code', () => {
    const codes = picked.map((r) => r.code);
    expect(codes).not.toContain('Success');
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('puts the documented client API codes first, then third-party, server-API and sandbox codes', () => {
    const documented = CLIENT_API.filter((c) => c !== 'Success');
    expect(
      picked
        .slice(0, documented.length)
        .map((r) => r.code)
        .sort(),
    ).toEqual([...documented].sort());
    expect(picked.slice(0, documented.length).every((r) => r.source === 'client-docs')).toBe(true);
    const ranks = picked.map((r) => order.indexOf(r.source));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(picked.at(-1)?.source).toBe('sandbox');
  });

  it('offers every code a client API call could answer, each with its best-sourced row', () => {
    const expected = new Set(
      ERROR_ROWS.filter((r) => r.scope !== 'login' && r.code !== 'Success').map((r) => r.code),
    );
    expect(new Set(picked.map((r) => r.code))).toEqual(expected);
    // In both the client docs and errors.go: the client docs' row is offered.
    expect(picked.find((r) => r.code === 'InvalidParameterValue.MaterialId')?.source).toBe('client-docs');
    // Documented for the login only: offered as the server-API code it also is.
    expect(picked.find((r) => r.code === 'InvalidParameterValue.Platform')?.source).toBe('server-docs');
  });
});

describe('sandbox-facing hints', () => {
  it.each([
    ['InvalidParameter.Action', /CME documents no such client code/],
    ['InvalidParameter.JsonParse', /CME documents no such client code/],
    ['LimitExceeded.RequestSize', /CME documents no such client code/],
    ['SignatureExpired', /CME documents no such code/],
    ['MissingParameter', /CME documents it for its server API \(API 3\.0\) only, not for the client API/],
  ])('%s says our sandbox answers it and what CME documents', (code, cme) => {
    const ex = explainError(code, 'api')!;
    expect(ex.hintEn).toMatch(/^Our sandbox answers this /);
    expect(ex.hintEn).toMatch(cme);
    expect(ex.hintZh).toMatch(/^本地沙箱/);
    expect(ex.hintZh).toMatch(/CME (未记录|只在服务端 API（API 3\.0）中记录)/);
  });
});
