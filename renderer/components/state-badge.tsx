// A Kestra state as a coloured badge (colours from the theme's --state-* variables).
import type { StateType } from '../../main/contract/kestra-model';
import { stateLabel, stateTone } from '../lib/states';
import './feedback.css';

export function StateBadge({ state, title }: { state: StateType; title?: string }) {
  const tone = stateTone(state);
  return (
    <span className={`state-badge state-badge--${tone}`} style={{ ['--state-color' as string]: `var(--state-${tone})` }} title={title ?? state}>
      <span className="state-badge__dot" aria-hidden="true" />
      {stateLabel(state)}
    </span>
  );
}
