// Create or edit one KV pair: a typed editor per Kestra type, TTL presets or a custom ISO duration,
// and a description. Everything is checked before the request; the server's answer (422 etc.) is
// shown in place if it still refuses.
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import type { KvEntry, KvType } from '../../../main/contract/kestra-model';
import type { ServerView } from '../../../main/contract/servers';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { ErrorView } from '../../components/error-view';
import { Field, type FieldControlProps } from '../../components/field';
import { notify } from '../../components/toasts';
import { parseDuration } from '../../../shared/iso-duration';
import { formatDuration } from '../../lib/format';
import { kvKeyError } from './lib/kv-key';
import { KV_TYPE_LABELS, KV_TYPES, kvValueToDraft, parseKvDraft } from './lib/kv-value';
import { TTL_PRESETS, ttlError } from './lib/ttl';
import { ttlFromExpiration } from './lib/kv-transfer';
import { kvPut } from './kv-actions';
import { call, KestraError } from '../../lib/call';
import { JsonEditor } from './json-editor';

export interface KvEditorTarget {
  namespace: string;
  /** Set when editing an existing pair. */
  entry?: KvEntry;
  type?: KvType;
  value?: unknown;
}

const KEEP = 'keep';
const CUSTOM = 'custom';
const NEVER = 'never';

