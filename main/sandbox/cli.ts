// `npm run sandbox -- [--port 8080] [--data DIR]`: the local Kestra-compatible server on its own.
import { parseArgs } from 'node:util';
import { startSandbox } from './server';
import { defaultSandboxDataDir } from './default-data-dir';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid --port: ${values.port}`);
    process.exit(2);
  }
  const sandbox = await startSandbox({ port, host: values.host, dataDir: values.data ?? defaultSandboxDataDir() });
  console.log(`Kestra sandbox listening on ${sandbox.url} (data: ${sandbox.dataDir}; basic auth off)`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
