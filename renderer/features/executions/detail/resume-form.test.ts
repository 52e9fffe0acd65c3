import { describe, expect, it } from 'vitest';
import type { Execution, FlowInput } from '../../../../main/contract/kestra-model';
import { checkResumeValue, findTask, initialResumeValue, pausedTaskRun, resumeInputs, toResumeValues } from './resume-form';

const flow = {
  tasks: [
    { id: 'first', type: 'io.kestra.plugin.core.log.Log' },
    {
      id: 'branch',
      type: 'io.kestra.plugin.core.flow.If',
      then: [
        {
          id: 'approve',
          type: 'io.kestra.plugin.core.flow.Pause',
          onResume: [
            { id: 'approved', type: 'BOOLEAN', defaults: false },
            { id: 'reason', type: 'STRING' },
            { id: 'count', type: 'INT', required: false },
            { id: 'bad', notAnInput: true },
          ],
        },
      ],
    },
  ],
};

describe('resume form', () => {
  it('finds the paused task anywhere in the flow and reads its onResume inputs', () => {
    expect(findTask(flow.tasks, 'approve')?.type).toBe('io.kestra.plugin.core.flow.Pause');
    expect(findTask(flow.tasks, 'missing')).toBeUndefined();
    expect(resumeInputs(flow as never, 'approve').map((i) => i.id)).toEqual(['approved', 'reason', 'count']);
    expect(resumeInputs(undefined, 'approve')).toEqual([]);
    expect(resumeInputs(flow as never, 'first')).toEqual([]);
  });

  it('picks the latest paused task run', () => {
    const execution = {
      taskRunList: [
        { id: 'a', taskId: 'approve', state: { current: 'SUCCESS', histories: [] } },
        { id: 'b', taskId: 'approve', state: { current: 'PAUSED', histories: [] } },
      ],
    } as unknown as Execution;
    expect(pausedTaskRun(execution)?.id).toBe('b');
  });

  it('checks values before sending and converts them', () => {
    const inputs = resumeInputs(flow as never, 'approve');
    const [approved, reason, count] = inputs as [FlowInput, FlowInput, FlowInput];
    expect(initialResumeValue(approved)).toBe(false);
    expect(checkResumeValue(reason, '  ', false)).toBe('A value is required.');
    expect(checkResumeValue(count, '', false)).toBeUndefined();
    expect(checkResumeValue(count, '1.5', false)).toBe('Enter a whole number.');
    expect(checkResumeValue({ id: 'j', type: 'JSON' }, '{bad', false)).toBe('Enter valid JSON.');
    expect(checkResumeValue({ id: 'f', type: 'FILE' }, '', false)).toBe('Choose a file.');
    expect(checkResumeValue({ id: 'e', type: 'ENUM', values: ['a', 'b'] }, 'c', false)).toBe('Choose one of the values.');
    expect(toResumeValues(inputs, { approved: true, reason: 'ok', count: '' })).toEqual({ approved: true, reason: 'ok' });
  });
});
