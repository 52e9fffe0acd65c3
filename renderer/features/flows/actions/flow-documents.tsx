// The flow workflows shared by the editor, the list, the palette and the shell's unsaved-changes
// guard: save (with stale-revision and revision-jump detection), create, delete with undo,
// duplicate, restore a revision, create on another server. They work without the editor mounted
// (the shell may save from another pane), and write only through flow-mutations.ts, on the
// QueryClient their caller passes.
import type { QueryClient } from '@tanstack/react-query';
import type { FlowWithSource } from '../../../../main/contract/kestra-model';
import type { ServerView } from '../../../../main/contract/servers';
import { DiffView, loadMonaco } from '../../../components/code-editor';
import { chooseAction, confirmAction, confirmDestructive } from '../../../components/confirm';
import { describeError } from '../../../components/error-view';
import { notify } from '../../../components/toasts';
import { call, KestraError } from '../../../lib/call';
import { runMutation } from '../../../lib/mutations';
import { consoleKeys } from '../../../lib/query-keys';
import { writePolicy } from '../../../lib/servers';
import { useWorkspace } from '../../../lib/workspace-store';
import { docTitle, isDirty, useFlowEditors, type FlowDoc } from '../editor-store';
import { duplicateFlowSource, flowKey, flowModelPath, newFlowTemplate, readFlowIdentity, uniqueFlowId } from '../flow-document';
import { flowCreate, flowDelete, flowUpdate } from './flow-mutations';

function serverById(client: QueryClient, serverId: string): ServerView | undefined {
  return client.getQueryData<ServerView[]>(consoleKeys.servers())?.find((server) => server.id === serverId);
}

function findDoc(serverId: string, key: string): FlowDoc | undefined {
  return useFlowEditors.getState().docs[serverId]?.find((doc) => doc.key === key);
}

/** Shows the editor on a document. */
export function showDoc(serverId: string, key: string, view: 'editor' | 'revisions' = 'editor'): void {
  const doc = findDoc(serverId, key);
  const params: Record<string, string> = doc?.saved ? { namespace: doc.saved.namespace, flowId: doc.saved.id, view } : { draft: key, view: 'editor' };
  useWorkspace.getState().navigate(serverId, { pane: 'flows', params });
}

function label(serverId: string, doc: FlowDoc): string {
  return doc.saved ? `flow ${doc.saved.namespace}.${doc.saved.id}` : docTitle(doc).toLowerCase();
}

const saving = new Set<string>();

function StaleDiff({ theirs, mine, revision }: { theirs: string; mine: string; revision: number }) {
  return (
    <div className="stale-diff">
      <p>
        Someone saved revision {revision} after you opened this flow. Left: the server’s revision {revision}. Right: your text. Saving now would replace their
        changes.
      </p>
      <div className="stale-diff__editor">
        <DiffView original={theirs} modified={mine} language="yaml" ariaLabel="Differences between the server’s revision and your text" originalLabel={`Server, revision ${revision}`} modifiedLabel="Your text" />
      </div>
    </div>
  );
}

async function createFrom(client: QueryClient, server: ServerView, key: string, text: string): Promise<FlowWithSource> {
  const created = await runMutation(client, flowCreate, { serverId: server.id, source: text, docKey: key });
  const newKey = useFlowEditors.getState().markSaved(server.id, key, { namespace: created.namespace, id: created.id, revision: created.revision }, text, true);
  useWorkspace.getState().setUnsaved(server.id, key, undefined);
  showDoc(server.id, newKey);
  return created;
}

/**
 * Saves a document's text verbatim. Before saving, a newer revision on the server (someone else
 * saved) is shown as a diff with a choice; after saving, a revision jump (someone saved in
 * between) is reported. Resolves true when the text is on the server.
 */
