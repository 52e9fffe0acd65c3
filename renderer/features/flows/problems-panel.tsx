// Every problem of the open flow (schema validation while typing, the server's validation), by
// severity then line; choosing one moves the cursor there.
import type { ReactNode } from 'react';
import type { EditorMarker } from '../../components/code-editor';
import { ErrorView } from '../../components/error-view';
import { Icon, type IconName } from '../../components/icons';
import { Spinner } from '../../components/misc';

const ORDER = { error: 0, warning: 1, info: 2, hint: 3 } as const;
const ICONS: Record<EditorMarker['severity'], IconName> = { error: 'error', warning: 'warning', info: 'info', hint: 'info' };
const WORDS: Record<EditorMarker['severity'], string> = { error: 'Error', warning: 'Warning', info: 'Info', hint: 'Hint' };

export function sortMarkers(markers: EditorMarker[]): EditorMarker[] {
  return [...markers].sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.startLineNumber - b.startLineNumber || a.startColumn - b.startColumn);
}

function sourceLabel(marker: EditorMarker): string {
  if (marker.owner === 'kestra-server' || marker.source === 'Kestra server') return 'server';
  if (marker.owner === 'yaml' || marker.source?.startsWith('yaml')) return 'schema';
  return marker.source ?? marker.owner ?? '';
}

export function ProblemsPanel({
  markers,
  checking,
  checkError,
  skipped,
  trailing,
  onReveal,
}: {
  markers: EditorMarker[];
  checking: boolean;
  checkError?: unknown;
  skipped?: string;
  /** Shown at the end of the header (the cursor position). */
  trailing?: ReactNode;
  onReveal(marker: EditorMarker): void;
}) {
  const sorted = sortMarkers(markers);
  const errors = markers.filter((marker) => marker.severity === 'error').length;
  const warnings = markers.filter((marker) => marker.severity === 'warning').length;
  return (
    <section className="problems" aria-label="Problems">
      <div className="problems__head">
        <h3>Problems</h3>
        <span className="problems__counts" aria-live="polite">
          {errors} {errors === 1 ? 'error' : 'errors'}, {warnings} {warnings === 1 ? 'warning' : 'warnings'}
        </span>
        {checking && (
          <span className="problems__checking">
            <Spinner label="Checking with the server" /> Checking with the server…
          </span>
        )}
        {trailing}
      </div>
      {Boolean(checkError) && <ErrorView error={checkError} title="The server could not check this flow" compact />}
      {skipped && <p className="problems__note">{skipped}</p>}
      {sorted.length === 0 ? (
        <p className="problems__empty">{checking ? 'Checking…' : 'No problems.'}</p>
      ) : (
        <ul className="problems__list" aria-label="Problem list">
          {sorted.map((marker, index) => (
            <li key={`${marker.owner}-${marker.startLineNumber}-${marker.startColumn}-${index}`}>
              <button
                type="button"
                className={`problems__item problems__item--${marker.severity}`}
                onClick={() => onReveal(marker)}
                aria-label={`${WORDS[marker.severity]} on line ${marker.startLineNumber} (${sourceLabel(marker)}): ${marker.message}`}
              >
                <Icon name={ICONS[marker.severity]} />
                <span className="problems__message">{marker.message}</span>
                <span className="problems__where">
                  {sourceLabel(marker)} · line {marker.startLineNumber}:{marker.startColumn}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
