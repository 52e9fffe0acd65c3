// Dialogs for the execution actions that need a choice: replay from a chosen task run, resume with
// the Pause task's inputs, change status, and edit labels.
import { useState, type FormEvent } from 'react';
import type { Execution, FlowInput, Label, StateType } from '../../../../main/contract/kestra-model';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { ErrorView } from '../../../components/error-view';
import { Field } from '../../../components/field';
import { Loading } from '../../../components/misc';
import { stateLabel } from '../../../lib/states';
import { CHANGE_STATUS_TARGETS } from '../model/execution-state';
import { checkResumeValue, initialResumeValue, toResumeValues, type ResumeValue } from './resume-form';
import './action-dialogs.css';

export function ReplayDialog({
  execution,
  onClose,
  onReplay,
}: {
  execution: Execution;
  onClose(): void;
  onReplay(taskRunId: string | undefined): Promise<void>;
}) {
  const [taskRunId, setTaskRunId] = useState('');
  const [busy, setBusy] = useState(false);
  const runs = execution.taskRunList ?? [];
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    try {
      await onReplay(taskRunId || undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Replay execution"
      description="Replay creates a new execution of the same flow revision. Choose a task run to replay from: the task runs before it are copied as they were."
      onClose={onClose}
      preventClose={busy}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form="replay-form" busy={busy}>
            Replay
          </Button>
        </>
      }
    >
      <form id="replay-form" onSubmit={(event) => void submit(event)}>
        <Field label="Replay from">
          {(props) => (
            <select {...props} className="xdialog__select" value={taskRunId} onChange={(event) => setTaskRunId(event.target.value)}>
              <option value="">The start of the flow</option>
              {runs.map((run) => (
                <option key={run.id} value={run.id}>
                  {run.taskId}
                  {run.value !== undefined ? ` [${run.value}]` : ''} · {stateLabel(run.state.current)} · {run.id}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
    </Dialog>
  );
}

function ResumeControl({
  input,
  value,
  fileName,
  error,
  onChange,
  onFile,
}: {
  input: FlowInput;
  value: ResumeValue;
  fileName?: string;
  error?: string;
  onChange(value: ResumeValue): void;
  onFile(file: File | undefined): void;
}) {
  const label = input.displayName ?? input.id;
  const required = input.required !== false && input.defaults === undefined;
  return (
    <Field label={label} hint={input.description} error={error} required={required} aside={<span className="xdialog__type">{input.type}</span>}>
      {(props) => {
        switch (input.type) {
          case 'BOOLEAN':
          case 'BOOL':
            return <input {...props} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />;
          case 'ENUM':
          case 'SELECT':
            return (
              <select {...props} className="xdialog__select" value={String(value)} onChange={(event) => onChange(event.target.value)}>
                <option value="">—</option>
                {(input.values ?? []).map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            );
          case 'MULTISELECT':
            return (
              <select
                {...props}
                multiple
                className="xdialog__select"
                value={Array.isArray(value) ? value : []}
                onChange={(event) => onChange([...event.target.selectedOptions].map((o) => o.value))}
              >
                {(input.values ?? []).map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            );
          case 'INT':
          case 'FLOAT':
            return <input {...props} className="xdialog__input" inputMode="decimal" value={String(value)} onChange={(event) => onChange(event.target.value)} />;
          case 'DATETIME':
            return (
              <input
                {...props}
                className="xdialog__input"
                type="datetime-local"
                step="1"
                value={String(value)}
                onChange={(event) => onChange(event.target.value)}
              />
            );
          case 'DATE':
            return <input {...props} className="xdialog__input" type="date" value={String(value)} onChange={(event) => onChange(event.target.value)} />;
          case 'TIME':
            return (
              <input {...props} className="xdialog__input" type="time" step="1" value={String(value)} onChange={(event) => onChange(event.target.value)} />
            );
          case 'SECRET':
            return (
              <input
                {...props}
                className="xdialog__input"
                type="password"
                autoComplete="off"
                value={String(value)}
                onChange={(event) => onChange(event.target.value)}
              />
            );
          case 'JSON':
          case 'YAML':
          case 'ARRAY':
            return (
              <textarea
                {...props}
                className="xdialog__textarea"
                rows={4}
                spellCheck={false}
                value={String(value)}
                onChange={(event) => onChange(event.target.value)}
              />
            );
          case 'FILE':
            return (
              <span className="xdialog__file">
                <input {...props} type="file" onChange={(event) => onFile(event.target.files?.[0])} />
                {fileName && <span>{fileName}</span>}
              </span>
            );
          default:
            return <input {...props} className="xdialog__input" value={String(value)} onChange={(event) => onChange(event.target.value)} />;
        }
      }}
    </Field>
  );
}

export function ResumeDialog({
  execution,
  taskId,
  inputs,
  loadingInputs,
  inputsProblem,
  onClose,
  onResume,
}: {
  execution: Execution;
  taskId?: string;
  inputs: FlowInput[];
  loadingInputs: boolean;
  /** Why the inputs could not be read (the resume can still be sent). */
  inputsProblem?: string;
  onClose(): void;
  /** Files are staged by the resume action (executions-actions.ts). */
  onResume(values: ReturnType<typeof toResumeValues>, files: Record<string, File>): Promise<void>;
}) {
  const [values, setValues] = useState<Record<string, ResumeValue>>(() => Object.fromEntries(inputs.map((i) => [i.id, initialResumeValue(i)])));
  const [files, setFiles] = useState<Record<string, File>>({});
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const valueOf = (input: FlowInput): ResumeValue => values[input.id] ?? initialResumeValue(input);
  const problems = Object.fromEntries(inputs.map((i) => [i.id, checkResumeValue(i, valueOf(i), !!files[i.id])]));
  const invalid = Object.values(problems).some(Boolean);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    if (invalid) return;
    setBusy(true);
    setError(null);
    try {
      const current = Object.fromEntries(inputs.map((i) => [i.id, valueOf(i)]));
      await onResume(toResumeValues(inputs, current), files);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Resume execution"
      description={`${execution.flowId} is paused${taskId ? ` at ${taskId}` : ''}.${inputs.length ? ' The Pause task asks for these inputs.' : ''}`}
      onClose={onClose}
      preventClose={busy}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form="resume-form" busy={busy} disabled={loadingInputs}>
            Resume
          </Button>
        </>
      }
    >
      <form id="resume-form" className="xdialog__form" onSubmit={(event) => void submit(event)}>
        {loadingInputs && <Loading label="Reading the Pause task's inputs…" />}
        {inputsProblem && <p className="xdialog__note">{inputsProblem}</p>}
        {inputs.map((input) => (
          <ResumeControl
            key={input.id}
            input={input}
            value={valueOf(input)}
            fileName={files[input.id]?.name}
            error={touched ? problems[input.id] : undefined}
            onChange={(value) => setValues((current) => ({ ...current, [input.id]: value }))}
            onFile={(file) =>
              setFiles((current) => {
                const next = { ...current };
                if (file) next[input.id] = file;
                else delete next[input.id];
                return next;
              })
            }
          />
        ))}
        {error !== null && <ErrorView error={error} title="The server refused to resume" />}
      </form>
    </Dialog>
  );
}

export function ChangeStatusDialog({ execution, onClose, onChange }: { execution: Execution; onClose(): void; onChange(status: StateType): Promise<void> }) {
  const choices = CHANGE_STATUS_TARGETS.filter((s) => s !== execution.state.current);
  const [status, setStatus] = useState<StateType>(choices[0]!);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      title="Change status"
      description="Sets the execution's recorded state. No task runs again."
      size="sm"
      onClose={onClose}
      preventClose={busy}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            variant="primary"
            busy={busy}
            onClick={() => {
              setBusy(true);
              void onChange(status).finally(() => setBusy(false));
            }}
          >
            Set {stateLabel(status)}
          </Button>
        </>
      }
    >
      <Field label="New status">
        {(props) => (
          <select {...props} className="xdialog__select" value={status} onChange={(event) => setStatus(event.target.value as StateType)}>
            {choices.map((s) => (
              <option key={s} value={s}>
                {stateLabel(s)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </Dialog>
  );
}

export function LabelsDialog({ execution, onClose, onSave }: { execution: Execution; onClose(): void; onSave(labels: Label[]): Promise<void> }) {
  const system = (execution.labels ?? []).filter((l) => l.key.startsWith('system.'));
  const [rows, setRows] = useState<Label[]>(() => (execution.labels ?? []).filter((l) => !l.key.startsWith('system.')).map((l) => ({ ...l })));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const problems = rows.map((row, i) => {
    if (!row.key.trim()) return 'The key is empty.';
    if (row.key.trim().startsWith('system.')) return 'System labels are set by Kestra.';
    if (!row.value.trim()) return 'The value is empty.';
    if (rows.findIndex((r) => r.key.trim() === row.key.trim()) !== i) return 'This key is already used.';
    return undefined;
  });
  const invalid = problems.some(Boolean);
  const update = (index: number, patch: Partial<Label>): void => setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <Dialog
      title="Edit labels"
      onClose={onClose}
      preventClose={busy}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            variant="primary"
            busy={busy}
            disabled={invalid}
            onClick={() => {
              setBusy(true);
              setError(null);
              onSave(rows.map((r) => ({ key: r.key.trim(), value: r.value.trim() })))
                .catch((caught: unknown) => setError(caught))
                .finally(() => setBusy(false));
            }}
          >
            Save labels
          </Button>
        </>
      }
    >
      <div className="xdialog__labels">
        {system.length > 0 && <p className="xdialog__note">System labels (kept as they are): {system.map((l) => `${l.key}: ${l.value}`).join(', ')}</p>}
        {rows.map((row, index) => (
          <div key={index} className="xdialog__label-row">
            <input
              className="xdialog__input"
              aria-label={`Label ${index + 1} key`}
              value={row.key}
              onChange={(event) => update(index, { key: event.target.value })}
            />
            <input
              className="xdialog__input"
              aria-label={`Label ${index + 1} value`}
              value={row.value}
              onChange={(event) => update(index, { value: event.target.value })}
            />
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Remove label ${index + 1}`}
              icon="trash"
              onClick={() => setRows((current) => current.filter((_, i) => i !== index))}
            />
            {problems[index] && (
              <span className="xdialog__error" role="alert">
                {problems[index]}
              </span>
            )}
          </div>
        ))}
        <Button size="sm" icon="plus" onClick={() => setRows((current) => [...current, { key: '', value: '' }])}>
          Add label
        </Button>
        {error !== null && <ErrorView error={error} title="The server refused the labels" />}
      </div>
    </Dialog>
  );
}
