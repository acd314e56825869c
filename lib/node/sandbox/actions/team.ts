/**
 * Team (团队) and task (任务) actions of the sandbox: DescribeTeams, DescribeJoinTeams, DescribeTasks, DeleteTask.
 */
import { fail, success } from '../answers';
import { isFailure, obj, readPage, sortBy, str, strList, type Handler } from './context';
import { taskInfo, taskProgress } from './views';

const describeTeams: Handler = (ctx) => {
  const page = readPage(ctx.body, 20, 30);
  if (isFailure(page)) return page;
  const ids = strList(ctx.body, 'TeamIds');
  const teams = ids && ids.length > 0 ? ctx.p.teams.filter((t) => ids.includes(t.TeamId)) : ctx.p.teams;
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
