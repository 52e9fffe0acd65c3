// Raw-HTTP helpers for the sandbox integration tests: requests exactly as curl would send them.
import { randomNamespace } from '../../fixtures/temp-dir';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function request(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => JSON.parse(text),
  };
}

export function yamlBody(source: string): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: source };
}

export function helloFlow(namespace: string, id = 'hello', message = 'Hello {{ inputs.name }}'): string {
  return `id: ${id}
namespace: ${namespace}
inputs:
  - id: name
    type: STRING
    defaults: world
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "${message}"
`;
}

export { randomNamespace };
