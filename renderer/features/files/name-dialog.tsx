// Asks for a file or folder name (create, rename, move), checked with the same rules as uploads.
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { nameError, normalizeName, pathError } from './lib/path-rules';

export function NameDialog({
  title,
  label,
  initial = '',
  allowPath,
  confirmLabel,
  onSubmit,
  onClose,
}: {
  title: string;
  label: string;
  initial?: string;
  /** Accept a path with folders ('sub/file.txt'), not only a single name. */
  allowPath?: boolean;
  confirmLabel: string;
  onSubmit(value: string): Promise<void>;
  onClose(): void;
}) {
  const [value, setValue] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | undefined>(undefined);
  const normalized = normalizeName(value.trim());
  const problem = allowPath ? pathError(normalized) : nameError(normalized);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (problem) return;
    setBusy(true);
    setServerError(undefined);
    try {
      await onSubmit(normalized);
      onClose();
    } catch (error) {
      setServerError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={title}
      size="sm"
      onClose={onClose}
      preventClose={busy}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="files-name-form" busy={busy} disabled={!!problem || normalized === initial}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <form id="files-name-form" onSubmit={(e) => void submit(e)} noValidate>
        <Field label={label} error={value ? (problem ?? serverError) : serverError}>
          {(p) => <input {...p} type="text" value={value} onChange={(e) => setValue(e.target.value)} spellCheck={false} autoComplete="off" />}
        </Field>
      </form>
    </Dialog>
  );
}
