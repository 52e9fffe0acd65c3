// Promise-based confirmation for destructive actions: `await confirmAction({...})` resolves true
// when confirmed. On a server whose safety policy asks for it (or with `typeToConfirm`), the user
// must type the server's name before the confirm button works. <ConfirmHost/> (in the shell)
// renders the open request.
import { useState, type FormEvent, type ReactNode } from 'react';
import { create } from 'zustand';
import type { ServerView } from '../../main/contract/servers';
import { Button } from './button';
import { Dialog } from './dialog';
import './confirm.css';

export interface ConfirmOptions {
  title: string;
  message?: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  /** Red confirm button; default true (this is for destructive actions). */
  danger?: boolean;
  /** The server the action hits: its name must be typed when its policy says so. */
  server?: ServerView;
  /** Text the user must type, regardless of policy (overrides the server's name). */
  typeToConfirm?: string;
}

interface ConfirmRequest extends ConfirmOptions {
  id: number;
  resolve(confirmed: boolean, typed: string): void;
}

let nextId = 1;

interface ConfirmState {
  queue: ConfirmRequest[];
}

const useConfirmStore = create<ConfirmState>(() => ({ queue: [] }));

/** The text that must be typed for these options, if any. A server's policy wins: main checks its name. */
export function requiredConfirmation(options: ConfirmOptions): string | undefined {
  if (options.server?.policy.confirmDestructive) return options.server.name;
  if (options.typeToConfirm) return options.typeToConfirm;
  return undefined;
}

export function confirmAction(options: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    useConfirmStore.setState((state) => ({ queue: [...state.queue, { ...options, id: nextId++, resolve: (confirmed) => resolve(confirmed) }] }));
  });
}

/**
 * Confirms a destructive call and resolves what main needs to let it through: `{ confirmation }`
 * (the server's name as the user typed it) when the server's policy asks, `{}` otherwise, or null
 * when dismissed. Spread it into the call's params.
 */
export function confirmDestructive(options: ConfirmOptions & { server: ServerView }): Promise<{ confirmation?: string } | null> {
  return new Promise((resolve) => {
    const settled = (confirmed: boolean, typed: string): void => {
      if (!confirmed) resolve(null);
      else resolve(options.server.policy.confirmDestructive ? { confirmation: typed } : {});
    };
    useConfirmStore.setState((state) => ({ queue: [...state.queue, { ...options, id: nextId++, resolve: settled }] }));
  });
}

function settle(request: ConfirmRequest, confirmed: boolean, typed = ''): void {
  useConfirmStore.setState((state) => ({ queue: state.queue.filter((item) => item !== request) }));
  request.resolve(confirmed, typed);
}

export function ConfirmHost() {
  const request = useConfirmStore((state) => state.queue[0]);
  if (!request) return null;
  return <ConfirmDialog key={request.id} request={request} />;
}

function ConfirmDialog({ request }: { request: ConfirmRequest }) {
  const [typed, setTyped] = useState('');
  const required = requiredConfirmation(request);
  const matches = required === undefined || typed === required;
  const danger = request.danger ?? true;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (matches) settle(request, true, typed);
  };
  return (
    <Dialog
      title={request.title}
      size="sm"
      onClose={() => settle(request, false)}
      initialFocus={required !== undefined ? '.confirm__input' : '.confirm__cancel'}
      footer={
        <>
          <Button className="confirm__cancel" onClick={() => settle(request, false)}>
            {request.cancelLabel ?? 'Cancel'}
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} type="submit" form="confirm-form" disabled={!matches}>
            {request.confirmLabel ?? 'Confirm'}
          </Button>
        </>
      }
    >
      <form id="confirm-form" className="confirm" onSubmit={submit}>
        {request.message && <div className="confirm__message">{request.message}</div>}
        {required !== undefined && (
          <label className="confirm__type">
            <span>
              {request.server && !request.typeToConfirm ? (
                <>
                  <strong>{request.server.name}</strong> asks for confirmation: type its name to continue.
                </>
              ) : (
                <>
                  Type <strong>{required}</strong> to continue.
                </>
              )}
            </span>
            <input
              className="confirm__input"
              type="text"
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              aria-label={`Type ${required} to confirm`}
              autoComplete="off"
              spellCheck={false}
            />
          </label>
        )}
      </form>
    </Dialog>
  );
}

// Choices beyond yes/no, e.g. "Save all / Switch anyway / Cancel". Resolves the chosen id, or
// undefined when dismissed.
export interface ChoiceOptions<T extends string> {
  title: string;
  message?: ReactNode;
  choices: { id: T; label: string; variant?: 'primary' | 'secondary' | 'danger' }[];
  cancelLabel?: string;
  /** Wider dialogs for rich messages (e.g. a diff). */
  size?: 'sm' | 'md' | 'lg' | 'full';
}

interface ChoiceRequest {
  id: number;
  options: ChoiceOptions<string>;
  resolve(choice: string | undefined): void;
}

const useChoiceStore = create<{ queue: ChoiceRequest[] }>(() => ({ queue: [] }));

export function chooseAction<T extends string>(options: ChoiceOptions<T>): Promise<T | undefined> {
  return new Promise((resolve) => {
    useChoiceStore.setState((state) => ({
      queue: [...state.queue, { id: nextId++, options: options as ChoiceOptions<string>, resolve: resolve as (choice: string | undefined) => void }],
    }));
  });
}

function settleChoice(request: ChoiceRequest, choice: string | undefined): void {
  useChoiceStore.setState((state) => ({ queue: state.queue.filter((item) => item !== request) }));
  request.resolve(choice);
}

export function ChoiceHost() {
  const request = useChoiceStore((state) => state.queue[0]);
  if (!request) return null;
  const { options } = request;
  return (
    <Dialog
      key={request.id}
      title={options.title}
      size={options.size ?? 'sm'}
      onClose={() => settleChoice(request, undefined)}
      initialFocus=".confirm__cancel"
      footer={
        <>
          <Button className="confirm__cancel" onClick={() => settleChoice(request, undefined)}>
            {options.cancelLabel ?? 'Cancel'}
          </Button>
          {options.choices.map((choice) => (
            <Button key={choice.id} variant={choice.variant ?? 'secondary'} onClick={() => settleChoice(request, choice.id)}>
              {choice.label}
            </Button>
          ))}
        </>
      }
    >
      {options.message && <div className="confirm__message">{options.message}</div>}
    </Dialog>
  );
}
