import { describe, expect, it } from 'vitest';
import { ERROR_ROWS } from '../../lib/cme/error-data';
import { explainError, isAuthFailure } from '../../lib/cme/errors';

// Our own copy of the codes the source list (error-codes.json) holds, so the data cannot silently lose one.
const SOURCE_CODES = [
  'Success',
  'SignatureVerifyFail',
  'InvalidParameterValue.Platform',
  'InvalidParameterValue.MaterialId',
  'OperationDenied.PermissionDeny',
  'InvalidParameterValue',
  'ResourceNotFound',
  'InvalidParameterValue.UploadContext',
  'InternalError',
  'InvalidParameterValue.Limit',
  'InvalidParameterValue.ProjectId',
  'AuthFailure.SessionInvalid',
  'AuthFailure',
  'FailedOperation',
  'FailedOperation.CreateRecordTask',
  'FailedOperation.InvalidVodUser',
  'FailedOperation.RecordNotSupport',
  'FailedOperation.StreamConnect',
  'FailedOperation.SwitcherOnWorking',
  'InternalError.CreateTask',
  'InvalidParameter',
  'InvalidParameter.Platform',
  'InvalidParameterValue.AspectRatio',
  'InvalidParameterValue.AspectRatioSet',
  'InvalidParameterValue.Category',
  'InvalidParameterValue.CategorySet',
  'InvalidParameterValue.ClassExist',
  'InvalidParameterValue.ClassNotEmpty',
  'InvalidParameterValue.ClassNotExist',
  'InvalidParameterValue.ClassPath',
  'InvalidParameterValue.DataNotFoundInDB',
  'InvalidParameterValue.Definition',
  'InvalidParameterValue.DstClassPathNotExist',
  'InvalidParameterValue.ExportDestination',
  'InvalidParameterValue.ExtInfoInvalid',
  'InvalidParameterValue.ExternalMediaInfoNotExist',
  'InvalidParameterValue.Input',
  'InvalidParameterValue.MediaReplacementInfo',
  'InvalidParameterValue.MemberIds',
  'InvalidParameterValue.MemberNotExist',
  'InvalidParameterValue.Name',
  'InvalidParameterValue.NameLenLimt',
  'InvalidParameterValue.NotTeamMemberError',
  'InvalidParameterValue.Offset',
  'InvalidParameterValue.Operator',
  'InvalidParameterValue.OwnerId',
  'InvalidParameterValue.OwnerRemark',
  'InvalidParameterValue.OwnerType',
  'InvalidParameterValue.PreProcessDefinition',
  'InvalidParameterValue.ReplacementType',
  'InvalidParameterValue.Role',
  'InvalidParameterValue.SortOrder',
  'InvalidParameterValue.StreamConnect',
  'InvalidParameterValue.StreamConnectInputInvalid',
  'InvalidParameterValue.StreamConnectOutputInvalid',
  'InvalidParameterValue.StreamInput',
  'InvalidParameterValue.SwitcherProjectInput',
  'InvalidParameterValue.TaskId',
  'InvalidParameterValue.TeamId',
  'InvalidParameterValue.TeamNotExist',
  'InvalidParameterValue.ThirdyPartyPublishChannelId',
  'InvalidParameterValue.TrackData',
  'InvalidParameterValue.TrackItem',
  'InvalidParameterValue.VideoEditTemplateIdNotExist',
  'InvalidParameterValue.VodFileId',
  'InvalidParameterValue.VodFileNotExist',
  'InvalidParameterValue.VodSubAppid',
  'LimitExceeded',
  'LimitExceeded.BillItemLiveDispatchDuration',
  'LimitExceeded.BillItemLiveDispatchMaxCount',
  'LimitExceeded.BillItemStorage',
  'LimitExceeded.BillItemVideoEditExportDuration',
  'MissingParameter',
  'OperationDenied',
  'ResourceNotFound.Platform',
  'ResourceNotFound.PlatformNotFound',
  'UnauthorizedOperation',
];
const SANDBOX_CODES = [
  'SignatureExpired',
  'InvalidParameter.Action',
  'InvalidParameter.JsonParse',
  'LimitExceeded.RequestSize',
];

