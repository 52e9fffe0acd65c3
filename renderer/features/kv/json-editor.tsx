// JSON values in Monaco. Monaco's JSON worker marks syntax errors in place; the form's message
// (parseKvDraft) says where the first one is, so no second set of markers is added here.
import { CodeEditor } from '../../components/code-editor';

export function JsonEditor({ id, value, onChange, describedBy }: { id: string; value: string; onChange(text: string): void; describedBy?: string }) {
  return (
    <div className="kv-editor__json kv-editor__value" id={id} aria-describedby={describedBy}>
      <CodeEditor path={`kv-value-${id.replace(/[^a-zA-Z0-9]/g, '')}.json`} language="json" value={value} onChange={onChange} ariaLabel="JSON value" minimap={false} />
    </div>
  );
}
