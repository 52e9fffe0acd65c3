// The executions filters: namespace, flow, states, time range (relative or absolute), labels and
// free text, applied as the user types (debounced), plus saved filters.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { StateType } from '../../../../main/contract/kestra-model';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { Field } from '../../../components/field';
import { MenuButton } from '../../../components/menu';
import { ALL_STATES, stateColor, stateLabel } from '../../../lib/states';
import { isEmptyFilter, parseLabel, TIME_RANGES, validateFilter, type ExecutionFilter, type SortSpec } from './execution-filter';
import { useSavedFilters } from './executions-ui-store';

export interface FilterBarProps {
  filter: ExecutionFilter;
  sort: SortSpec;
  namespaces: string[];
  onChange(filter: ExecutionFilter): void;
  onApplySaved(filter: ExecutionFilter, sort: SortSpec): void;
}

/** A text input that reports its value after the user pauses typing (or on Enter). */
function DebouncedInput({
  value,
  onCommit,
  ...rest
}: { value: string; onCommit(value: string): void } & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const [text, setText] = useState(value);
  const [external, setExternal] = useState(value);
  if (value !== external) {
    setExternal(value);
    setText(value);
  }
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  });
  useEffect(() => {
    if (text === external) return;
    const timer = setTimeout(() => commit.current(text), 350);
    return () => clearTimeout(timer);
  }, [text, external]);
  return (
    <input
      {...rest}
      value={text}
      onChange={(event) => setText(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit.current(text);
        rest.onKeyDown?.(event);
      }}
    />
  );
}

function StatesPicker({ states, onChange }: { states: StateType[]; onChange(states: StateType[]): void }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent): void => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);
  const toggle = (state: StateType): void => onChange(states.includes(state) ? states.filter((s) => s !== state) : [...states, state]);
  return (
    <span className="xfilter__states" ref={ref}>
      <button
        type="button"
        className={`xfilter__button${states.length ? ' xfilter__button--on' : ''}`}
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label="States"
        onClick={() => setOpen((o) => !o)}
      >
        States{states.length ? `: ${states.length <= 2 ? states.map(stateLabel).join(', ') : states.length}` : ''}
      </button>
      {open && (
        <div
          className="xfilter__popover"
          id={id}
          role="group"
          aria-label="Execution states"
          onKeyDown={(event: KeyboardEvent) => {
            if (event.key === 'Escape') setOpen(false);
          }}
        >
          {ALL_STATES.map((state) => (
            <label key={state} className="xfilter__state">
              <input type="checkbox" checked={states.includes(state)} onChange={() => toggle(state)} />
              <span className="xfilter__dot" style={{ background: stateColor(state) }} />
              {stateLabel(state)}
            </label>
          ))}
          <div className="xfilter__popover-foot">
            <button type="button" onClick={() => onChange(['FAILED', 'KILLED', 'WARNING'])}>
              Problems
            </button>
            <button type="button" onClick={() => onChange(['RUNNING', 'PAUSED', 'QUEUED', 'CREATED', 'RESTARTED', 'KILLING', 'RETRYING'])}>
              Not finished
            </button>
            <button type="button" onClick={() => onChange([])}>
              Any
            </button>
          </div>
        </div>
      )}
    </span>
  );
}

function SaveFilterDialog({ onClose, onSave }: { onClose(): void; onSave(name: string): void }) {
  const [name, setName] = useState('');
  const taken = useSavedFilters((s) => s.saved.some((f) => f.name === name.trim()));
  return (
    <Dialog
      title="Save filter"
      size="sm"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="save-filter-form" disabled={!name.trim()}>
            {taken ? 'Replace' : 'Save'}
          </Button>
        </>
      }
    >
      <form
        id="save-filter-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) onSave(name.trim());
        }}
      >
        <Field label="Name" hint={taken ? 'A saved filter has this name; saving replaces it.' : undefined}>
          {(props) => <input {...props} className="xdialog__input" value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" />}
        </Field>
      </form>
    </Dialog>
  );
}

