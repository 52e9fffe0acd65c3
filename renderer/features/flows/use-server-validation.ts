// Server-side validation (POST /flows/validate) shortly after typing stops: the newest answer
// wins, older requests are cancelled. Returns the markers and whether a check is running.
import { useEffect, useMemo, useState } from 'react';
import type { FlowValidation } from '../../../main/contract/kestra-model';
import type { EditorMarker } from '../../components/code-editor';
import { call } from '../../lib/call';
import { validationMarkers } from './flow-problems';

export const VALIDATION_DELAY_MS = 450;
/** Above this size the text is not sent on every pause (Kestra would refuse it at save anyway). */
export const MAX_LIVE_VALIDATION_CHARS = 2_000_000;

export interface ServerValidationState {
  markers: EditorMarker[];
  pending: boolean;
  /** When the check itself failed (server unreachable…), shown apart from the flow's problems. */
  error?: unknown;
  outdated?: boolean;
  /** Why the server was not asked (the text is too large to send on every pause). */
  skipped?: string;
}

export function useServerValidation(serverId: string, text: string, wanted: boolean): ServerValidationState {
  const tooLarge = text.length > MAX_LIVE_VALIDATION_CHARS;
  const enabled = wanted && !tooLarge;
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
    skipped: tooLarge ? `The flow is over ${MAX_LIVE_VALIDATION_CHARS / 1_000_000} million characters: the server checks it only when you save.` : undefined,
  };
}
