// Props of the lazily loaded Monaco wrappers (kept apart so importing them loads no Monaco).

export type MarkerSeverity = 'error' | 'warning' | 'info' | 'hint';

/** A diagnostic in editor coordinates (1-based lines and columns). */
export interface EditorMarker {
  severity: MarkerSeverity;
  message: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  source?: string;
  /** Who set it: 'yaml' (schema validation), or the owner given in `markers`. */
  owner?: string;
}

/** Imperative handle, given once the editor has mounted. */
export interface CodeEditorApi {
  focus(): void;
  revealPosition(lineNumber: number, column?: number): void;
  getValue(): string;
  /** Replaces the whole text as one undoable edit. */
  replaceAll(text: string): void;
  layout(): void;
}

export interface CodeEditorProps {
  value: string;
  onChange?(value: string): void;
  /**
   * The model's URI ("file:///kestra/<server>/flows/ns/id.yaml") or a plain file path; one model
   * per path. Also chooses the language by extension when `language` is not given.
   */
  path: string;
  language?: string;
  readOnly?: boolean;
  /** Accessible name of the editor. */
  ariaLabel: string;
  /** Markers set under `owner` (e.g. the server's validation), replaced whenever this changes. */
  markers?: { owner: string; markers: EditorMarker[] };
  /** Every marker of the model (all owners), whenever they change. */
  onMarkersChange?(markers: EditorMarker[]): void;
  onMount?(api: CodeEditorApi): void;
  /** Keep the model (text, undo history) after unmounting, for tabbed documents. */
  keepModel?: boolean;
  /**
   * Cursor, selection and scroll to restore on mount (what `onViewStateChange` last gave: the
   * editor's view state as plain JSON, safe to persist).
   */
  viewState?: unknown;
  /** The view state after the cursor moves or the text scrolls (debounced), and once more on unmount. */
  onViewStateChange?(viewState: unknown): void;
  minimap?: boolean;
  wordWrap?: boolean;
  fontSize?: number;
  className?: string;
}

export interface DiffViewProps {
  original: string;
  modified: string;
  language?: string;
  /** Used to pick the language by extension when `language` is not given. */
  path?: string;
  sideBySide?: boolean;
  ariaLabel: string;
  /** Labels above the two sides, e.g. "Revision 3" and "Revision 5". */
  originalLabel?: string;
  modifiedLabel?: string;
  modifiedEditable?: boolean;
  onModifiedChange?(value: string): void;
  className?: string;
}