export function FilterBar({ filter, sort, namespaces, onChange, onApplySaved }: FilterBarProps) {
  const [labelText, setLabelText] = useState('');
  const [labelError, setLabelError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const saved = useSavedFilters((s) => s.saved);
  const saveFilter = useSavedFilters((s) => s.save);
  const removeFilter = useSavedFilters((s) => s.remove);
  const listId = useId();
  const problems = validateFilter(filter);
  const custom = filter.timeRange === '' && (filter.startDate !== '' || filter.endDate !== '');
  const [customOpen, setCustomOpen] = useState(custom);

  const addLabel = (): void => {
    const parsed = parseLabel(labelText);
    if (!parsed.ok) {
      setLabelError(parsed.error);
      return;
    }
    setLabelError(undefined);
    setLabelText('');
    if (!filter.labels.some((l) => l.key === parsed.label.key && l.value === parsed.label.value))
      onChange({ ...filter, labels: [...filter.labels, parsed.label] });
  };

  return (
    <div className="xfilter" role="search" aria-label="Filter executions">
      <DebouncedInput
        className="xfilter__input"
        placeholder="Namespace"
        aria-label="Namespace"
        list={listId}
        value={filter.namespace}
        onCommit={(namespace) => onChange({ ...filter, namespace })}
      />
      <datalist id={listId}>
        {namespaces.map((ns) => (
          <option key={ns} value={ns} />
        ))}
      </datalist>
      <DebouncedInput
        className="xfilter__input"
        placeholder="Flow"
        aria-label="Flow"
        value={filter.flowId}
        onCommit={(flowId) => onChange({ ...filter, flowId })}
      />
      <StatesPicker states={filter.states} onChange={(states) => onChange({ ...filter, states })} />
      <select
        className="xfilter__select"
        aria-label="Time range"
        value={customOpen ? 'custom' : filter.timeRange}
        onChange={(event) => {
          const value = event.target.value;
          if (value === 'custom') {
            setCustomOpen(true);
            onChange({ ...filter, timeRange: '' });
          } else {
            setCustomOpen(false);
            onChange({ ...filter, timeRange: value, startDate: '', endDate: '' });
          }
        }}
      >
        <option value="">Any time</option>
        {TIME_RANGES.map((range) => (
          <option key={range.value} value={range.value}>
            {range.label}
          </option>
        ))}
        <option value="custom">Between dates…</option>
      </select>
      {customOpen && (
        <>
          <input
            className="xfilter__input xfilter__date"
            type="datetime-local"
            aria-label="From"
            value={filter.startDate}
            onChange={(event) => onChange({ ...filter, timeRange: '', startDate: event.target.value })}
          />
          <input
            className="xfilter__input xfilter__date"
            type="datetime-local"
            aria-label="To"
            value={filter.endDate}
            onChange={(event) => onChange({ ...filter, timeRange: '', endDate: event.target.value })}
          />
        </>
      )}
      <span className="xfilter__labels">
        {filter.labels.map((label) => (
          <span key={`${label.key}:${label.value}`} className="xfilter__chip">
            {label.key}: {label.value}
            <button
              type="button"
              aria-label={`Remove label filter ${label.key}:${label.value}`}
              onClick={() => onChange({ ...filter, labels: filter.labels.filter((l) => l !== label) })}
            >
              ×
            </button>
          </span>
        ))}
        <input
          className="xfilter__input"
          placeholder="label key:value"
          aria-label="Label filter (key:value)"
          aria-invalid={labelError ? true : undefined}
          title={labelError}
          value={labelText}
          onChange={(event) => {
            setLabelText(event.target.value);
            setLabelError(undefined);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              addLabel();
            }
          }}
        />
      </span>
      <DebouncedInput
        className="xfilter__input xfilter__q"
        type="search"
        placeholder="Search"
        aria-label="Search executions"
        value={filter.q}
        onCommit={(q) => onChange({ ...filter, q })}
      />
      <MenuButton
        label="Saved filters"
        iconOnly={false}
        icon="list"
        size="sm"
        variant="secondary"
        items={[
          {
            id: 'save',
            label: 'Save current filter…',
            icon: 'save',
            disabledReason: isEmptyFilter(filter) ? 'Set a filter first' : undefined,
            onSelect: () => setSaving(true),
          },
          ...saved.map((s) => ({ id: `apply:${s.name}`, label: `Apply “${s.name}”`, onSelect: () => onApplySaved(s.filter, s.sort) })),
          ...saved.map((s) => ({
            id: `delete:${s.name}`,
            label: `Delete “${s.name}”`,
            icon: 'trash' as const,
            danger: true,
            onSelect: () => removeFilter(s.name),
          })),
        ]}
      />
      <Button
        size="sm"
        variant="ghost"
        disabled={isEmptyFilter(filter)}
        onClick={() => onChange({ ...filter, namespace: '', flowId: '', states: [], timeRange: '', startDate: '', endDate: '', labels: [], q: '' })}
      >
        Clear
      </Button>
      {(problems.length > 0 || labelError) && (
        <div className="xfilter__problems" role="alert">
          {[...problems, ...(labelError ? [labelError] : [])].join(' ')}
        </div>
      )}
      {saving && (
        <SaveFilterDialog
          onClose={() => setSaving(false)}
          onSave={(name) => {
            saveFilter({ name, filter, sort });
            setSaving(false);
          }}
        />
      )}
    </div>
  );
}
