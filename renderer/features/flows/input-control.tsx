// One control per Kestra input type for the run form: text, numbers, booleans, enums and
// selects, multiselects, dates and times, durations, JSON/YAML, files (drop target and picker),
// secrets, arrays, URIs and emails.
import { useState, type DragEvent } from 'react';
import type { FlowInput } from '../../../main/contract/kestra-model';
import { Button, IconButton } from '../../components/button';
import { Field, type FieldControlProps } from '../../components/field';
import { formatBytes } from '../../lib/format';
import { controlKind, type FormValue } from './run-form-model';

export interface InputControlProps {
  input: FlowInput;
  value: FormValue;
  file?: File;
  error?: string;
  required: boolean;
  onChange(value: FormValue): void;
  onFile(file: File | undefined): void;
}

const TYPE_HINTS: Partial<Record<string, string>> = {
  duration: 'ISO-8601 duration, e.g. PT30M, PT1H30M, P1D',
  json: 'A JSON value',
  yaml: 'A YAML document',
  array: 'One item per line',
  datetime: 'Your local time; sent in UTC',
};

function ArrayEditor({ value, onChange, props }: { value: string[]; onChange(value: string[]): void; props: FieldControlProps }) {
  return (
    <textarea {...props} rows={Math.min(8, Math.max(3, value.length + 1))} value={value.join('\n')} onChange={(event) => onChange(event.target.value.split('\n').filter((line, index, all) => line !== '' || index < all.length - 1))} />
  );
}

function FileDrop({ input, file, onFile, props }: { input: FlowInput; file?: File; onFile(file: File | undefined): void; props: FieldControlProps }) {
  const [over, setOver] = useState(false);
  const accept = input.allowedFileExtensions?.map((extension) => (extension.startsWith('.') ? extension : `.${extension}`)).join(',');
  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };
  return (
    <div
      className={`file-drop${over ? ' file-drop--over' : ''}`}
      onDragEnter={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      role="group"
      aria-label={`Drop a file for ${input.displayName ?? input.id}`}
    >
      {file ? (
        <span className="file-drop__file">
          {file.name} · {formatBytes(file.size)}
          <IconButton icon="close" size="sm" label={`Remove ${file.name}`} onClick={() => onFile(undefined)} />
        </span>
      ) : (
        <span className="file-drop__hint">Drop a file here, or</span>
      )}
      <label className="btn btn--secondary btn--sm file-drop__pick">
        {file ? 'Choose another…' : 'Choose a file…'}
        <input {...props} type="file" className="visually-hidden" accept={accept} onChange={(event) => onFile(event.target.files?.[0])} />
      </label>
    </div>
  );
}

function SecretInput({ value, onChange, props }: { value: string; onChange(value: string): void; props: FieldControlProps }) {
  const [shown, setShown] = useState(false);
  return (
    <span className="secret-input">
      <input {...props} type={shown ? 'text' : 'password'} value={value} onChange={(event) => onChange(event.target.value)} autoComplete="off" />
      <Button size="sm" variant="ghost" onClick={() => setShown(!shown)} aria-pressed={shown}>
        {shown ? 'Hide' : 'Show'}
      </Button>
    </span>
  );
}

export function InputControl({ input, value, file, error, required, onChange, onFile }: InputControlProps) {
  const kind = controlKind(input);
  const label = input.displayName ?? input.id;
  const hint = [input.description, TYPE_HINTS[kind], input.validator ? `Pattern: ${input.validator}` : undefined].filter(Boolean).join(' · ') || undefined;
  const text = typeof value === 'string' ? value : '';
  const list = Array.isArray(value) ? value : [];

  const render = (props: FieldControlProps) => {
    switch (kind) {
      case 'integer':
      case 'float':
        return (
          <input
            {...props}
            type="number"
            step={kind === 'integer' ? 1 : 'any'}
            min={input.min !== undefined ? Number(input.min) : undefined}
            max={input.max !== undefined ? Number(input.max) : undefined}
            value={text}
            onChange={(event) => onChange(event.target.value)}
          />
        );
      case 'boolean':
        return (
          <select {...props} value={value === true ? 'true' : value === false ? 'false' : ''} onChange={(event) => onChange(event.target.value === '' ? null : event.target.value === 'true')}>
            {!required && <option value="">(not set)</option>}
            <option value="true">true</option>
            <option value="false">false</option>
          </select>
        );
      case 'select':
        if (input.allowCustomValue) {
          return (
            <>
              <input {...props} type="text" list={`${props.id}-values`} value={text} onChange={(event) => onChange(event.target.value)} />
              <datalist id={`${props.id}-values`}>
                {input.values?.map((option) => (
                  <option key={option} value={option} />
                ))}
              </datalist>
            </>
          );
        }
        return (
          <select {...props} value={text} onChange={(event) => onChange(event.target.value)}>
            <option value="">{required ? 'Choose…' : '(not set)'}</option>
            {input.values?.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        );
      case 'multiselect':
        return (
          <div className="multi-select" role="group" aria-labelledby={`${props.id}-label`} id={props.id} aria-describedby={props['aria-describedby']}>
            {(input.values ?? []).map((option) => (
              <label key={option} className="multi-select__option">
                <input
                  type="checkbox"
                  checked={list.includes(option)}
                  onChange={(event) => onChange(event.target.checked ? [...list, option] : list.filter((item) => item !== option))}
                />
                {option}
              </label>
            ))}
          </div>
        );
      case 'date':
        return <input {...props} type="date" value={text} onChange={(event) => onChange(event.target.value)} />;
      case 'datetime':
        return <input {...props} type="datetime-local" step={1} value={text} onChange={(event) => onChange(event.target.value)} />;
      case 'time':
        return <input {...props} type="time" step={1} value={text} onChange={(event) => onChange(event.target.value)} />;
      case 'json':
      case 'yaml':
        return <textarea {...props} className="mono" rows={5} spellCheck={false} value={text} onChange={(event) => onChange(event.target.value)} />;
      case 'file':
        return <FileDrop input={input} file={file} onFile={onFile} props={props} />;
      case 'secret':
        return <SecretInput value={text} onChange={onChange} props={props} />;
      case 'array':
        return <ArrayEditor value={list} onChange={onChange} props={props} />;
      case 'uri':
        return <input {...props} type="url" value={text} onChange={(event) => onChange(event.target.value)} spellCheck={false} />;
      case 'email':
        return <input {...props} type="email" value={text} onChange={(event) => onChange(event.target.value)} />;
      case 'duration':
        return <input {...props} type="text" className="mono" placeholder="PT1H" value={text} onChange={(event) => onChange(event.target.value)} spellCheck={false} />;
      default:
        return <input {...props} type="text" value={text} onChange={(event) => onChange(event.target.value)} />;
    }
  };

  return (
    <Field label={label} required={required} error={error} hint={hint} aside={<span className="run-form__type">{input.type.toLowerCase()}</span>}>
      {render}
    </Field>
  );
}
