// Server-sent events the way Kestra's Micronaut server writes them: the phase in the `id:` field,
// one-line JSON in `data:`, no `event:` line. Writes respect back-pressure.
import type { IncomingMessage, ServerResponse } from 'node:http';

export class SseStream {
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const onClose = (): void => this.markClosed();
    req.on('close', onClose);
    res.on('close', onClose);
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Called once when the client goes away or the stream is ended. */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** Writes one frame; resolves when the socket can take more (back-pressure). */
  send(id: string, data: unknown): Promise<void> {
    return this.sendRaw(id, JSON.stringify(data));
  }

  sendRaw(id: string, json: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    const ok = this.res.write(`id: ${id}\ndata: ${json}\n\n`);
    if (ok) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }

  end(): void {
    if (!this.closed) this.res.end();
    this.markClosed();
  }
}
