/**
 * Media processing and AI results of the sandbox: ProcessMaterial (starts a task whose results appear when it
 * finishes), frame-tag CRUD and the Describe*InMaterial read-outs.
 */
import { fail, invented, success, type Failure } from '../answers';
import { isoTime, randomHex, type AiResults, type FrameTagItem, type MaterialRecord } from '../model';
import { makeAiResults } from '../seed';
import { bool, isFailure, num, str, strList, type ActionContext, type Handler } from './context';
import { findMaterial } from './material';

/** How long a ProcessMaterial task runs before its results can be read. */
export const PROCESS_MS = 2000;

function readyAi(m: MaterialRecord, nowMs: number): AiResults | null {
  return m.ai && (m.ai.readyAt ?? 0) <= nowMs ? m.ai : null;
}

function noIndex(kind: string): Failure {
  const out = fail(
    'ResourceNotFound',
    `The media has no ${kind} results yet: run ProcessMaterial first.`,
    `该媒体没有${kind}识别结果，请先调用 ProcessMaterial。`,
  );
  // The docs' own EnglishMessage for this case.
  out.docEnglish = `resource not found: no ${kind} index`;
  return out;
}

function noTags(): Failure {
  return invented(
    fail('InvalidParameterValue', 'Tags must not be empty', 'Tags 不能为空'),
    'Tags not empty',
    'The docs do not say how CME answers an empty Tags; the sandbox refuses it.',
    '文档未说明 Tags 为空时如何返回；沙箱拒绝。',
  );
}

function readWindow(ctx: ActionContext): { start: number; end: number } | Failure {
  const start = num(ctx.body, 'StartTimeOffset') ?? 0;
  const end = num(ctx.body, 'EndTimeOffset') ?? 0;
  if (start < 0 || end < 0) {
    return invented(
      fail('InvalidParameterValue', 'time offsets must be ≥ 0', '时间偏移须 ≥ 0'),
      'time offsets >= 0',
      'The docs do not say how CME answers a negative time offset; the sandbox refuses it.',
      '文档未说明时间偏移为负时如何返回；沙箱拒绝。',
    );
  }
  if (start > end) {
    const out = fail(
      'InvalidParameterValue',
      'StartTimeOffset is after EndTimeOffset.',
      '开始时间大于结束时间。',
    );
    // The doc's own EnglishMessage for this case (AddMaterialFrameTag).
    out.docEnglish = 'starttime bigger than endtime';
    return out;
  }
  return { start, end };
}

function overlaps<T extends { StartTimeOffset: number; EndTimeOffset: number }>(w: {
  start: number;
  end: number;
}) {
  return (x: T): boolean => x.EndTimeOffset >= w.start && x.StartTimeOffset <= w.end;
}

function lastOffset(items: { EndTimeOffset: number }[]): number {
  return items.length === 0 ? -1 : Math.max(...items.map((i) => i.EndTimeOffset));
}

/** The Version a frame-tag write must carry: the results' version, or `manual` for purely manual tags. */
function checkVersion(m: MaterialRecord, ctx: ActionContext): Failure | null {
  const version = str(ctx.body, 'Version') ?? '';
  const ai = readyAi(m, ctx.nowMs);
  if (version === 'manual' || (ai !== null && version === ai.version)) return null;
  const expected = ai ? `"${ai.version}" or "manual"` : '"manual" (the media has no AI frame tags yet)';
  return fail(
    'InvalidParameterValue',
    `Version "${version}" does not match; expected ${expected}`,
    `Version「${version}」不匹配`,
  );
}

const processMaterial: Handler = async (ctx) => {
  const m = findMaterial(ctx, str(ctx.body, 'MaterialId') ?? '');
  if (isFailure(m)) return m;
  const definition = num(ctx.body, 'Definition');
  if (definition !== 20 && definition !== 30) {
    return fail(
      'InvalidParameterValue.Definition',
      `Definition must be 20 (all AI tasks) or 30 (subtitles), got ${definition}`,
      'Definition 须为 20 或 30',
    );
  }
  if (m.MaterialType !== 'VIDEO' && m.MaterialType !== 'AUDIO') {
    return invented(
      fail(
        'InvalidParameterValue',
        `only VIDEO or AUDIO media can be processed, this one is ${m.MaterialType}`,
        `只能处理 VIDEO 或 AUDIO 媒体，此媒体为 ${m.MaterialType}`,
      ),
      'only VIDEO/AUDIO processed',
      'The docs do not say which media types ProcessMaterial accepts; the sandbox refuses images and stickers.',
      '文档未说明 ProcessMaterial 接受哪些媒体类型；沙箱拒绝图片和贴纸。',
    );
  }
  const badSign = await ctx.verifySign(str(ctx.body, 'VerifySign') ?? '');
  if (badSign) return badSign;
  const manual = (m.ai?.frameTags ?? []).filter((t) => t.Manual);
  const results = makeAiResults(m.Duration, definition === 20);
  results.readyAt = ctx.nowMs + PROCESS_MS;
  if (manual.length > 0) results.frameTags = [...(results.frameTags ?? []), ...manual];
  m.ai = results;
  const taskId = randomHex(12);
  ctx.p.tasks.push({
    TaskId: taskId,
    TaskType: 'MATERIAL_PROCESS',
    UserId: ctx.userId,
    ProjectId: '',
    ProjectName: '',
    MaterialId: m.MaterialId,
    StartedAt: ctx.nowMs,
    DurationMs: PROCESS_MS,
    CreateTime: isoTime(ctx.nowMs),
  });
  return success({ TaskId: taskId });
};

