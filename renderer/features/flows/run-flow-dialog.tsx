// Run a flow: a form generated from its inputs (defaults, required marks, checks, the server's
// messages), labels, an optional schedule date; then jump to the new execution. Files are staged
// with progress and can be cancelled. Never retried automatically: a retry would run it twice.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { FlowInput, Label } from '../../../main/contract/kestra-model';
import type { ServerView } from '../../../main/contract/servers';
import { Button, IconButton } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { ErrorView, errorData } from '../../components/error-view';
import { Loading } from '../../components/misc';
import { ProgressBar } from '../../components/progress-bar';
import { notify } from '../../components/toasts';
import { useWorkspace } from '../../lib/workspace-store';
import { flowRun } from './actions/flow-mutations';
import { flowSourceOptions } from './flow-queries';
import { InputControl } from './input-control';
import { attributeServerErrors, checkInput, checkLabel, controlKind, fromLocalDateTimeInput, initialValue, toInputValues, type FormValue } from './run-form-model';

function isRequired(input: FlowInput): boolean {
  return input.required !== false && input.defaults === undefined && controlKind(input) !== 'boolean';
}

export function RunFlowDialog({ server, namespace, flowId, onClose }: { server: ServerView; namespace: string; flowId: string; onClose(): void }) {
  const flow = useQuery(flowSourceOptions(server.id, namespace, flowId));
  return (
    <Dialog title={`Run ${namespace}.${flowId}`} onClose={onClose} size="lg" description={`On ${server.name}${flow.data ? `, revision ${flow.data.revision}` : ''}`}>
      {flow.isPending && <Loading label="Loading the flow’s inputs…" />}
      {flow.error && <ErrorView error={flow.error} onRetry={() => void flow.refetch()} />}
      {flow.data && <RunForm server={server} namespace={namespace} flowId={flowId} inputs={flow.data.inputs ?? []} revision={flow.data.revision} disabled={flow.data.disabled} onClose={onClose} />}
    </Dialog>
  );
}

