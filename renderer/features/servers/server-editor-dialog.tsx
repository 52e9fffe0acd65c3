// Add or edit a saved server: address, auth (the password/token is write-only: once stored the
// form shows only that credentials are stored), tenant, colour, environment, safety policy, TLS
// (CA certificate or pinned fingerprint) and timeouts; "Test connection" shows each check.
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ConnectionReport } from '../../../main/contract/methods';
import type { ServerView } from '../../../main/contract/servers';
import { Button } from '../../components/button';
import { confirmAction, confirmDestructive } from '../../components/confirm';
import { Dialog } from '../../components/dialog';
import { describeError, ErrorView, errorData } from '../../components/error-view';
import { Field } from '../../components/field';
import { notify } from '../../components/toasts';
import { call } from '../../lib/call';
import { describeVault, useVaultStatus } from '../../lib/vault';
import { ConnectionChecks, ConnectionVerdict, failedChecks } from './connection-checks';
import { relaxesPolicy, serverDelete, serverSave } from './servers-actions';
import { TenantField } from './tenant-field';
import {
  emptyServerForm,
  formFromServer,
  SERVER_COLORS,
  toServerInput,
  validateServerForm,
  withEnvironmentDefaults,
  type ServerFormErrors,
  type ServerFormValues,
} from './server-form-model';
import './servers.css';

export interface ServerEditorDialogProps {
  /** The server to edit; omit to add one. */
  server?: ServerView;
  /** Names of the other saved servers (for the duplicate check). */
  otherNames: string[];
  onClose(): void;
  /** After a save, with the saved profile. */
  onSaved?(server: ServerView): void;
  /** After the server was deleted. */
  onDeleted?(serverId: string): void;
}

