/**
 * Team (团队) and task (任务) actions of the sandbox: DescribeTeams, DescribeJoinTeams, DescribeTasks, DeleteTask.
 */
import { fail, invented, success } from '../answers';
import { isFailure, obj, readPage, ruleNote, sortBy, str, strList, type Handler } from './context';
import { taskInfo, taskProgress } from './views';

const describeTeams: Handler = (ctx) => {
  const page = readPage(ctx.body, 20, 30);
  if (isFailure(page)) return page;
  const ids = strList(ctx.body, 'TeamIds');
  const teams = ids && ids.length > 0 ? ctx.p.teams.filter((t) => ids.includes(t.TeamId)) : ctx.p.teams;
  const unknown = (ids ?? []).filter((id) => !ctx.p.teams.some((t) => t.TeamId === id));
  if (unknown.length > 0) {
    ctx.mark(
      ruleNote(
        'unknown TeamIds left out',
        'Unknown TeamIds are left out of TeamSet; the docs do not say how CME answers them.',
        '未知的 TeamIds 未列入 TeamSet；文档未说明 CME 如何返回。',
      ),
    );
  }
  return success({
    TotalCount: teams.length,
    TeamSet: teams.slice(page.offset, page.offset + page.limit).map((t) => ({
      TeamId: t.TeamId,
      Name: t.Name,
      MemberCount: t.Members.length,
      CreateTime: t.CreateTime,
      UpdateTime: t.UpdateTime,
    })),
  });
};

const describeJoinTeams: Handler = (ctx) => {
  const page = readPage(ctx.body, 20, 30);
  if (isFailure(page)) return page;
  const joined = ctx.p.teams.filter((t) => t.Members.some((m) => m.MemberId === ctx.userId));
  return success({
    TotalCount: joined.length,
    TeamSet: joined.slice(page.offset, page.offset + page.limit).map((t) => ({
      TeamId: t.TeamId,
      Name: t.Name,
      MemberCount: t.Members.length,
      Role: t.Members.find((m) => m.MemberId === ctx.userId)?.Role ?? 'Member',
    })),
  });
};

/**
 * DescribeTasks. The docs give ResourceNotFound as its failure but not what triggers it. Our choice: asked-for
 * TaskIds the user has no task for are left out of TaskInfoSet, marked; --strict answers the documented
 * top-level ResourceNotFound instead. Limit: the documented maximum 30 (the default 20 is ours).
 */
const describeTasks: Handler = (ctx) => {
  const page = readPage(ctx.body, 20, 30);
  if (isFailure(page)) return page;
  const b = ctx.body;
  const projectName = str(b, 'ProjectName');
  const projectId = str(b, 'ProjectId');
  const materialId = str(b, 'MaterialId');
  const ids = strList(b, 'TaskIds') ?? [];
  const types = strList(b, 'TaskTypeSet') ?? [];
  const statuses = strList(b, 'StatusSet') ?? [];
  const tasks = ctx.p.tasks.filter(
    (t) =>
      t.UserId === ctx.userId &&
      (!projectName || t.ProjectName.includes(projectName)) &&
      (!projectId || t.ProjectId === projectId) &&
      (!materialId || t.MaterialId === materialId) &&
      (ids.length === 0 || ids.includes(t.TaskId)) &&
      (types.length === 0 || types.includes(t.TaskType)) &&
      (statuses.length === 0 || statuses.includes(taskProgress(t, ctx.nowMs).Status)),
  );
  const missing = [...new Set(ids)].filter(
    (id) => !ctx.p.tasks.some((t) => t.TaskId === id && t.UserId === ctx.userId),
  );
  if (missing.length > 0) {
    const which = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ', …' : '');
    if (ctx.strict) {
      return invented(
        fail('ResourceNotFound', `No task ${which} for this user.`, `该用户没有任务 ${which}。`),
        'DescribeTasks top-level ResourceNotFound',
        "The docs give ResourceNotFound as DescribeTasks' failure without saying what triggers it; --strict answers it when an asked-for TaskId is unknown.",
        '文档给出 DescribeTasks 的失败码 ResourceNotFound，但未说明触发条件；--strict 在所查 TaskId 不存在时返回它。',
      );
    }
    ctx.mark(
      ruleNote(
        'unknown TaskIds left out',
        `The asked-for TaskIds ${which} are unknown and left out of TaskInfoSet; the docs do not say whether CME does that or answers ResourceNotFound (--strict answers ResourceNotFound).`,
        `所查的 TaskIds ${which} 不存在，未列入 TaskInfoSet；文档未说明 CME 是如此还是返回 ResourceNotFound（--strict 返回 ResourceNotFound）。`,
      ),
    );
  }
  const sorted = sortBy(tasks, obj(b, 'Sort'));
  return success({
    TotalCount: sorted.length,
    TaskInfoSet: sorted.slice(page.offset, page.offset + page.limit).map((t) => taskInfo(t, ctx.nowMs)),
  });
};

const deleteTask: Handler = (ctx) => {
  const id = str(ctx.body, 'TaskId') ?? '';
  const task = ctx.p.tasks.find((t) => t.TaskId === id && t.UserId === ctx.userId);
  if (!task) return fail('ResourceNotFound', `no task "${id}"`, `任务 ${id} 不存在`);
  ctx.p.tasks = ctx.p.tasks.filter((t) => t !== task);
  return success();
};

/** Handlers of the team and task actions, by action name. */
export const TEAM_TASK_HANDLERS: Record<string, Handler> = {
  DescribeTeams: describeTeams,
  DescribeJoinTeams: describeJoinTeams,
  DescribeTasks: describeTasks,
  DeleteTask: deleteTask,
};
