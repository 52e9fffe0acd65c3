// Entry run by Electron's utilityProcess: starts the sandbox and reports its URL to the parent.
import { startSandbox } from './server';

interface StartMessage {
  type: 'start';
  port: number;
  dataDir: string;
}

type ParentPort = { on(event: 'message', listener: (event: { data: unknown }) => void): void; postMessage(message: unknown): void };
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

parentPort?.on('message', (event) => {
  const message = event.data as StartMessage;
  if (message?.type !== 'start') return;
  startSandbox({ port: message.port, dataDir: message.dataDir }).then(
    (sandbox) => parentPort.postMessage({ type: 'started', url: sandbox.url }),
    (error: unknown) => parentPort.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
