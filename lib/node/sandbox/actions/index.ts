/**
 * Every client API handler of the sandbox by action name (names are unique across action classes).
 */
import { AI_HANDLERS } from './ai';
import { CLASS_HANDLERS } from './class';
import type { Handler } from './context';
import { MATERIAL_HANDLERS } from './material';
import { PROJECT_HANDLERS } from './project';
import { SEARCH_HANDLERS } from './search';
import { TEAM_TASK_HANDLERS } from './team';
import { UPLOAD_HANDLERS } from './upload';

export type { ActionContext, Handler } from './context';

/** The built-in handlers, one per catalogued action. */
export function builtinHandlers(): Map<string, Handler> {
  return new Map(
    Object.entries({
      ...MATERIAL_HANDLERS,
      ...SEARCH_HANDLERS,
      ...AI_HANDLERS,
      ...CLASS_HANDLERS,
      ...UPLOAD_HANDLERS,
      ...PROJECT_HANDLERS,
      ...TEAM_TASK_HANDLERS,
    }),
  );
}
