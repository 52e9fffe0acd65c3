// Server-side validation (POST /flows/validate) shortly after typing stops: the newest answer
// wins, older requests are cancelled. Returns the markers and whether a check is running.
import { useEffect, useMemo, useState } from 'react';
import type { FlowValidation } from '../../../main/contract/kestra-model';
import type { EditorMarker } from '../../components/code-editor';
import { call } from '../../lib/call';
import { validationMarkers } from './flow-problems';

export const VALIDATION_DELAY_MS = 450;

export interface ServerValidationState {
  markers: EditorMarker[];
  pending: boolean;
  /** When the check itself failed (server unreachable…), shown apart from the flow's problems. */
  error?: unknown;
  outdated?: boolean;
}

export function useServerValidation(serverId: string, text: string, enabled: boolean): ServerValidationState {
  const [result, setResult] = useState<{ text: string; validation?: FlowValidation; error?: unknown }>();
  useEffect(() => {
    if (!enabled || text.trim() === '') return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      call('flows.validate', { serverId, source: text }, { signal: controller.signal })
        .then((answer) => {
          if (!controller.signal.aborted) setResult({ text, validation: answer[0] });
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setResult({ text, error });
        });
    }, VALIDATION_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [serverId, text, enabled]);

  const markers = useMemo(() => (result && enabled && result.text.trim() ? validationMarkers(result.text, result.validation) : []), [result, enabled]);
  return {
    markers,
    pending: enabled && text.trim() !== '' && result?.text !== text,
    error: result?.error,
    outdated: result?.validation?.outdated,
  };
}
