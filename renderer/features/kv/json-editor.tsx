// JSON values in Monaco, with the parse problem shown as a marker at its exact position.
import { useMemo } from 'react';
import { CodeEditor, type EditorMarker } from '../../components/code-editor';
import { parseJsonWithPosition } from './lib/json-position';

export function JsonEditor({ id, value, onChange, describedBy }: { id: string; value: string; onChange(text: string): void; describedBy?: string }) {
  const markers = useMemo((): EditorMarker[] => {
    const parsed = parseJsonWithPosition(value);
    if (parsed.ok) return [];
    const { line, column, message } = parsed.problem;
    return [{ severity: 'error', message, startLineNumber: line, startColumn: column, endLineNumber: line, endColumn: column + 1 }];
  }, [value]);
  return (
    <div className="kv-editor__json kv-editor__value" id={id} aria-describedby={describedBy}>
      <CodeEditor path={`kv-value-${id.replace(/[^a-zA-Z0-9]/g, '')}.json`} language="json" value={value} onChange={onChange} ariaLabel="JSON value" markers={{ owner: 'kv-json', markers }} minimap={false} />
    </div>
  );
}
