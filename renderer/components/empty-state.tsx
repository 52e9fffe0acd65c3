// What a pane shows when there is nothing yet: an icon, a sentence, and the next action.
import type { ReactNode } from 'react';
import { Icon, type IconName } from './icons';
import './feedback.css';

export function EmptyState({ icon = 'info', title, children, actions }: { icon?: IconName; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="empty-state" role="region" aria-label={title}>
      <Icon name={icon} size={28} className="empty-state__icon" />
      <h2>{title}</h2>
      {children && <div>{children}</div>}
      {actions && <div className="empty-state__actions">{actions}</div>}
    </div>
  );
}