export async function saveFlowDoc(client: QueryClient, serverId: string, key: string): Promise<boolean> {
  const server = serverById(client, serverId);
  const doc = findDoc(serverId, key);
  if (!server || !doc) return false;
  const policy = writePolicy(server);
  if (!policy.canWrite) {
    notify({ kind: 'warning', title: 'Not saved', message: policy.reason });
    return false;
  }
  if (saving.has(`${serverId}\u0000${key}`)) return false;
  saving.add(`${serverId}\u0000${key}`);
  const text = doc.text;
  try {
    const identity = readFlowIdentity(text);
    if (!identity.id || !identity.namespace) {
      notify({ kind: 'error', title: 'Not saved', message: 'A flow needs an `id` and a `namespace` at the top level.' });
      return false;
    }
    if (!doc.saved) {
      const created = await createFrom(client, server, key, text);
      notify({ kind: 'success', title: `Created ${created.namespace}.${created.id}`, message: `Revision ${created.revision} on ${server.name}` });
      return true;
    }
    const { namespace, id, revision } = doc.saved;
    if (text === doc.baseline) {
      notify({ kind: 'info', title: 'Nothing to save', message: `${namespace}.${id} has no unsaved changes.`, timeoutMs: 2500 });
      return true;
    }
    if (identity.id !== id || identity.namespace !== namespace) {
      const choice = await chooseAction({
        title: 'The id or namespace changed',
        message: `Kestra flows cannot be renamed. Save this text as a new flow ${identity.namespace}.${identity.id}? The flow ${namespace}.${id} stays as it is on ${server.name}.`,
        choices: [{ id: 'create', label: 'Save as a new flow', variant: 'primary' }],
      });
      if (choice !== 'create') return false;
      const created = await createFrom(client, server, key, text);
      notify({ kind: 'success', title: `Created ${created.namespace}.${created.id}` });
      return true;
    }

    // Just before saving: has someone saved since this text was loaded?
    let latest: FlowWithSource | undefined;
    try {
      latest = await call('flows.get', { serverId, namespace, id });
    } catch (error) {
      if (!(error instanceof KestraError && error.status === 404)) throw error;
    }
    if (!latest) {
      const choice = await chooseAction({
        title: `${namespace}.${id} was deleted on ${server.name}`,
        message: 'Someone deleted this flow after you opened it. Create it again from your text?',
        choices: [{ id: 'create', label: 'Create it again', variant: 'primary' }],
      });
      if (choice !== 'create') return false;
      const created = await createFrom(client, server, key, text);
      notify({ kind: 'success', title: `Created ${created.namespace}.${created.id} again`, message: `Revision ${created.revision}` });
      return true;
    }
    let base = revision;
    if (latest.revision !== revision) {
      const choice = await chooseAction({
        title: `${namespace}.${id} changed on the server`,
        size: 'full',
        message: <StaleDiff theirs={latest.source} mine={text} revision={latest.revision} />,
        cancelLabel: 'Keep editing',
        choices: [
          { id: 'theirs', label: `Discard mine, load revision ${latest.revision}` },
          { id: 'overwrite', label: 'Overwrite with mine', variant: 'danger' },
        ],
      });
      if (!choice) return false;
      if (choice === 'theirs') {
        useFlowEditors.getState().markSaved(serverId, key, { namespace, id, revision: latest.revision }, latest.source);
        notify({ kind: 'info', title: `Loaded revision ${latest.revision}`, message: 'Your changes were discarded.' });
        return false;
      }
      base = latest.revision;
    }

    const saved = await runMutation(client, flowUpdate, { serverId, namespace, id, source: text, docKey: key });
    // Kestra keeps the revision when the text is unchanged; otherwise it is base + 1, unless
    // someone saved in the instant between our check and our save.
    if (saved.revision > base + 1) {
      notify({
        kind: 'warning',
        title: `Saved as revision ${saved.revision}, not ${base + 1}`,
        message: `Someone else saved ${namespace}.${id} while you were saving. Compare the revisions to check nothing was lost.`,
        action: { label: 'Compare revisions', run: () => showDoc(serverId, flowKey(namespace, id), 'revisions') },
        timeoutMs: 0,
      });
    } else {
      notify({ kind: 'success', title: `Saved ${namespace}.${id}`, message: `Revision ${saved.revision} on ${server.name}` });
    }
    // The saved text becomes the baseline; anything typed during the save stays in the buffer.
    useFlowEditors.getState().markSaved(serverId, key, { namespace, id, revision: saved.revision }, text, true);
    return true;
  } catch (error) {
    notify({ kind: 'error', title: `Could not save ${label(serverId, doc)}`, message: describeError(error) });
    return false;
  } finally {
    saving.delete(`${serverId}\u0000${key}`);
  }
}

