// The tenant of a server: typed, or picked from the tenants the account may use when the server
// lists them (Enterprise: `kestra.tenants`, which reads /api/v1/me with the credentials being
// entered, before anything is saved). Open-source servers have one tenant and no list.
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { TenantList } from '../../../main/contract/capabilities';
import type { MethodParams } from '../../../main/contract/methods';
import { Button } from '../../components/button';
import { describeError } from '../../components/error-view';
import { Field } from '../../components/field';
import { call } from '../../lib/call';

export interface TenantFieldProps {
  value: string;
  error?: string;
  onChange(tenant: string): void;
  /** How to reach the server as the form stands (a draft, or the saved server when unchanged). */
  target(): MethodParams<'kestra.tenants'>;
  /** Set when a connection test found an Enterprise server: the list is fetched then. */
  enterpriseSeen: boolean;
}

export function TenantField({ value, error, onChange, target, enterpriseSeen }: TenantFieldProps) {
  const list = useMutation({ mutationFn: (): Promise<TenantList> => call('kestra.tenants', target()) });
  const listed = list.data?.listed ? list.data.tenants : [];
  const fetchedFor = useRef(false);
  const { mutate } = list;

  // A test that found an Enterprise server fetches the tenant list once, and fills the only tenant in.
  useEffect(() => {
    if (!enterpriseSeen || fetchedFor.current) return;
    fetchedFor.current = true;
    mutate(undefined, {
      onSuccess: (result) => {
        if (result.listed && result.tenants.length === 1 && !value) onChange(result.tenants[0]!.id);
      },
    });
  }, [enterpriseSeen, mutate, onChange, value]);

  const hint = list.isError
    ? `Could not list the tenants: ${describeError(list.error)}`
    : list.data && !list.data.listed
      ? list.data.reason
      : listed.length > 0
        ? `${listed.length} tenant${listed.length === 1 ? '' : 's'} available to this account.`
        : 'Enterprise tenant id. Leave empty to detect it (open source: main).';

  return (
    <Field
      label="Tenant"
      error={error}
      hint={hint}
      aside={
        <Button size="sm" variant="ghost" icon="refresh" busy={list.isPending} onClick={() => list.mutate()}>
          List tenants
        </Button>
      }
    >
      {(props) =>
        listed.length > 0 ? (
          <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
            <option value="">Detect (main)</option>
            {!listed.some((t) => t.id === value) && value && <option value={value}>{value} (not in your list)</option>}
            {listed.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name && t.name !== t.id ? `${t.name} (${t.id})` : t.id}
              </option>
            ))}
          </select>
        ) : (
          <input {...props} type="text" value={value} onChange={(event) => onChange(event.target.value)} autoComplete="off" />
        )
      }
    </Field>
  );
}
