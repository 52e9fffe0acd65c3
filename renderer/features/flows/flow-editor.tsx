// One flow document in Monaco: schema-aware YAML (monaco-yaml with the server's flow schema),
// server validation as markers and in the problems list, Save (Ctrl/Cmd+S), Run (Ctrl/Cmd+E),
// revisions, cross-server compare, duplicate and delete.
import { useState, useRef } from 'react';
import type { ServerView } from '../../../main/contract/servers';
import { Button, WriteButton } from '../../components/button';
import { CodeEditor, type CodeEditorApi, type EditorMarker } from '../../components/code-editor';
import { chooseAction } from '../../components/confirm';
import { MenuButton } from '../../components/menu';
import { useRegisterActions } from '../../lib/actions';
import { writePolicy } from '../../lib/servers';
import { CompareDialog } from './compare-dialog';
import { docTitle, isDirty, useFlowEditors, type FlowDoc } from './editor-store';
import { deleteFlow, duplicateFlow, saveFlowDoc, showDoc } from './flow-commands';
import { flowModelPath, readFlowIdentity } from './flow-document';
import { ProblemsPanel } from './problems-panel';
import { RunFlowDialog } from './run-flow-dialog';
import { useFlowSchema } from './use-flow-schema';
import { useServerValidation } from './use-server-validation';

export function FlowEditor({ server, doc }: { server: ServerView; doc: FlowDoc }) {
  const policy = writePolicy(server);
  const setText = useFlowEditors((state) => state.setText);
  const schema = useFlowSchema(server.id);
  const validation = useServerValidation(server.id, doc.text, true);
  const [markers, setMarkers] = useState<EditorMarker[]>([]);
  const [running, setRunning] = useState(false);
  const [comparing, setComparing] = useState(false);
  const [saving, setSaving] = useState(false);
  const apiRef = useRef<CodeEditorApi | undefined>(undefined);
  const dirty = isDirty(doc);
  const saved = doc.saved;

  const save = async (): Promise<void> => {
    setSaving(true);
    try {
      await saveFlowDoc(server.id, doc.key);
    } finally {
      setSaving(false);
    }
  };

  const run = async (): Promise<void> => {
    if (!saved) return;
    if (isDirty(useFlowEditors.getState().docs[server.id]?.find((candidate) => candidate.key === doc.key))) {
      const choice = await chooseAction({
        title: 'Run with unsaved changes?',
        message: `An execution runs the flow as saved on ${server.name} (revision ${saved.revision}), not the text in the editor.`,
        choices: [
          { id: 'saved', label: `Run revision ${saved.revision}` },
          { id: 'save', label: 'Save, then run', variant: 'primary' },
        ],
      });
      if (!choice) return;
      if (choice === 'save' && !(await saveFlowDoc(server.id, doc.key))) return;
    }
    setRunning(true);
  };

  useRegisterActions('flow-editor', [
    { id: 'flows.save', label: 'Save flow', group: 'Flow editor', shortcut: 'Mod+S', keywords: ['write'], perform: () => void save() },
    {
      id: 'flows.run',
      label: 'Run flow…',
      group: 'Flow editor',
      shortcut: 'Mod+E',
      keywords: ['execute', 'trigger'],
      isAvailable: () => !!saved && policy.canWrite,
      perform: () => void run(),
    },
    { id: 'flows.revisions', label: 'Show revisions', group: 'Flow editor', keywords: ['history', 'diff'], isAvailable: () => !!saved, perform: () => showDoc(server.id, doc.key, 'revisions') },
    { id: 'flows.compare', label: 'Compare with another server…', group: 'Flow editor', keywords: ['diff', 'server'], perform: () => setComparing(true) },
  ]);

  const identity = readFlowIdentity(doc.text);
  const status = saving ? 'Saving…' : dirty ? 'Unsaved changes' : saved ? `Revision ${saved.revision}` : 'Not saved yet';

  return (
    <div className="flow-editor" aria-label={`Flow editor: ${docTitle(doc)}`} role="region">
      <div className="flow-editor__toolbar">
        <div className="flow-editor__title">
          <span className="flow-editor__ns">{saved?.namespace ?? identity.namespace ?? '—'}</span>
          <h2>{saved?.id ?? identity.id ?? 'New flow'}</h2>
          <span className={`flow-editor__status${dirty ? ' flow-editor__status--dirty' : ''}`} role="status">
            {status}
          </span>
          {schema.error && <span className="flow-editor__warn">Schema unavailable: completion is off</span>}
        </div>
        <div className="flow-editor__actions">
          <WriteButton server={server} variant="primary" icon="save" shortcut="Mod+S" busy={saving} onClick={() => void save()}>
            Save
          </WriteButton>
          <WriteButton server={server} icon="play" shortcut="Mod+E" disabledReason={saved ? undefined : 'Save the flow before running it'} onClick={() => void run()}>
            Run
          </WriteButton>
          <Button icon="history" disabledReason={saved ? undefined : 'No revisions before the first save'} onClick={() => showDoc(server.id, doc.key, 'revisions')}>
            Revisions
          </Button>
          <MenuButton
            label="More flow actions"
            items={[
              { id: 'compare', label: 'Compare with another server…', icon: 'diff', onSelect: () => setComparing(true) },
              {
                id: 'duplicate',
                label: 'Duplicate',
                icon: 'copy',
                disabledReason: saved ? undefined : 'Save the flow first',
                onSelect: () => saved && void duplicateFlow(server.id, saved.namespace, saved.id),
              },
              {
                id: 'delete',
                label: 'Delete flow…',
                icon: 'trash',
                danger: true,
                hidden: !policy.canWrite,
                disabledReason: saved ? undefined : 'This flow is not saved',
                onSelect: () => saved && void deleteFlow(server, saved.namespace, saved.id),
              },
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
          markers={{ owner: 'kestra-server', markers: validation.markers }}
          onMarkersChange={setMarkers}
          onMount={(api) => {
            apiRef.current = api;
            api.focus();
          }}
        />
      </div>
      <ProblemsPanel markers={markers} checking={validation.pending} checkError={validation.error} skipped={validation.skipped} onReveal={(marker) => apiRef.current?.revealPosition(marker.startLineNumber, marker.startColumn)} />
      {running && saved && <RunFlowDialog server={server} namespace={saved.namespace} flowId={saved.id} onClose={() => setRunning(false)} />}
      {comparing && <CompareDialog server={server} doc={doc} onClose={() => setComparing(false)} />}
    </div>
  );
}
