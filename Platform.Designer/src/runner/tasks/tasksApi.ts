// The task inbox's view of the tasks API (docs/workflows.md, "Human tasks and approvals").
import { api } from '../../shared/api';

export type TaskAction = 'approve' | 'reject' | 'return' | 'transfer' | 'addApprover' | 'comment' | 'complete';

export interface TaskItem {
  id: string;
  app: string;
  workflow: string;
  kind: 'task' | 'approval';
  title: string;
  model?: string | null;
  recordId?: string | null;
  mode: string;
  step: number;
  stepCount: number;
  stepName?: string | null;
  status: 'open' | 'completed' | 'cancelled';
  outcome?: string | null;
  dueAt?: string | null;
  overdue: boolean;
  escalated: boolean;
  createdAt: string;
  completedAt?: string | null;
}

export interface TaskDetail extends TaskItem {
  assignees: { userId: string; state: string; onBehalfOf?: string | null }[];
  actions: { userId: string; action: string; comment?: string | null; files?: { id: string; name: string }[] | null; to?: string | null; at: string }[];
  record?: Record<string, unknown> | null;
}

export interface TaskList {
  items: TaskItem[];
  counts: { open: number; overdue: number; done: number };
}

export interface CompleteBody {
  action: TaskAction;
  comment?: string;
  to?: string | number;
  files?: string[];
}

/** What the inbox needs from the server; tests hand in their own. */
export interface TasksClient {
  list(status: 'open' | 'done'): Promise<TaskList>;
  get(id: string): Promise<TaskDetail>;
  complete(id: string, body: CompleteBody): Promise<TaskDetail>;
}

export const tasksClient: TasksClient = {
  list: (status) => api<TaskList>(`/api/tasks?assignee=me&status=${status}`),
  get: (id) => api<TaskDetail>(`/api/tasks/${encodeURIComponent(id)}`),
  complete: (id, body) => api<TaskDetail>(`/api/tasks/${encodeURIComponent(id)}/complete`, { method: 'POST', json: body }),
};

/** The actions offered on a task: none once it is decided; returning needs an earlier step (0 = the submitter). */
export function availableActions(task: Pick<TaskItem, 'kind' | 'status'>): TaskAction[] {
  if (task.status !== 'open') return [];
  return task.kind === 'approval' ? ['approve', 'reject', 'return', 'transfer', 'addApprover'] : ['complete', 'transfer'];
}

/** The steps a return may go back to: 0 (the submitter) up to the step before this one. */
export function returnSteps(task: Pick<TaskItem, 'step'>): number[] {
  return Array.from({ length: Math.max(0, task.step) }, (_, i) => i);
}

/** The record's own fields, without the platform's bookkeeping columns. */
export function recordFields(record: Record<string, unknown> | null | undefined): [string, unknown][] {
  const system = new Set(['id', 'rowVersion', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deletedAt', 'owner', 'department']);
  return Object.entries(record ?? {}).filter(([k]) => !system.has(k));
}

/** Actions that need a comment (a rejection says why) or a target user. */
export function problemOf(action: TaskAction, comment: string, to: string): 'commentRequired' | 'targetRequired' | null {
  if (action === 'reject' && comment.trim() === '') return 'commentRequired';
  if ((action === 'transfer' || action === 'addApprover') && to.trim() === '') return 'targetRequired';
  return null;
}