function RunForm({
  server,
  namespace,
  flowId,
  inputs,
  revision,
  disabled,
  onClose,
}: {
  server: ServerView;
  namespace: string;
  flowId: string;
  inputs: FlowInput[];
  revision: number;
  disabled: boolean;
  onClose(): void;
}) {
  const run = useMutation(flowRun);
  const [values, setValues] = useState<Record<string, FormValue>>(() => Object.fromEntries(inputs.map((input) => [input.id, initialValue(input)])));
  const [files, setFiles] = useState<Record<string, File | undefined>>({});
  const [labels, setLabels] = useState<Label[]>([]);
  const [scheduleDate, setScheduleDate] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [labelErrors, setLabelErrors] = useState<(string | undefined)[]>([]);
  const [serverError, setServerError] = useState<{ error: unknown; rest: string[] }>();
  const [phase, setPhase] = useState<'idle' | 'staging' | 'starting'>('idle');
  const [progress, setProgress] = useState<{ name: string; bytes: number; total?: number }>();
  const abortRef = useRef<AbortController | undefined>(undefined);

  const setValue = (id: string, value: FormValue): void => {
    setValues((current) => ({ ...current, [id]: value }));
    setErrors((current) => ({ ...current, [id]: undefined }));
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found: Record<string, string | undefined> = {};
    for (const input of inputs) found[input.id] = checkInput(input, values[input.id] ?? null, !!files[input.id]);
    const foundLabels = labels.map(checkLabel);
    setErrors(found);
    setLabelErrors(foundLabels);
    if (Object.values(found).some(Boolean) || foundLabels.some(Boolean)) {
      document.querySelector<HTMLElement>('.run-form [aria-invalid="true"]')?.focus();
      return;
    }
    setServerError(undefined);
    const controller = new AbortController();
    abortRef.current = controller;
    try {
      // Files go to main first (their bytes never cross as JSON), with progress.
      const fileEntries = Object.entries(files).filter((entry): entry is [string, File] => !!entry[1]);
      setPhase(fileEntries.length ? 'staging' : 'starting');
      const execution = await run.mutateAsync({
        serverId: server.id,
        namespace,
        flowId,
        inputs: toInputValues(inputs, values),
        files: Object.fromEntries(fileEntries),
        labels: labels.filter((label) => label.key.trim()),
        scheduleDate: scheduleDate ? fromLocalDateTimeInput(scheduleDate) : undefined,
        signal: controller.signal,
        onStaging: (file, progress) => setProgress({ name: file.name, bytes: progress.bytes, total: progress.total ?? file.size }),
        onStarting: () => setPhase('starting'),
      });
      notify({ kind: 'success', title: `Execution ${execution.id} created`, message: `${namespace}.${flowId} on ${server.name}` });
      onClose();
      // Only the execution: the executions list keeps the filters the user gave it.
      useWorkspace.getState().navigate(server.id, { pane: 'executions', params: { executionId: execution.id } });
    } catch (error) {
      if (controller.signal.aborted) {
        notify({ kind: 'info', title: 'Run cancelled', message: 'No execution was created.' });
      } else {
        const data = errorData(error);
        const attributed = attributeServerErrors(inputs, data.fieldErrors, data.detail ?? data.message);
        if (Object.keys(attributed.byInput).length) setErrors((current) => ({ ...current, ...attributed.byInput }));
        setServerError({ error, rest: attributed.rest });
      }
    } finally {
      setPhase('idle');
      setProgress(undefined);
      abortRef.current = undefined;
    }
  };

  const busy = phase !== 'idle';
  return (
    <form className="run-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Run form">
      {disabled && <p className="run-form__warning">This flow is disabled: the server will refuse to run it.</p>}
      {inputs.length === 0 ? (
        <p className="run-form__none">This flow has no inputs.</p>
      ) : (
        <div className="run-form__inputs">
          {inputs.map((input) => (
            <InputControl
              key={input.id}
              input={input}
              value={values[input.id] ?? null}
              file={files[input.id]}
              error={errors[input.id]}
              required={isRequired(input)}
              onChange={(value) => setValue(input.id, value)}
              onFile={(file) => {
                setFiles((current) => ({ ...current, [input.id]: file }));
                setErrors((current) => ({ ...current, [input.id]: undefined }));
              }}
            />
          ))}
        </div>
      )}

      <fieldset className="run-form__labels">
        <legend>Execution labels</legend>
        {labels.map((label, index) => (
          <div className="run-form__label-row" key={index}>
            <input
              type="text"
              aria-label={`Label ${index + 1} key`}
              placeholder="key"
              value={label.key}
              aria-invalid={labelErrors[index] ? true : undefined}
              onChange={(event) => setLabels(labels.map((item, i) => (i === index ? { ...item, key: event.target.value } : item)))}
            />
            <input
              type="text"
              aria-label={`Label ${index + 1} value`}
              placeholder="value"
              value={label.value}
              onChange={(event) => setLabels(labels.map((item, i) => (i === index ? { ...item, value: event.target.value } : item)))}
            />
            <IconButton icon="close" size="sm" label={`Remove label ${index + 1}`} onClick={() => setLabels(labels.filter((_, i) => i !== index))} />
            {labelErrors[index] && (
              <span className="field__error" role="alert">
                {labelErrors[index]}
              </span>
            )}
          </div>
        ))}
        <Button size="sm" icon="plus" onClick={() => setLabels([...labels, { key: '', value: '' }])}>
          Add label
        </Button>
      </fieldset>

      <details className="run-form__advanced">
        <summary>Schedule for later</summary>
        <label className="run-form__schedule">
          Start at (your local time)
          <input type="datetime-local" step={1} value={scheduleDate} onChange={(event) => setScheduleDate(event.target.value)} />
        </label>
      </details>

      {serverError && (
        <ErrorView
          error={serverError.error}
          title={Object.values(errors).some(Boolean) ? 'The server refused some inputs (see the fields above)' : 'The execution was not created'}
        />
      )}
      {phase === 'staging' && progress && <ProgressBar label={`Sending ${progress.name}`} value={progress.bytes} max={progress.total} bytes onCancel={() => abortRef.current?.abort()} />}

      <div className="run-form__footer">
        <span className="run-form__revision">Runs revision {revision} as saved on {server.name}.</span>
        <Button onClick={onClose} disabled={phase === 'starting'}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" icon="play" busy={busy}>
          {phase === 'staging' ? 'Sending files…' : phase === 'starting' ? 'Starting…' : 'Run'}
        </Button>
      </div>
    </form>
  );
}