export function KvEditorDialog({
  server,
  target,
  existingKeys,
  onClose,
}: {
  server: ServerView;
  target: KvEditorTarget;
  /** Keys already in the namespace, to stop a create from silently overwriting. */
  existingKeys: ReadonlySet<string>;
  onClose(): void;
}) {
  const editing = !!target.entry;
  const put = useMutation(kvPut);
  const [namespace, setNamespace] = useState(target.namespace);
  const [key, setKey] = useState(target.entry?.key ?? '');
  const [type, setType] = useState<KvType>(target.type ?? 'STRING');
  const [drafts, setDrafts] = useState<Partial<Record<KvType, string>>>(() =>
    target.type ? { [target.type]: kvValueToDraft(target.type, target.value) } : { BOOLEAN: 'true' },
  );
  const draft = drafts[type] ?? (type === 'BOOLEAN' ? 'true' : type === 'JSON' ? '{\n  \n}' : '');
  // Read the clock once, when the dialog opens.
  const [remaining] = useState(() => (editing ? ttlFromExpiration(target.entry?.expirationDate, Date.now()) : undefined));
  const [ttlChoice, setTtlChoice] = useState<string>(remaining && remaining !== 'expired' ? KEEP : NEVER);
  const [customTtl, setCustomTtl] = useState('PT1H');
  const [description, setDescription] = useState(target.entry?.description ?? '');
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<unknown>(undefined);

  const keyProblem = editing ? undefined : kvKeyError(key) ?? (existingKeys.has(key) ? `"${key}" already exists in ${namespace}; edit it instead.` : undefined);
  const nsProblem = namespace.trim() ? undefined : 'Choose a namespace.';
  const checked = useMemo(() => parseKvDraft(type, draft), [type, draft]);
  const ttl = ttlChoice === KEEP ? (remaining !== 'expired' ? remaining : undefined) : ttlChoice === CUSTOM ? customTtl.trim() : ttlChoice === NEVER ? undefined : ttlChoice;
  const ttlProblem = ttlChoice === CUSTOM ? ttlError(customTtl.trim()) : undefined;
  const valid = !keyProblem && !nsProblem && checked.ok && !ttlProblem;

  const setDraft = (text: string): void => setDrafts((d) => ({ ...d, [type]: text }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    if (!valid || !checked.ok) return;
    setSaving(true);
    setServerError(undefined);
    try {
      if (!editing) {
        // The table only knows the keys it listed; ask the server so a create never overwrites.
        // A failed check is reported as what it is (the server's error), never as "already exists".
        const taken = await call('kv.get', { serverId: server.id, namespace: namespace.trim(), key }).then(
          () => true,
          (error: unknown) => {
            if (error instanceof KestraError && (error.status === 404 || error.status === 410)) return false;
            throw error;
          },
        );
        if (taken) throw new Error(`"${key}" already exists in ${namespace.trim()}; edit it instead.`);
      }
      await put.mutateAsync({ serverId: server.id, namespace: namespace.trim(), key, type, value: checked.value, ttl, description: description.trim() || undefined });
      notify({ kind: 'success', title: editing ? `Saved ${key}` : `Created ${key}`, message: `${namespace} · ${KV_TYPE_LABELS[type]}` });
      onClose();
    } catch (error) {
      setServerError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      title={editing ? `Edit ${target.entry!.key}` : target.namespace ? `New KV pair in ${target.namespace}` : 'New KV pair'}
      description={
        editing
          ? `In ${namespace} on ${server.name}. Saving replaces the value and its expiry.`
          : target.namespace
            ? `The pair goes to namespace ${target.namespace} on ${server.name}.`
            : `Choose the namespace the pair goes to on ${server.name}.`
      }
      onClose={onClose}
      size="lg"
      preventClose={saving}
      initialFocus={editing ? '.kv-editor__value' : '.kv-editor__key'}
      footer={
        <>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form="kv-editor-form" busy={saving} disabled={touched && !valid}>
            {editing ? 'Save' : 'Create'}
          </Button>
        </>
      }
    >
      <form id="kv-editor-form" className="kv-editor" onSubmit={(e) => void submit(e)} noValidate>
        {!target.namespace && (
          <Field label="Namespace" required error={touched ? nsProblem : undefined}>
            {(p) => <input {...p} type="text" value={namespace} onChange={(e) => setNamespace(e.target.value)} spellCheck={false} />}
          </Field>
        )}
        <Field label="Key" required error={(touched || key) && keyProblem ? keyProblem : undefined} hint="Letters, digits, dots, underscores and hyphens; starts with a letter or digit.">
          {(p) => <input {...p} className="kv-editor__key" type="text" value={key} onChange={(e) => setKey(e.target.value)} disabled={editing} spellCheck={false} autoComplete="off" />}
        </Field>
        <Field label="Type">
          {(p) => (
            <select {...p} value={type} onChange={(e) => setType(e.target.value as KvType)}>
              {KV_TYPES.map((t) => (
                <option key={t} value={t}>
                  {KV_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Value" error={touched || draft ? (!checked.ok ? checked.error : undefined) : undefined} hint={checked.ok ? checked.warning ?? valueHint(type) : valueHint(type)}>
          {(p) => <ValueInput type={type} draft={draft} onChange={setDraft} controlProps={p} />}
        </Field>
        <Field label="Expiration" error={ttlProblem}>
          {(p) => (
            <div className="kv-editor__ttl">
              <select {...p} value={ttlChoice} onChange={(e) => setTtlChoice(e.target.value)}>
                {remaining && remaining !== 'expired' && <option value={KEEP}>Keep the current expiry (in {formatDuration(parseDuration(remaining) ?? 0)})</option>}
                {TTL_PRESETS.map((preset) => (
                  <option key={preset.label} value={preset.value ?? NEVER}>
                    {preset.label}
                  </option>
                ))}
                <option value={CUSTOM}>Custom ISO-8601 duration…</option>
              </select>
              {ttlChoice === CUSTOM && (
                <input type="text" aria-label="Custom TTL (ISO-8601 duration)" value={customTtl} onChange={(e) => setCustomTtl(e.target.value)} placeholder="PT12H" spellCheck={false} />
              )}
            </div>
          )}
        </Field>
        <Field label="Description">
          {(p) => <input {...p} type="text" value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        {serverError !== undefined && <ErrorView error={serverError} title={serverError instanceof KestraError && serverError.data.kind === 'validation' ? 'The server refused the pair' : 'The pair was not saved'} serverId={server.id} compact />}
      </form>
    </Dialog>
  );
}

function valueHint(type: KvType): string {
  switch (type) {
    case 'STRING':
      return 'Stored as text exactly as typed ("123" stays a string).';
    case 'NUMBER':
      return 'An integer or decimal, e.g. 42 or -1.5e3.';
    case 'BOOLEAN':
      return 'true or false.';
    case 'DATE':
      return 'A calendar date (YYYY-MM-DD).';
    case 'DATETIME':
      return 'ISO-8601 with Z or an offset; without one it is read in your time zone and sent in UTC.';
    case 'DURATION':
      return 'ISO-8601 days/time duration: PT30M, PT1H30M, P2DT3H.';
    case 'JSON':
      return 'An object or an array.';
  }
}

function ValueInput({
  type,
  draft,
  onChange,
  controlProps,
}: {
  type: KvType;
  draft: string;
  onChange(text: string): void;
  controlProps: FieldControlProps;
}) {
  const common = { ...controlProps, className: 'kv-editor__value', spellCheck: false };
  switch (type) {
    case 'STRING':
      return <textarea {...common} rows={4} value={draft} onChange={(e) => onChange(e.target.value)} />;
    case 'NUMBER':
      return <input {...common} type="text" inputMode="decimal" value={draft} onChange={(e) => onChange(e.target.value)} />;
    case 'BOOLEAN':
      return (
        <select {...common} value={draft} onChange={(e) => onChange(e.target.value)}>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
    case 'DATE':
      return <input {...common} type="date" value={draft} onChange={(e) => onChange(e.target.value)} />;
    case 'DATETIME':
      return (
        <div className="kv-editor__row">
          <input {...common} type="text" placeholder="2025-01-31T14:30:00Z" value={draft} onChange={(e) => onChange(e.target.value)} />
          <Button size="sm" onClick={() => onChange(new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'))}>
            Now
          </Button>
        </div>
      );
    case 'DURATION':
      return (
        <div className="kv-editor__row">
          <input {...common} type="text" placeholder="PT30M" value={draft} onChange={(e) => onChange(e.target.value)} />
          {['PT5M', 'PT1H', 'P1D'].map((d) => (
            <Button key={d} size="sm" onClick={() => onChange(d)}>
              {d}
            </Button>
          ))}
        </div>
      );
    case 'JSON':
      return <JsonEditor id={controlProps.id} value={draft} onChange={onChange} describedBy={controlProps['aria-describedby']} />;
  }
}
