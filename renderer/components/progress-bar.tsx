// Progress for long work: determinate (value/max) or indeterminate, with an optional label and
// cancel button.
import { formatBytes } from '../lib/format';
import { Button } from './button';
import './feedback.css';

export interface ProgressBarProps {
  /** Accessible name, e.g. "Uploading report.csv". */
  label: string;
  value?: number;
  max?: number;
  /** Show value/max as bytes ("1.2 MB of 5 MB"). */
  bytes?: boolean;
  onCancel?: () => void;
}

export function ProgressBar({ label, value, max, bytes, onCancel }: ProgressBarProps) {
  const determinate = value !== undefined && max !== undefined && max > 0;
  const percent = determinate ? Math.min(100, Math.max(0, (value / max) * 100)) : undefined;
  const text = determinate
    ? bytes
      ? `${formatBytes(value)} of ${formatBytes(max)}`
      : `${Math.round(percent!)} %`
    : value !== undefined && bytes
      ? formatBytes(value)
      : undefined;
  return (
    <div className="progress">
      <div
        className="progress__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={determinate ? 0 : undefined}
        aria-valuemax={determinate ? 100 : undefined}
        aria-valuenow={percent !== undefined ? Math.round(percent) : undefined}
        aria-valuetext={text}
      >
        <div className={`progress__fill${determinate ? '' : ' progress__fill--indeterminate'}`} style={determinate ? { width: `${percent}%` } : undefined} />
      </div>
      {text && <span className="progress__label">{text}</span>}
      {onCancel && (
        <Button size="sm" onClick={onCancel}>
          Cancel
        </Button>
      )}
    </div>
  );
}
