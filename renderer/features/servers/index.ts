// Server profiles: the add/edit dialog with its connection test. The shell's server rail and
// tabs use it (servers are not a pane).
export { ServerEditorDialog, type ServerEditorDialogProps } from './server-editor-dialog';
export { ConnectionChecks } from './connection-checks';