/** Opens a new draft (in the selected namespace, with a free id) and shows it. */
export function newFlowDraft(serverId: string, namespace: string | undefined, takenIds: string[] = []): string {
  const docs = useFlowEditors.getState().docs[serverId] ?? [];
  const id = uniqueFlowId('new_flow', [...takenIds, ...docs.map((doc) => readFlowIdentity(doc.text).id ?? '')]);
  const key = useFlowEditors.getState().openDraft(serverId, newFlowTemplate(id, namespace ?? 'company.team'));
  showDoc(serverId, key);
  return key;
}

/** A draft copy of a saved flow with a new id (saved only when the user saves it). */
export async function duplicateFlow(serverId: string, namespace: string, id: string): Promise<void> {
  try {
    const flow = await call('flows.get', { serverId, namespace, id });
    const key = useFlowEditors.getState().openDraft(serverId, duplicateFlowSource(flow.source, uniqueFlowId(`${id}_copy`, [id])));
    showDoc(serverId, key);
  } catch (error) {
    notify({ kind: 'error', title: `Could not copy ${namespace}.${id}`, message: describeError(error) });
  }
}

/** Deletes a flow after confirmation (typed server name when the policy says so), with undo. */
export async function deleteFlow(client: QueryClient, server: ServerView, namespace: string, id: string): Promise<boolean> {
  const policy = writePolicy(server);
  if (!policy.canWrite) return false;
  const confirmed = await confirmDestructive({
    title: `Delete ${namespace}.${id}?`,
    message: `The flow is deleted on ${server.name}: its triggers stop and it can no longer run. Its executions and revisions stay.`,
    confirmLabel: 'Delete flow',
    server,
  });
  if (!confirmed) return false;
  try {
    // Keep the source for undo (Kestra soft-deletes; creating the same id again restores it).
    const flow = await call('flows.get', { serverId: server.id, namespace, id });
    await runMutation(client, flowDelete, { serverId: server.id, namespace, id, ...confirmed });
    const key = flowKey(namespace, id);
    useFlowEditors.getState().close(server.id, key);
    useWorkspace.getState().setUnsaved(server.id, key, undefined);
    const location = useWorkspace.getState().tabs[server.id]?.location;
    if (location?.pane === 'flows' && location.params.flowId === id && location.params.namespace === namespace) {
      useWorkspace.getState().navigate(server.id, { pane: 'flows', params: {} });
    }
    notify({
      kind: 'success',
      title: `Deleted ${namespace}.${id}`,
      action: {
        label: 'Undo',
        run: async () => {
          try {
            await runMutation(client, flowCreate, { serverId: server.id, source: flow.source });
            notify({ kind: 'success', title: `Restored ${namespace}.${id}` });
          } catch (error) {
            notify({ kind: 'error', title: `Could not restore ${namespace}.${id}`, message: describeError(error) });
          }
        },
      },
    });
    return true;
  } catch (error) {
    notify({ kind: 'error', title: `Could not delete ${namespace}.${id}`, message: describeError(error) });
    return false;
  }
}

/** Closes a document, asking first when it has unsaved changes. */
export async function closeDoc(client: QueryClient, serverId: string, key: string): Promise<boolean> {
  const doc = findDoc(serverId, key);
  if (!doc) return true;
  if (isDirty(doc)) {
    const choice = await chooseAction({
      title: `Close ${docTitle(doc)}?`,
      message: 'It has unsaved changes.',
      choices: [
        { id: 'discard', label: 'Discard changes', variant: 'danger' },
        { id: 'save', label: 'Save and close', variant: 'primary' },
      ],
    });
    if (!choice) return false;
    if (choice === 'save' && !(await saveFlowDoc(client, serverId, key))) return false;
  }
  // A draft saved just now lives on under its flow key.
  const identity = readFlowIdentity(doc.text);
  const closingKey = findDoc(serverId, key) || !identity.namespace || !identity.id ? key : flowKey(identity.namespace, identity.id);
  const docs = useFlowEditors.getState().docs[serverId] ?? [];
  const index = docs.findIndex((candidate) => candidate.key === closingKey);
  useFlowEditors.getState().close(serverId, closingKey);
  useWorkspace.getState().setUnsaved(serverId, key, undefined);
  useWorkspace.getState().setUnsaved(serverId, closingKey, undefined);
  void disposeModel(serverId, closingKey);
  // Show the neighbouring document, or the list.
  const remaining = useFlowEditors.getState().docs[serverId] ?? [];
  const next = remaining[Math.min(index, remaining.length - 1)];
  if (next) showDoc(serverId, next.key);
  else useWorkspace.getState().navigate(serverId, { pane: 'flows', params: {} });
  return true;
}

