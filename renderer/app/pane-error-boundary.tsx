// Keeps one pane's crash (or a chunk that failed to load) inside that pane, with a way back.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorView } from '../components/error-view';

interface State {
  error?: unknown;
}

export class PaneErrorBoundary extends Component<{ children: ReactNode; paneLabel: string; resetKey: string }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey: string }): void {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: undefined });
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`The ${this.props.paneLabel} pane failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error) {
      return (
        <div className="pane-error">
          <ErrorView error={this.state.error} title={`The ${this.props.paneLabel} pane stopped working`} onRetry={() => this.setState({ error: undefined })} />
        </div>
      );
    }
    return this.props.children;
  }
}
