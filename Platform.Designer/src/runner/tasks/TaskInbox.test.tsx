import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render as renderBare, screen, waitFor } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import type { ReactElement } from 'react';
import '../../shared/i18n';
import { ApiError } from '../../shared/api';
import { TaskInbox } from './TaskInbox';
import { availableActions, returnSteps, type CompleteBody, type TaskDetail, type TasksClient } from './tasksApi';
import zhTexts from '../../shared/locales/zh-CN.json';
import enTexts from '../../shared/locales/en.json';
import { antdInJsdom } from '../../shared/antdInJsdom';

// Rendering antd under jsdom takes seconds on a busy machine.
vi.setConfig({ testTimeout: 60000 });

beforeAll(antdInJsdom);

afterEach(cleanup);

// As in App.tsx: antd would otherwise show "同 意" for two-character buttons.
const render = (ui: ReactElement) => renderBare(<ConfigProvider button={{ autoInsertSpace: false }}>{ui}</ConfigProvider>);

function approvalTask(over: Partial<TaskDetail> = {}): TaskDetail {
  return {
    id: 't1', app: 'crm', workflow: 'stage-gate', kind: 'approval', title: '阶段推进审批', model: 'opportunity', recordId: 'r1',
    mode: 'sequential', step: 2, stepCount: 2, stepName: '主管', status: 'open', overdue: true, escalated: false,
    createdAt: '2026-11-20T09:00:00Z', dueAt: '2026-11-23T09:00:00Z',
    assignees: [{ userId: 'lead', state: 'pending' }],
    actions: [{ userId: 'rep', action: 'comment', comment: '请审批', files: [{ id: 'f1', name: '方案.pdf' }], at: '2026-11-20T09:00:00Z' }],
    record: { id: 'r1', rowVersion: 3, name: '华东光伏项目', stage: '方案报价' },
    ...over,
  };
}

/** An in-memory stand-in for the server that records what the inbox sends. */
function fakeClient(task: TaskDetail, failWith?: ApiError) {
  const sent: CompleteBody[] = [];
  const client: TasksClient = {
    list: async (status) =>
      status === 'open' && task.status === 'open'
        ? { items: [task], counts: { open: 1, overdue: task.overdue ? 1 : 0, done: 4 } }
        : { items: [], counts: { open: 0, overdue: 0, done: 5 } },
    get: async () => task,
    complete: async (_id, body) => {
      if (failWith) throw failWith;
      sent.push(body);
      task = { ...task, status: 'completed', outcome: body.action === 'approve' ? 'approved' : body.action };
      return task;
    },
  };
  return { client, sent };
}

describe('task inbox', () => {
  it('lists my tasks with counts and shows the record and history of the one I open', async () => {
    const { client } = fakeClient(approvalTask());
    render(<TaskInbox client={client} />);
    await waitFor(() => expect(screen.getByTestId('count-open').textContent).toBe('待办 (1)'));
    expect(screen.getByTestId('count-done').textContent).toBe('已办 (4)');
    expect(screen.getByTestId('count-overdue').textContent).toBe('超时 1');
    fireEvent.click(screen.getByText('阶段推进审批'));
    await waitFor(() => expect(screen.getByTestId('task-detail')).toBeTruthy());
    expect(screen.getByText('华东光伏项目')).toBeTruthy();
    expect(screen.queryByText('rowVersion')).toBeNull();
    expect(screen.getByText('方案.pdf').getAttribute('href')).toBe('/api/files/f1');
    expect(screen.getAllByText('第 2/2 步').length).toBeGreaterThan(0);
  });

  it('approves with the comment typed and then offers no more actions', async () => {
    const { client, sent } = fakeClient(approvalTask());
    render(<TaskInbox client={client} initialTaskId="t1" />);
    await waitFor(() => expect(screen.getByTestId('task-detail')).toBeTruthy());
    fireEvent.change(screen.getByLabelText('审批意见'), { target: { value: '同意推进' } });
    fireEvent.click(screen.getByText('同意'));
    await waitFor(() => expect(sent).toEqual([{ action: 'approve', comment: '同意推进', to: undefined }]));
    await waitFor(() => expect(screen.queryByText('驳回')).toBeNull());
    expect(screen.getByText('已完成')).toBeTruthy();
  });

  it('refuses a rejection without a comment before sending, and returns to the previous step by default', async () => {
    const { client, sent } = fakeClient(approvalTask());
    render(<TaskInbox client={client} initialTaskId="t1" />);
    await waitFor(() => expect(screen.getByTestId('task-detail')).toBeTruthy());
    fireEvent.click(screen.getByText('驳回'));
    expect((await screen.findByRole('alert')).textContent).toContain('驳回需要填写意见');
    expect(sent).toEqual([]);
    fireEvent.change(screen.getByLabelText('审批意见'), { target: { value: '补充报价单' } });
    fireEvent.click(screen.getByText('退回'));
    await waitFor(() => expect(sent).toEqual([{ action: 'return', comment: '补充报价单', to: 1 }]));
  });

  it('transfers to the user typed and shows the server refusal when someone else was faster', async () => {
    const { client, sent } = fakeClient(approvalTask());
    render(<TaskInbox client={client} initialTaskId="t1" />);
    await waitFor(() => expect(screen.getByTestId('task-detail')).toBeTruthy());
    fireEvent.change(screen.getByLabelText('转交/加签给（用户名）'), { target: { value: 'director' } });
    fireEvent.click(screen.getByText('转交'));
    await waitFor(() => expect(sent).toEqual([{ action: 'transfer', comment: undefined, to: 'director' }]));

    cleanup();
    const late = fakeClient(approvalTask(), new ApiError(409, { title: 'This task is already completed (approved); it cannot be completed again.' }));
    render(<TaskInbox client={late.client} initialTaskId="t1" />);
    await waitFor(() => expect(screen.getByTestId('task-detail')).toBeTruthy());
    fireEvent.click(screen.getByText('同意'));
    expect((await screen.findByRole('alert')).textContent).toContain('cannot be completed again');
  });

  it('offers actions by kind and status, and returns only to earlier steps', () => {
    expect(availableActions({ kind: 'approval', status: 'open' })).toEqual(['approve', 'reject', 'return', 'transfer', 'addApprover']);
    expect(availableActions({ kind: 'task', status: 'open' })).toEqual(['complete', 'transfer']);
    expect(availableActions({ kind: 'approval', status: 'completed' })).toEqual([]);
    expect(returnSteps({ step: 3 })).toEqual([0, 1, 2]);
  });
});

describe('task inbox texts', () => {
  it('has every tasks.* text in Chinese and English', () => {
    const zh = zhTexts as { tasks: object };
    const en = enTexts as { tasks: object };
    const keys = (o: object, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${p}${k}.`) : [`${p}${k}`]));
    expect(keys(en.tasks).sort()).toEqual(keys(zh.tasks).sort());
  });
});