export function ServerEditorDialog({ server, otherNames, onClose, onSaved, onDeleted }: ServerEditorDialogProps) {
  const [values, setValues] = useState<ServerFormValues>(() => (server ? formFromServer(server) : emptyServerForm(otherNames.length)));
  const [secret, setSecret] = useState('');
  // For a server with stored credentials the secret field appears only when the user replaces it.
  const [replacingSecret, setReplacingSecret] = useState(!server?.hasCredentials);
  const [clearStoredSecret, setClearStoredSecret] = useState(false);
  const [errors, setErrors] = useState<ServerFormErrors>({});
  const [report, setReport] = useState<ConnectionReport | undefined>();
  const [testing, setTesting] = useState<'button' | 'save' | undefined>();
  const caFileRef = useRef<HTMLInputElement>(null);
  const checksRef = useRef<HTMLDivElement>(null);
  const vault = useVaultStatus();
  const vaultWords = vault ? describeVault(vault) : undefined;
  const builtIn = server?.builtIn ?? false;
  const needsSecretKind = values.authKind !== 'none';
  const hasStoredSecret = !!server?.hasCredentials && !clearStoredSecret && server.authKind === values.authKind;

  const set = <K extends keyof ServerFormValues>(key: K, value: ServerFormValues[K]): void => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
    setReport(undefined);
  };

  const check = (): ServerFormErrors => {
    const found = validateServerForm(values, {
      otherNames,
      builtIn,
      needsSecret: needsSecretKind && !hasStoredSecret && !secret,
    });
    setErrors(found);
    return found;
  };

  /** How main reaches the server as the form stands: saved (it has the secret) when unchanged, else a draft. */
  const target = (): { serverId: string } | { input: ReturnType<typeof toServerInput>; secret?: string } => {
    const unchanged = server && !secret && hasStoredSecret && JSON.stringify(toServerInput(values)) === JSON.stringify(toServerInput(formFromServer(server)));
    return unchanged ? { serverId: server.id } : { input: toServerInput(values), secret: secret || undefined };
  };

  const test = useMutation({
    mutationFn: () => call('servers.testConnection', target()),
    onSuccess: setReport,
    onSettled: () => setTesting(undefined),
  });
  // The details of a finished test come into view (the verdict sits by the buttons).
  useEffect(() => {
    if (report || test.error) checksRef.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [report, test.error]);

  /** Whether saving changes how main reaches the server (a new server, another address, credentials, TLS…). */
  const reachChanges = (): boolean => {
    if (!server) return true;
    if (secret || clearStoredSecret) return true;
    const before = toServerInput(formFromServer(server));
    const after = toServerInput(values);
    const reach = (input: typeof after) => JSON.stringify([input.url, input.authKind, input.username, input.tenant, input.tls, input.timeouts]);
    return reach(before) !== reach(after);
  };

  /**
   * Before saving: the connection as it will be saved is tested (unless a test of these very
   * settings already ran, or nothing about reaching the server changed), and a failed or
   * impossible test asks the user. Resolves true to go on saving.
   */
  const connectionAllowsSave = async (name: string): Promise<boolean> => {
    if (builtIn) return true;
    let verdict = report;
    let testError: unknown;
    if (!verdict && reachChanges()) {
      setTesting('save');
      try {
        verdict = await test.mutateAsync();
      } catch (error) {
        testError = error;
      }
    }
    const failures = verdict ? failedChecks(verdict) : [];
    if (!testError && failures.length === 0) return true;
    const why = testError ? `The test could not run: ${describeError(testError)}` : failures.map((check) => check.message).join(' ');
    return confirmAction({
      title: `Save ${name} anyway?`,
      message: `The connection test failed. ${why} The console cannot use this server until that is fixed; you can save it now and fix it later.`,
      confirmLabel: 'Save anyway',
      cancelLabel: 'Keep editing',
      danger: false,
    });
  };

  // The writes and their invalidations are the actions module's; what the dialog shows is here.
  const save = useMutation(serverSave);
  const remove = useMutation(serverDelete);

  const showFieldErrors = (error: unknown): void => {
    const data = errorData(error);
    if (!data.fieldErrors?.length) return;
    const mapped: ServerFormErrors = {};
    for (const field of data.fieldErrors) {
      const key = (field.path ?? '').replace(/^input\./, '').split('.').pop() as keyof ServerFormErrors;
      if (key) mapped[key] = field.message;
    }
    setErrors((current) => ({ ...current, ...mapped }));
  };

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found = check();
    if (Object.values(found).some(Boolean)) return;
    const input = toServerInput(values);
    // Turning a safety policy off is itself guarded: main wants the server's name typed.
    const relaxes = server && relaxesPolicy(server, input);
    if (relaxes) {
      const ok = await confirmAction({
        title: `Turn off the safety policy of ${server.name}?`,
        message: `${server.name} will accept ${server.policy.readOnly && !input.policy.readOnly ? 'writes' : 'destructive actions without typing its name'} from this console.`,
        confirmLabel: 'Save',
        typeToConfirm: server.name,
      });
      if (!ok) return;
    }
    if (!(await connectionAllowsSave(input.name))) return;
    save.mutate(
      {
        existing: server,
        input,
        secret: needsSecretKind && secret ? secret : undefined,
        clearSecret: !needsSecretKind || clearStoredSecret,
        confirmation: relaxes ? server.name : undefined,
      },
      {
        onSuccess: (saved) => {
          setSecret('');
          notify({ kind: 'success', title: server ? `Saved ${saved.name}` : `Added ${saved.name}` });
          onSaved?.(saved);
          onClose();
        },
        onError: showFieldErrors,
      },
    );
  };

  const onTest = (): void => {
    const found = check();
    // Testing works without a secret (the credentials check is then skipped), so ignore that one.
    const { secret: _secret, ...blocking } = found;
    if (Object.values(blocking).some(Boolean)) return;
    setTesting('button');
    test.mutate();
  };

  const onDelete = async (): Promise<void> => {
    if (!server) return;
    const confirmed = await confirmDestructive({
      title: `Remove ${server.name}?`,
      message: 'The profile and its stored credentials are removed from this console. Nothing changes on the server.',
      confirmLabel: 'Remove server',
      server,
    });
    if (!confirmed) return;
    remove.mutate(
      { serverId: server.id, ...confirmed },
      {
        onSuccess: () => {
          notify({ kind: 'success', title: `Removed ${server.name}`, message: 'Its stored credentials were deleted too.' });
          onDeleted?.(server.id);
          onClose();
        },
      },
    );
  };

  const loadCaFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    if (file.size > 256 * 1024) {
      setErrors((current) => ({ ...current, caCertificate: 'That file is too large for a certificate (over 256 KB).' }));
      return;
    }
    set('caCertificate', await file.text());
  };

  const busy = save.isPending || remove.isPending;

  return (
    <Dialog
      title={server ? `Edit ${server.name}` : 'Add a server'}
      onClose={onClose}
      preventClose={busy}
      size="lg"
      footer={
        <>
          {server && !builtIn && (
            <Button variant="ghost" icon="trash" className="server-form__delete" onClick={onDelete} busy={remove.isPending} disabled={busy}>
              Remove server
            </Button>
          )}
          <ConnectionVerdict report={report} error={test.error} testing={testing} />
          <Button icon="refresh" onClick={onTest} busy={testing === 'button'} disabled={busy || testing !== undefined}>
            Test connection
          </Button>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form="server-form" busy={save.isPending || testing === 'save'} disabled={remove.isPending || testing === 'button'}>
            {server ? 'Save' : 'Add server'}
          </Button>
        </>
      }
    >
      <form id="server-form" className="server-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="server-form__grid">
          <Field label="Name" required error={errors.name}>
            {(props) => <input {...props} type="text" value={values.name} onChange={(event) => set('name', event.target.value)} autoComplete="off" />}
          </Field>
          <Field label="URL" required error={errors.url} hint={builtIn ? 'The Local sandbox runs on this machine.' : 'The server’s base address, e.g. https://kestra.example.com'}>
            {(props) => (
              <input
                {...props}
                type="url"
                value={values.url}
                readOnly={builtIn}
                placeholder="https://kestra.example.com"
                onChange={(event) => set('url', event.target.value)}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
        </div>

        {!builtIn && (
          <fieldset className="server-form__section">
            <legend>Authentication</legend>
            <div className="server-form__radios" role="radiogroup" aria-label="Authentication">
              {(
                [
                  ['none', 'None'],
                  ['basic', 'Basic (user and password)'],
                  ['bearer', 'Bearer token'],
                ] as const
              ).map(([kind, label]) => (
                <label key={kind} className="server-form__radio">
                  <input type="radio" name="auth" value={kind} checked={values.authKind === kind} onChange={() => set('authKind', kind)} />
                  {label}
                </label>
              ))}
            </div>
            {values.authKind === 'basic' && (
              <Field label="User name" required error={errors.username}>
                {(props) => <input {...props} type="text" value={values.username} onChange={(event) => set('username', event.target.value)} autoComplete="off" />}
              </Field>
            )}
            {needsSecretKind &&
              (hasStoredSecret && !replacingSecret ? (
                <div className="server-form__stored" role="status">
                  <span>✓ Credentials are stored. They cannot be shown or read back.</span>
                  <Button size="sm" onClick={() => setReplacingSecret(true)}>
                    Replace {values.authKind === 'basic' ? 'password' : 'token'}
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setClearStoredSecret(true)}>
                    Remove stored credentials
                  </Button>
                </div>
              ) : (
                <Field
                  label={values.authKind === 'basic' ? 'Password' : 'Token'}
                  required={!hasStoredSecret}
                  error={errors.secret}
                  hint={<SecretHint words={vaultWords} />}
                >
                  {(props) => (
                    <input
                      {...props}
                      type="password"
                      value={secret}
                      onChange={(event) => {
                        setSecret(event.target.value);
                        setErrors((current) => ({ ...current, secret: undefined }));
                        setReport(undefined);
                      }}
                      autoComplete="new-password"
                    />
                  )}
                </Field>
              ))}
            {clearStoredSecret && <p className="server-form__note">The stored credentials will be removed when you save.</p>}
            <TenantField value={values.tenant} error={errors.tenant} onChange={(tenant) => set('tenant', tenant)} target={target} enterpriseSeen={report?.configs?.edition === 'EE'} />
          </fieldset>
        )}

        <fieldset className="server-form__section">
          <legend>Appearance and safety</legend>
          <div className="server-form__grid">
            <div className="field">
              <span className="field__label" id="server-color-label">
                Colour
              </span>
              <div className="server-form__colors" role="radiogroup" aria-labelledby="server-color-label">
                {SERVER_COLORS.map((color) => (
                  <label key={color} className="server-form__swatch" style={{ background: color }} title={color}>
                    <input type="radio" name="color" className="visually-hidden" value={color} checked={values.color === color} onChange={() => set('color', color)} aria-label={`Colour ${color}`} />
                  </label>
                ))}
                <label className="server-form__custom-color">
                  <input type="color" value={values.color} onChange={(event) => set('color', event.target.value)} aria-label="Custom colour" />
                </label>
              </div>
            </div>
            <Field label="Environment" error={errors.environmentLabel}>
              {(props) => (
                <div className="server-form__env">
                  <select {...props} value={values.environment} onChange={(event) => setValues((current) => withEnvironmentDefaults(current, event.target.value as ServerFormValues['environment']))}>
                    <option value="development">Development</option>
                    <option value="staging">Staging</option>
                    <option value="production">Production</option>
                    <option value="custom">Custom…</option>
                  </select>
                  {values.environment === 'custom' && (
                    <input type="text" aria-label="Environment name" value={values.environmentLabel} onChange={(event) => set('environmentLabel', event.target.value)} placeholder="e.g. QA" />
                  )}
                </div>
              )}
            </Field>
          </div>
          <label className="server-form__check">
            <input type="checkbox" checked={values.confirmDestructive} onChange={(event) => set('confirmDestructive', event.target.checked)} />
            Ask me to type the server name before destructive actions
          </label>
          <label className="server-form__check">
            <input type="checkbox" checked={values.readOnly} onChange={(event) => set('readOnly', event.target.checked)} />
            Read-only: hide or disable every change on this server
          </label>
        </fieldset>

        {!builtIn && (
          <details className="server-form__section server-form__details">
            <summary>TLS and timeouts</summary>
            <Field label="CA certificate (PEM)" error={errors.caCertificate} hint="For servers whose certificate is signed by a private authority.">
              {(props) => (
                <div className="server-form__ca">
                  <textarea
                    {...props}
                    rows={4}
                    value={values.caCertificate}
                    onChange={(event) => set('caCertificate', event.target.value)}
                    placeholder="-----BEGIN CERTIFICATE-----"
                    spellCheck={false}
                    className="mono"
                  />
                  <Button size="sm" icon="upload" onClick={() => caFileRef.current?.click()}>
                    Load from file…
                  </Button>
                  <input
                    ref={caFileRef}
                    type="file"
                    accept=".pem,.crt,.cer"
                    className="visually-hidden"
                    aria-label="CA certificate file"
                    tabIndex={-1}
                    onChange={(event) => void loadCaFile(event.target.files?.[0])}
                  />
                </div>
              )}
            </Field>
            <Field label="Pinned certificate fingerprint (SHA-256)" error={errors.pinnedSha256} hint="The connection fails if the server presents another certificate.">
              {(props) => (
                <input {...props} type="text" className="mono" value={values.pinnedSha256} onChange={(event) => set('pinnedSha256', event.target.value)} spellCheck={false} autoComplete="off" />
              )}
            </Field>
            <div className="server-form__grid">
              <Field label="Connect timeout (ms)" error={errors.connectMs}>
                {(props) => <input {...props} type="number" min={500} step={500} value={values.connectMs} onChange={(event) => set('connectMs', event.target.value)} />}
              </Field>
              <Field label="Request timeout (ms)" error={errors.requestMs}>
                {(props) => <input {...props} type="number" min={500} step={500} value={values.requestMs} onChange={(event) => set('requestMs', event.target.value)} />}
              </Field>
            </div>
          </details>
        )}

        <div ref={checksRef}>
          {test.error && <ErrorView error={test.error} title="The test could not run" compact />}
          {report && (
            <ConnectionChecks
              report={report}
              pinnedSha256={values.pinnedSha256}
              onPin={(fingerprint) => set('pinnedSha256', fingerprint)}
            />
          )}
        </div>
        {save.error && <ErrorView error={save.error} title="The server was not saved" />}
        {remove.error && <ErrorView error={remove.error} title="The server was not removed" />}
      </form>
    </Dialog>
  );
}

/** Where the password or token typed here will be kept, as main's vault reports it (the status bar says the same). */
function SecretHint({ words }: { words: ReturnType<typeof describeVault> | undefined }) {
  if (!words) return <>It cannot be read back once saved.</>;
  if (words.persistent) return <>Kept in {words.where}, never in a file of the console. It cannot be read back.</>;
  return (
    <span className="server-form__vault-warning">
      Kept in {words.where}: you will have to type it again after a restart.
      {words.reason ? ` ${words.reason}` : ''} {words.advice}
    </span>
  );
}