async function disposeModel(serverId: string, key: string): Promise<void> {
  const { monaco } = await loadMonaco();
  monaco.editor.getModel(monaco.Uri.parse(flowModelPath(serverId, key)))?.dispose();
}

/**
 * Mirrors dirty documents into the workspace's unsaved registry, so the shell marks the server
 * tab and guards switching and closing (with Save and Discard wired to these documents).
 */
export function syncUnsavedDocuments(): () => void {
  const sync = (state: { docs: Record<string, FlowDoc[]> }): void => {
    const workspace = useWorkspace.getState();
    for (const [serverId, docs] of Object.entries(state.docs)) {
      const registered = workspace.unsaved[serverId] ?? {};
      for (const doc of docs) {
        const dirty = isDirty(doc);
        if (dirty && !registered[doc.key]) {
          workspace.setUnsaved(serverId, doc.key, {
            label: label(serverId, doc),
            save: (client) => saveFlowDoc(client, serverId, doc.key),
            discard: () => useFlowEditors.getState().close(serverId, doc.key),
          });
        } else if (!dirty && registered[doc.key]) workspace.setUnsaved(serverId, doc.key, undefined);
      }
      // Documents that disappeared (closed, re-keyed after a first save).
      for (const key of Object.keys(registered)) {
        if (key.startsWith('flow:') || key.startsWith('draft:')) {
          if (!docs.some((doc) => doc.key === key)) workspace.setUnsaved(serverId, key, undefined);
        }
      }
    }
  };
  // Drafts restored from the last session count from the start.
  sync(useFlowEditors.getState());
  return useFlowEditors.subscribe((state, previous) => {
    if (state.docs !== previous.docs) sync(state);
  });
}

/** Saves a revision's text as a new revision (after confirmation); resolves true when saved. */
export async function restoreRevision(client: QueryClient, server: ServerView, doc: FlowDoc & { saved: NonNullable<FlowDoc['saved']> }, revision: number, source: string): Promise<boolean> {
  const { namespace, id } = doc.saved;
  const current = useFlowEditors.getState().docs[server.id]?.find((candidate) => candidate.key === doc.key);
  const confirmed = await confirmAction({
    title: `Restore revision ${revision}?`,
    message: `Its text is saved as a new revision of ${namespace}.${id} on ${server.name}.${isDirty(current) ? ' Your unsaved changes in the editor are replaced.' : ''}`,
    confirmLabel: `Restore revision ${revision}`,
    danger: false,
    server,
  });
  if (!confirmed) return false;
  try {
    const saved = await runMutation(client, flowUpdate, { serverId: server.id, namespace, id, source, docKey: doc.key });
    useFlowEditors.getState().markSaved(server.id, doc.key, { namespace, id, revision: saved.revision }, source);
    notify({ kind: 'success', title: `Restored revision ${revision}`, message: `Saved as revision ${saved.revision}` });
    return true;
  } catch (error) {
    notify({ kind: 'error', title: `Could not restore revision ${revision}`, message: describeError(error) });
    return false;
  }
}

/** Creates a flow from this text on another server (after confirmation; that server's policy applies). */
export async function createFlowOn(client: QueryClient, target: ServerView, identity: { namespace?: string; id?: string }, source: string): Promise<boolean> {
  const confirmed = await confirmAction({
    title: `Create ${identity.namespace}.${identity.id} on ${target.name}?`,
    message: 'The text in this editor becomes revision 1 of the flow on that server.',
    confirmLabel: `Create on ${target.name}`,
    danger: target.environment === 'production',
    server: target,
  });
  if (!confirmed) return false;
  try {
    const created = await runMutation(client, flowCreate, { serverId: target.id, source });
    notify({ kind: 'success', title: `Created on ${target.name}`, message: `${created.namespace}.${created.id}, revision ${created.revision}` });
    return true;
  } catch (error) {
    notify({ kind: 'error', title: `Could not create it on ${target.name}`, message: describeError(error) });
    return false;
  }
}
