/**
 * Upload actions of the sandbox: CreateUploadMaterial (checks VerifySign, hands out an UploadContext) and
 * FinishUploadMaterial (turns that context and a VOD file ID into a media item).
 */
import { Buffer } from 'node:buffer';
import { fail, invented, success } from '../answers';
import { canAccess, isoTime, randomHex } from '../model';
import { makeMaterial } from '../seed';
import { isFailure, num, readOwnerWithAccess, str, type Handler } from './context';
import { emptyName } from './material';
import { findClass } from './views';

const MATERIAL_TYPES = ['VIDEO', 'AUDIO', 'IMAGE', 'STICKER', 'EFFECT_VIDEO'];
// Pending uploads kept; past it the oldest context is forgotten (then answered InvalidParameterValue.UploadContext).
const MAX_PENDING = 1000;

// Plausible metadata for an uploaded file of each type (the sandbox never sees the file itself).
const UPLOAD_META: Record<string, { Duration: number; Width: number; Height: number; Size: number }> = {
  VIDEO: { Duration: 15, Width: 1920, Height: 1080, Size: 12582912 },
  EFFECT_VIDEO: { Duration: 3, Width: 1280, Height: 720, Size: 1048576 },
  AUDIO: { Duration: 30, Width: 0, Height: 0, Size: 983040 },
  IMAGE: { Duration: 0, Width: 1920, Height: 1080, Size: 524288 },
  STICKER: { Duration: 0, Width: 512, Height: 512, Size: 65536 },
};

const createUpload: Handler = async (ctx) => {
  const owner = readOwnerWithAccess(ctx);
  if (isFailure(owner)) return owner;
  const classId = num(ctx.body, 'ClassId') ?? 0;
  const type = str(ctx.body, 'MaterialType') ?? '';
  const name = str(ctx.body, 'Name') ?? '';
  if (!findClass(ctx.p, owner, classId)) {
    return fail(
      'InvalidParameterValue.ClassNotExist',
      `ClassId ${classId} does not exist for this owner`,
      `ClassId ${classId} 在该归属者下不存在`,
    );
  }
  if (!MATERIAL_TYPES.includes(type)) {
    // The documented values; the Code is not in any docs (the answer marks it).
    return fail(
      'InvalidParameterValue.MaterialType',
      `MaterialType must be one of ${MATERIAL_TYPES.join(', ')}, got "${type}"`,
      `MaterialType 须为 ${MATERIAL_TYPES.join(' | ')} 之一`,
    );
  }
  if (name.trim() === '') return emptyName();
  const badSign = await ctx.verifySign(str(ctx.body, 'VerifySign') ?? '');
  if (badSign) return badSign;
  const context = `uc_${randomHex(16)}`;
  // Abandoned uploads must not grow the state without bound.
  if (ctx.p.uploads.length >= MAX_PENDING) ctx.p.uploads.shift();
  ctx.p.uploads.push({
    UploadContext: context,
    ClassId: classId,
    MaterialType: type,
    Name: name,
    Owner: owner,
    CreateTime: isoTime(ctx.nowMs),
  });
  const vodSign = Buffer.from(
    `sandbox-vod-upload-sign&context=${context}&t=${Math.floor(ctx.nowMs / 1000)}`,
  ).toString('base64');
  return success({ UploadContext: context, VodUploadSign: vodSign, QuickUpload: false });
};

const finishUpload: Handler = (ctx) => {
  const context = str(ctx.body, 'UploadContext') ?? '';
  const vodFileId = str(ctx.body, 'VodFileId') ?? '';
  const upload = ctx.p.uploads.find((u) => u.UploadContext === context);
  if (!upload || !canAccess(ctx.p, ctx.userId, upload.Owner)) {
    return fail(
      'InvalidParameterValue.UploadContext',
      `UploadContext "${context}" is unknown or already used`,
      `UploadContext「${context}」未知或已使用`,
    );
  }
  if (vodFileId.trim() === '') {
    return invented(
      fail('InvalidParameterValue', 'VodFileId must not be empty', 'VodFileId 不能为空'),
      'VodFileId not empty',
      'The docs do not say how CME answers an empty VodFileId; the sandbox refuses it.',
      '文档未说明 VodFileId 为空时如何返回；沙箱拒绝。',
    );
  }
  ctx.p.uploads = ctx.p.uploads.filter((u) => u !== upload);
  // The category may have been deleted meanwhile; the media then lands in the owner's root.
  const classId = findClass(ctx.p, upload.Owner, upload.ClassId) ? upload.ClassId : 0;
  const meta = UPLOAD_META[upload.MaterialType] ?? UPLOAD_META.VIDEO!;
  const m = makeMaterial({
    Name: upload.Name,
    MaterialType: upload.MaterialType,
    ClassId: classId,
    Owner: upload.Owner,
    nowMs: ctx.nowMs,
    VodFileId: vodFileId,
    ...meta,
  });
  ctx.p.materials.push(m);
  return success({ MaterialId: m.MaterialId });
};

/** Handlers of the upload actions, by action name. */
export const UPLOAD_HANDLERS: Record<string, Handler> = {
  CreateUploadMaterial: createUpload,
  FinishUploadMaterial: finishUpload,
};
