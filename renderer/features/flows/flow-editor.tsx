// One flow document in Monaco: schema-aware YAML (monaco-yaml with the server's flow schema),
// server validation as markers and in the problems list, Save (Ctrl/Cmd+S), Run (Ctrl/Cmd+E),
// revisions, cross-server compare, duplicate and delete.
import { useIsMutating } from '@tanstack/react-query';
import { useMemo, useState, useRef } from 'react';
import type { ServerView } from '../../../main/contract/servers';
import { ActionButton, actionMenuItem } from '../../components/action-button';
import { CodeEditor, type CodeEditorApi, type EditorMarker } from '../../components/code-editor';
import { MenuButton } from '../../components/menu';
import { useProvideView, type ActionContext } from '../../lib/actions';
import { writePolicy } from '../../lib/servers';
import {
  flowCompareAction,
  flowDeleteAction,
  flowDuplicateAction,
  flowEditorView,
  flowRevisionsAction,
  flowRunAction,
  flowSaveAction,
} from './actions/flow-actions';
import { CompareDialog } from './compare-dialog';
import { cursorOf, docTitle, isDirty, useFlowEditors, type FlowDoc } from './editor-store';
import { flowModelPath, readFlowIdentity } from './flow-document';
import { knownPluginTypes, rewordTypeProblem } from './plugin-types';
import { ProblemsPanel } from './problems-panel';
import { clearSaveProblem, useSaveProblem } from './save-problems';
import { RunFlowDialog } from './run-flow-dialog';
import { useFlowSchema } from './use-flow-schema';
import { useServerValidation } from './use-server-validation';

/** `context`: the flows pane's, whose location shows this document (the toolbar's actions act on it). */
export function FlowEditor({ server, doc, context }: { server: ServerView; doc: FlowDoc; context: ActionContext }) {
  const policy = writePolicy(server);
  const setText = useFlowEditors((state) => state.setText);
  const setView = useFlowEditors((state) => state.setView);
  const schema = useFlowSchema(server.id);
  // The schema's "Value must be …" about an unknown plugin type, said as Kestra means it.
  const knownTypes = useMemo(() => knownPluginTypes(schema.data?.schema), [schema.data]);
  const validation = useServerValidation(server.id, doc.text, true);
  const [markers, setMarkers] = useState<EditorMarker[]>([]);
  const [running, setRunning] = useState(false);
  const [comparing, setComparing] = useState(false);
  // Saving, whoever asked (the toolbar, Mod+S, the palette, the shell's guard): the flow mutations of this document.
  const saving = useIsMutating({ predicate: (mutation) => (mutation.state.variables as { docKey?: string } | undefined)?.docKey === doc.key && mutation.options.mutationKey?.[0] === 'flows' }) > 0;
  const apiRef = useRef<CodeEditorApi | undefined>(undefined);
  const dirty = isDirty(doc);
  const saved = doc.saved;

  useProvideView(flowEditorView, { openRun: () => setRunning(true), openCompare: () => setComparing(true) });

  const identity = readFlowIdentity(doc.text);
  const cursor = cursorOf(doc.view);
  const saveProblem = useSaveProblem(server.id, doc.key);
  const status = saving ? 'Saving…' : dirty ? 'Unsaved changes' : saved ? `Revision ${saved.revision}` : 'Not saved yet';

  return (
    <div className="flow-editor" aria-label={`Flow editor: ${docTitle(doc)}`} role="region">
      <div className="flow-editor__toolbar">
        <div className="flow-editor__title">
          <span className="flow-editor__ns" title={saved?.namespace ?? identity.namespace}>
            {saved?.namespace ?? identity.namespace ?? '—'}
          </span>
          <h2 title={saved?.id ?? identity.id}>{saved?.id ?? identity.id ?? 'New flow'}</h2>
          <span className={`flow-editor__status${dirty ? ' flow-editor__status--dirty' : ''}`} role="status">
            {status}
          </span>
          {schema.error && <span className="flow-editor__warn">Schema unavailable: completion is off</span>}
        </div>
        <div className="flow-editor__actions">
          <ActionButton action={flowSaveAction} context={context} variant="primary" icon="save" busy={saving} />
          <ActionButton action={flowRunAction} context={context} icon="play" />
          <ActionButton action={flowRevisionsAction} context={context} icon="history" />
          <MenuButton
            label="More flow actions"
            items={[
              actionMenuItem(flowCompareAction, context, { icon: 'diff' }),
              actionMenuItem(flowDuplicateAction, context, { icon: 'copy' }),
              actionMenuItem(flowDeleteAction, context, { icon: 'trash', danger: true }),
            ]}
          />
        </div>
      </div>
      <div className="flow-editor__body">
        <CodeEditor
          path={flowModelPath(server.id, doc.key)}
          language="yaml"
          value={doc.text}
          onChange={(text) => setText(server.id, doc.key, text)}
          readOnly={!policy.canWrite}
          ariaLabel="Flow YAML editor"
          keepModel
          rewordMarker={(marker, text) =>
            marker.owner === 'kestra-server' ? undefined : rewordTypeProblem(marker.message, text, marker.startLineNumber, marker.startColumn, knownTypes)
          }
          viewState={doc.view}
          onViewStateChange={(view) => setView(server.id, doc.key, view)}
          markers={{ owner: 'kestra-server', markers: validation.markers }}
          onMarkersChange={setMarkers}
          onMount={(api) => {
            apiRef.current = api;
            api.focus();
          }}
        />
      </div>
      <ProblemsPanel
        trailing={
          cursor && (
            <span className="problems__cursor" aria-label={`Cursor at line ${cursor.lineNumber}, column ${cursor.column}`}>
              Ln {cursor.lineNumber}, Col {cursor.column}
            </span>
          )
        }
        saveProblem={saveProblem}
        onDismissSaveProblem={() => clearSaveProblem(server.id, doc.key)}
        markers={markers} checking={validation.pending} checkError={validation.error} skipped={validation.skipped} onReveal={(marker) => apiRef.current?.revealPosition(marker.startLineNumber, marker.startColumn)} />
      {running && saved && <RunFlowDialog server={server} namespace={saved.namespace} flowId={saved.id} onClose={() => setRunning(false)} />}
      {comparing && <CompareDialog server={server} doc={doc} onClose={() => setComparing(false)} />}
    </div>
  );
}