describe('error data', () => {
  it('holds the 86 source rows plus the 4 sandbox-defined codes', () => {
    expect(SOURCE_CODES).toHaveLength(77);
    expect(ERROR_ROWS).toHaveLength(90);
    expect(new Set(ERROR_ROWS.map((r) => r.code))).toEqual(new Set([...SOURCE_CODES, ...SANDBOX_CODES]));
  });

  it('has non-empty messages in both languages and a note on every row', () => {
    for (const r of ERROR_ROWS) {
      expect(r.messageZh.trim(), r.code).not.toBe('');
      expect(r.messageEn.trim(), r.code).not.toBe('');
      expect(r.note.trim(), r.code).not.toBe('');
    }
  });

  it('keeps one row per scope for codes seen in several scopes', () => {
    const scopesOf = (code: string) => ERROR_ROWS.filter((r) => r.code === code).map((r) => r.scope);
    expect(scopesOf('Success')).toEqual(['login', 'api']);
    expect(scopesOf('InvalidParameterValue.Platform')).toEqual(['login', 'server']);
    expect(scopesOf('InvalidParameterValue.MaterialId')).toEqual(['api', 'server']);
    expect(scopesOf('InternalError')).toEqual(['api', 'server']);
    const keys = ERROR_ROWS.map((r) => `${r.scope}:${r.code}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('marks the sandbox-defined codes as sandbox and says so', () => {
    for (const code of SANDBOX_CODES) {
      const rows = ERROR_ROWS.filter((r) => r.code === code);
      expect(
        rows.map((r) => r.scope),
        code,
      ).toEqual(['sandbox']);
      expect(rows[0]?.note).toMatch(/sandbox/i);
    }
  });
});

describe('explainError: known codes', () => {
  it.each([...SOURCE_CODES.filter((c) => c !== 'Success'), ...SANDBOX_CODES])('%s', (code) => {
    const e = explainError(code);
    expect(e?.code).toBe(code);
    expect(e?.known).toBe(true);
    expect(e?.messageZh).not.toBe('');
    expect(e?.messageEn).not.toBe('');
  });

  it.each([null, undefined, '', '   ', 'Success'])('returns null for %j', (code) => {
    expect(explainError(code)).toBeNull();
    expect(explainError(code, 'login')).toBeNull();
  });

  it.each<[string, 'login' | 'api' | undefined, string, string]>([
    ['InvalidParameterValue.Platform', 'login', 'login', 'platform not exist'],
    ['InvalidParameterValue.Platform', 'api', 'login', 'platform not exist'],
    ['InvalidParameterValue.Platform', undefined, 'login', 'platform not exist'],
    ['InvalidParameterValue.MaterialId', 'api', 'api', 'material not exist'],
    ['InvalidParameterValue.MaterialId', 'login', 'api', 'material not exist'],
    ['InternalError', undefined, 'api', 'system error'],
    ['SignatureVerifyFail', 'api', 'login', 'Signature Verify Fail'],
    ['SignatureExpired', 'login', 'sandbox', 'Signature expired'],
    ['InvalidParameterValue.TeamNotExist', 'api', 'server', 'Team does not exist'],
    ['MissingParameter', 'api', 'server', 'Missing parameter'],
  ])('%s asked as %s → the %s row', (code, scope, expectedScope, messageEn) => {
    const e = explainError(code, scope);
    expect(e?.scope).toBe(expectedScope);
    expect(e?.messageEn).toBe(messageEn);
  });

  it('uses the Chinese of the chosen row', () => {
    expect(explainError('InvalidParameterValue.MaterialId')?.messageZh).toBe('媒体不存在');
    expect(explainError('InvalidParameterValue.ProjectId')?.messageZh).toBe('项目不存在');
  });

  it('trims the code', () => {
    expect(explainError(' AuthFailure ')?.code).toBe('AuthFailure');
  });
});

describe('explainError: unknown codes by family', () => {
  it.each<[string, string, string, boolean]>([
    ['AuthFailure.TicketExpired', '鉴权失败（TicketExpired）', 'Authentication failed (TicketExpired)', true],
    ['InvalidParameterValue.ClassId', '参数 ClassId 的取值无效', 'The value of ClassId is invalid', false],
    ['InvalidParameter.Foo', '参数错误（Foo）', 'Invalid parameter (Foo)', false],
    ['ResourceNotFound.Task', '资源不存在（Task）', 'Resource not found (Task)', false],
    ['LimitExceeded.Frequency', '超过限制（Frequency）', 'Limit exceeded (Frequency)', false],
    ['OperationDenied.Locked', '操作被拒绝（Locked）', 'Operation denied (Locked)', false],
    ['InternalError.Db', '内部错误（Db）', 'Internal error (Db)', false],
    ['InternalErrorX', '内部错误', 'Internal error', false],
    ['FailedOperation.Export', '操作失败（Export）', 'Operation failed (Export)', false],
    ['MissingParameter.ProjectId', '缺少参数 ProjectId', 'Missing parameter ProjectId', false],
    ['UnauthorizedOperation.Cam', '未授权操作（Cam）', 'Unauthorized operation (Cam)', false],
    ['Weird', '未知错误码 Weird', 'Unknown error code Weird', false],
  ])('%s', (code, zh, en, auth) => {
    const e = explainError(code, 'login');
    expect(e).toMatchObject({
      code,
      messageZh: zh,
      messageEn: en,
      authFailure: auth,
      known: false,
      scope: 'login',
    });
  });

  it('defaults the scope of an unknown code to api', () => {
    expect(explainError('ResourceNotFound.Nope')?.scope).toBe('api');
  });
});

describe('explainError: hints', () => {
  const hint = (code: string) => explainError(code);

  it.each(['AuthFailure', 'AuthFailure.SessionInvalid', 'AuthFailure.Whatever'])(
    '%s → log in again',
    (code) => {
      expect(hint(code)?.hintEn).toMatch(/log in again/i);
      expect(hint(code)?.hintZh).toMatch(/重新登录/);
      expect(hint(code)?.authFailure).toBe(true);
    },
  );

  it('SignatureVerifyFail → key pairing, URL encoding, clock', () => {
    const e = hint('SignatureVerifyFail');
    expect(e?.hintEn).toMatch(/SecretKey/);
    expect(e?.hintEn).toMatch(/\+ \/ =/);
    expect(e?.hintEn).toMatch(/URL-encoded/);
    expect(e?.hintEn).toMatch(/clock/);
    expect(e?.hintZh).toMatch(/URL 编码/);
    expect(e?.authFailure).toBe(false);
  });

  it('SignatureExpired → sign again, check the clock', () => {
    expect(hint('SignatureExpired')?.hintEn).toMatch(/sign again.*clock/i);
    expect(hint('SignatureExpired')?.hintZh).toMatch(/重新签名/);
  });

  it.each([
    'InvalidParameterValue.Platform',
    'InvalidParameter.Platform',
    'ResourceNotFound.Platform',
    'ResourceNotFound.PlatformNotFound',
  ])('%s → check the platform name', (code) => {
    expect(hint(code)?.hintEn).toMatch(/platform name/);
    expect(hint(code)?.hintZh).toMatch(/平台名称/);
  });

  it.each([
    'InvalidParameterValue.MaterialId',
    'InvalidParameterValue.ProjectId',
    'InvalidParameterValue.TaskId',
    'InvalidParameterValue.ClassNotExist',
  ])('%s → the id does not exist for this platform/owner', (code) => {
    expect(hint(code)?.hintEn).toMatch(/does not exist for this platform or owner/);
    expect(hint(code)?.hintZh).toMatch(/不存在/);
  });

  it('InvalidParameterValue.Limit → maximum page size', () => {
    expect(hint('InvalidParameterValue.Limit')?.hintEn).toMatch(/maximum page size/);
  });

  it('OperationDenied.PermissionDeny → permission on the PERSON/TEAM owner', () => {
    expect(hint('OperationDenied.PermissionDeny')?.hintEn).toMatch(/permission on the owner.*PERSON or TEAM/);
    expect(hint('OperationDenied.PermissionDeny')?.hintZh).toMatch(/TEAM/);
  });

  it.each(['InternalError', 'InternalError.CreateTask', 'InternalError.Unseen'])(
    '%s → retry, RequestId',
    (code) => {
      expect(hint(code)?.hintEn).toMatch(/retry.*RequestId/i);
      expect(hint(code)?.hintZh).toMatch(/RequestId/);
    },
  );

  it.each(['InvalidParameterValue.Category', 'ResourceNotFound', 'Weird'])('%s → no hint', (code) => {
    expect(hint(code)).toMatchObject({ hintZh: null, hintEn: null });
  });
});

describe('isAuthFailure', () => {
  it.each<[string | null | undefined, boolean]>([
    ['AuthFailure', true],
    ['AuthFailure.SessionInvalid', true],
    ['AuthFailure.SignatureExpire', true],
    ['AuthFailureX', false],
    ['authfailure', false],
    ['SignatureVerifyFail', false],
    ['UnauthorizedOperation', false],
    ['InvalidParameterValue.Platform', false],
    ['', false],
    [null, false],
    [undefined, false],
  ])('%j → %s', (code, expected) => {
    expect(isAuthFailure(code)).toBe(expected);
  });
});
