// The typed Kestra client, one per server, octokit-style: one resource per part of the API, all
// over one transport (ApiTransport → KestraHttp) and one error type (KestraError). The server's
// version and edition, detected once from /api/v1/configs, give its capability table; resources
// read the table to pick routes and parameters, so version differences live there, not here.
import { ApiTransport, type KestraClientOptions } from './api-transport';
import { ExecutionsResource } from './resources/executions';
import { FlowsResource } from './resources/flows';
import { KvResource } from './resources/kv';
import { LogsResource } from './resources/logs';
import { NamespaceFilesResource } from './resources/namespace-files';
import { OutputsResource } from './resources/outputs';
import { ServerResource } from './resources/server';

export type { KestraClientOptions, DownloadStream } from './api-transport';
export type { UploadSource } from './resources/executions';

export class KestraClient {
  readonly transport: ApiTransport;
  /** Configuration, capabilities, flow schema, namespaces, tenants. */
  readonly server: ServerResource;
  readonly flows: FlowsResource;
  readonly executions: ExecutionsResource;
  /** Task-run and flow outputs (inside executions up to 1.x, from the outputs endpoints on 2.x). */
  readonly outputs: OutputsResource;
  readonly logs: LogsResource;
  readonly kv: KvResource;
  readonly files: NamespaceFilesResource;

  constructor(options: KestraClientOptions) {
    this.transport = new ApiTransport(options);
    this.server = new ServerResource(this.transport);
    this.flows = new FlowsResource(this.transport);
    this.executions = new ExecutionsResource(this.transport);
    this.outputs = new OutputsResource(this.transport, this.executions);
    this.logs = new LogsResource(this.transport);
    this.kv = new KvResource(this.transport);
    this.files = new NamespaceFilesResource(this.transport);
  }

  /** Lets in-flight requests (and open streams) finish, then releases the connections. */
  close(): Promise<void> {
    return this.transport.close();
  }

  /** Ends everything now (console shutdown). */
  destroy(): Promise<void> {
    return this.transport.destroy();
  }
}