const addFrameTag: Handler = (ctx) => {
  const m = findMaterial(ctx, str(ctx.body, 'MaterialId') ?? '');
  if (isFailure(m)) return m;
  const w = readWindow(ctx);
  if (isFailure(w)) return w;
  // Frame tags have no documented count or length limit (only a media item's Tags do), so none is checked.
  const tags = strList(ctx.body, 'Tags') ?? [];
  if (tags.length === 0) return noTags();
  const badVersion = checkVersion(m, ctx);
  if (badVersion) return badVersion;
  const ai = m.ai ?? (m.ai = { version: 'manual' });
  const item: FrameTagItem = {
    ItemId: randomHex(8),
    StartTimeOffset: w.start,
    EndTimeOffset: w.end,
    Tags: tags,
    Manual: true,
  };
  (ai.frameTags ??= []).push(item);
  return success({ ItemId: item.ItemId });
};

function findItem(m: MaterialRecord, ctx: ActionContext): FrameTagItem | Failure {
  const id = str(ctx.body, 'ItemId') ?? '';
  const item = m.ai?.frameTags?.find((t) => t.ItemId === id);
  return item ?? fail('ResourceNotFound', `no frameTag item "${id}"`, `帧标签条目 ${id} 不存在`);
}

const modifyFrameTag: Handler = (ctx) => {
  const m = findMaterial(ctx, str(ctx.body, 'MaterialId') ?? '');
  if (isFailure(m)) return m;
  const item = findItem(m, ctx);
  if (isFailure(item)) return item;
  const badVersion = checkVersion(m, ctx);
  if (badVersion) return badVersion;
  const tags = strList(ctx.body, 'Tags') ?? [];
  if (tags.length === 0) return noTags();
  item.Tags = tags;
  item.Manual = true;
  return success();
};

const deleteFrameTag: Handler = (ctx) => {
  const m = findMaterial(ctx, str(ctx.body, 'MaterialId') ?? '');
  if (isFailure(m)) return m;
  const item = findItem(m, ctx);
  if (isFailure(item)) return item;
  const badVersion = checkVersion(m, ctx);
  if (badVersion) return badVersion;
  if (m.ai?.frameTags) m.ai.frameTags = m.ai.frameTags.filter((t) => t !== item);
  return success();
};

const describeFrameTag: Handler = (ctx) => {
  const m = findMaterial(ctx, str(ctx.body, 'MaterialId') ?? '');
  if (isFailure(m)) return m;
  const w = readWindow(ctx);
  if (isFailure(w)) return w;
  const ready = readyAi(m, ctx.nowMs) !== null;
  const all = m.ai?.frameTags;
  // Until processing finishes only the manual tags are visible.
  const visible = all?.filter((t) => ready || t.Manual);
  if (!m.ai || !visible || (!ready && visible.length === 0)) return noIndex('frameTag');
  const onlyManual = bool(ctx.body, 'OnlyManual') === true;
  const set = visible.filter(overlaps(w)).filter((t) => !onlyManual || t.Manual);
  return success({
    FrameTagInfo: {
      Version: ready ? m.ai.version : 'manual',
      FrameTagSet: set.map((t) => ({
        ItemId: t.ItemId,
        StartTimeOffset: t.StartTimeOffset,
        EndTimeOffset: t.EndTimeOffset,
        Tags: [...t.Tags],
      })),
      LastTimeOffset: lastOffset(set),
    },
  });
};

const describeFaces: Handler = (ctx) => {
  const m = findMaterial(ctx, str(ctx.body, 'MaterialId') ?? '');
  if (isFailure(m)) return m;
  const ai = readyAi(m, ctx.nowMs);
  if (!ai?.faces) return noIndex('face');
  return success({ FaceInfo: { Version: ai.version, FaceSet: ai.faces } });
};

const describeSubtitle: Handler = (ctx) => {
  const m = findMaterial(ctx, str(ctx.body, 'MaterialId') ?? '');
  if (isFailure(m)) return m;
  const w = readWindow(ctx);
  if (isFailure(w)) return w;
  const ai = readyAi(m, ctx.nowMs);
  if (!ai?.subtitles) return noIndex('asr');
  const set = ai.subtitles.filter(overlaps(w));
  return success({
    SubtitleInfo: { Version: ai.version, SubtitleSet: set, LastTimeOffset: lastOffset(set) },
  });
};

const describeText: Handler = (ctx) => {
  const m = findMaterial(ctx, str(ctx.body, 'MaterialId') ?? '');
  if (isFailure(m)) return m;
  const w = readWindow(ctx);
  if (isFailure(w)) return w;
  const ai = readyAi(m, ctx.nowMs);
  if (!ai?.texts) return noIndex('ocr');
  const set = ai.texts.filter(overlaps(w));
  return success({ TextInfo: { Version: ai.version, TextSet: set, LastTimeOffset: -1 } });
};

const describeObjects: Handler = (ctx) => {
  const m = findMaterial(ctx, str(ctx.body, 'MaterialId') ?? '');
  if (isFailure(m)) return m;
  const ai = readyAi(m, ctx.nowMs);
  if (!ai?.objects) return noIndex('object');
  return success({ ObjectInfo: { Version: ai.version, ObjectSet: ai.objects } });
};

/** Handlers of processing and AI-result actions, by action name. */
export const AI_HANDLERS: Record<string, Handler> = {
  ProcessMaterial: processMaterial,
  AddMaterialFrameTag: addFrameTag,
  ModifyMaterialFrameTag: modifyFrameTag,
  DeleteMaterialFrameTag: deleteFrameTag,
  DescribeMaterialFrameTag: describeFrameTag,
  DescribeFaceInMaterial: describeFaces,
  DescribeMaterialSubtitle: describeSubtitle,
  DescribeTextInMaterial: describeText,
  DescribeObjectInMaterial: describeObjects,
};
