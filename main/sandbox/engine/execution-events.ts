// Fan-out of execution changes to followers (SSE) and waiters (`wait=true`). Listeners receive the
// live object and must serialise it synchronously.
import { EventEmitter } from 'node:events';
import type { Execution } from './model';

export class ExecutionEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit(execution: Execution): void {
    this.emitter.emit(execution.id, execution);
    this.emitter.emit('*', execution);
  }

  /** Changes of one execution (`'*'` for all). Returns an unsubscribe function. */
  subscribe(executionId: string, listener: (execution: Execution) => void): () => void {
    this.emitter.on(executionId, listener);
    return () => this.emitter.off(executionId, listener);
  }
}
