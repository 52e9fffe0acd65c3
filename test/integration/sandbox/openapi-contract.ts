// Validates sandbox responses against the response schemas of Kestra's own OpenAPI documents
// (spec/kestra/*.yml, see SOURCE.md) with openapi-response-validator (ajv underneath): the 1.3.25
// OSS document, and for the other personas the Enterprise documents of 0.24.0, 1.3.0 and
// 2.0.0-SNAPSHOT (the EE API is a superset of the OSS one, in the same `/api/v1/{tenant}/` form).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAPIResponseValidator from 'openapi-response-validator';
import { parseDocument } from 'yaml';
import { REPO_ROOT } from '../../fixtures/sandbox';
import type { Edition, PersonaId } from '../../../main/sandbox/personas';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Places where Kestra's generated documents contradict what Kestra itself serves, so a faithful
 * response would fail. Each patch names the contradiction; everything else is validated as written.
 */
function patchKnownSpecErrors(components: Json): Json {
  const copy = structuredClone(components);
  const schemas = copy.schemas;
  const visit = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const labels = node.properties?.labels;
    // Flow labels: the spec says a map (oneOf with a single Map branch); Kestra serialises a list of
    // {key, value} (it accepts both in YAML).
    if (labels?.oneOf?.some((b: Json) => b.$ref === '#/components/schemas/Map_Object.Object_')) {
      node.properties.labels = { type: 'array', items: { $ref: '#/components/schemas/Label' } };
    }
    // Java regex classes (`\p{javaJavaIdentifierStart}`) have no JavaScript equivalent.
    if (typeof node.pattern === 'string' && node.pattern.includes('\\p{java')) delete node.pattern;
    // OpenAPI 3.0 boolean bounds (`minimum: 0, exclusiveMinimum: true`): the validator's ajv wants the numeric form.
    for (const [exclusive, inclusive] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
      if (typeof node[exclusive] === 'boolean') {
        if (node[exclusive] && typeof node[inclusive] === 'number') {
          node[exclusive] = node[inclusive];
          delete node[inclusive];
        } else delete node[exclusive];
      }
    }
    // Java `Object` fields (an input's `defaults`, an output's or a KV entry's `value`) are documented
    // as `type: object`; Kestra sends whatever JSON value they hold.
    for (const key of ['defaults', 'value']) {
      const property = node.properties?.[key];
      if (property?.type === 'object' && property.properties === undefined && property.additionalProperties === undefined) node.properties[key] = {};
    }
    for (const key of ['variables', 'inputs', 'outputs']) {
      // Maps declared `additionalProperties: false` would have to be empty; maps of `type: object`
      // (0.24.0's `Map<String, Object>`) would refuse strings and numbers.
      const property = node.properties?.[key];
      const values = property?.additionalProperties;
      if (property?.type === 'object' && (values === false || (values?.type === 'object' && values.properties === undefined))) node.properties[key] = { type: 'object' };
    }
    Object.values(node).forEach(visit);
  };
  visit(schemas);
  // A Kestra `Property<T>` holds any JSON value (a string default, a number, a list); the spec says object.
  if (schemas.Property_Object_) schemas.Property_Object_ = {};
  // getDuration/getStartDate/getEndDate are Java getters the generator listed; Kestra never sends them.
  schemas.State.required = ['current'];
  // A plugin's schema maps hold JSON Schema keywords (`required` is a list, `title` a string).
  if (schemas.PluginSchema) for (const key of ['properties', 'outputs', 'definitions']) schemas.PluginSchema.properties[key] = { type: 'object' };
  // An input's typed value can be any JSON value.
  const inputAndValue = schemas['ExecutionController.ApiValidateExecutionInputsResponse.ApiInputAndValue'];
  if (inputAndValue) inputAndValue.properties.value = {};
  return copy;
}

/** Operation-level contradictions: the JSON schema endpoint is declared as a map of objects. */
const OPERATION_PATCHES: Record<string, Json> = {
  'GET /api/v1/plugins/schemas/{type}': { 200: { type: 'object' } },
  // Reactive (Mono) controller methods are documented as arrays; Kestra answers one object.
  'POST /api/v1/{tenant}/executions/trigger/{namespace}/{id}': { 200: { $ref: '#/components/schemas/ExecutionController.ExecutionResponse' } },
  'POST /api/v1/{tenant}/executions/{namespace}/{id}': { 200: { $ref: '#/components/schemas/ExecutionController.ExecutionResponse' } },
  'POST /api/v1/{tenant}/executions/{namespace}/{id}/validate': { 200: { $ref: '#/components/schemas/ExecutionController.ApiValidateExecutionInputsResponse' } },
  // 0.24.0: `oneOf: [FlowWithSource, Flow]`, and a FlowWithSource is also a valid Flow, so oneOf can never pass.
  'PUT /api/v1/{tenant}/flows/{namespace}/{id}': { 200: { $ref: '#/components/schemas/FlowWithSource' } },
};

/**
 * 2.0.0-SNAPSHOT predates two 2.0 changes the v2.0.0 migration guide ("Execution API response")
 * documents: task runs lose `executionId`, `namespace`, `flowId` and executions lose `deleted`; and
 * its outputs routes are the earlier draft (OutputController 2.0 serves `outputs/executions/{id}`,
 * `outputs/tasks/{id}`, `outputs/tasks/{id}/{taskRunId}`, declared here from the controller).
 */
function patch2x(spec: Json, components: Json): void {
  components.schemas.TaskRun.required = ['id', 'state', 'taskId'];
  for (const name of ['Execution', 'ExecutionController.ExecutionResponse']) {
    const schema = components.schemas[name];
    if (schema?.required) schema.required = schema.required.filter((f: string) => f !== 'deleted');
  }
  const map = { type: 'object', additionalProperties: true };
  const taskOutputInformation = {
    type: 'object',
    required: ['taskId', 'taskRunId', 'inline'],
    properties: { taskId: { type: 'string' }, taskRunId: { type: 'string' }, value: { type: 'string' }, iteration: { type: 'integer' }, inline: { type: 'boolean' } },
    additionalProperties: false,
  };
  const get = (schema: Json): Json => ({ get: { responses: { 200: { content: { 'application/json': { schema } } } } } });
  spec.paths['/api/v1/{tenant}/outputs/executions/{executionId}'] = get(map);
  spec.paths['/api/v1/{tenant}/outputs/tasks/{executionId}'] = get({ type: 'array', items: taskOutputInformation });
  spec.paths['/api/v1/{tenant}/outputs/tasks/{executionId}/{taskRunId}'] = get(map);
}

export interface OpenApiContract {
  /** The document the persona is validated against (file name under spec/kestra/). */
  file: string;
  has(method: string, template: string): boolean;
  /** Problems of `body` as the `status` response of `METHOD template`; [] when valid. */
  responseProblems(method: string, template: string, status: number, body: unknown): string[];
}

/**
 * Parses a document as it was published. The 0.24.0 one wraps a few long `description` strings
 * with a continuation line no deeper than its key, which the strict parser rejects; only those
 * (parameter descriptions, never a schema) are tolerated, anything else still fails.
 */
function loadYaml(file: string): Json {
  const text = readFileSync(path.join(REPO_ROOT, 'spec/kestra', file), 'utf8');
  const lines = text.split('\n');
  const document = parseDocument(text);
  for (const error of document.errors) {
    const line = (lines[(error.linePos?.[0].line ?? 1) - 1] ?? '').trim();
    if (error.code !== 'MISSING_CHAR' || !(line.startsWith('description: "') || line.startsWith('\\ '))) throw error;
  }
  return document.toJS();
}

function loadContract(file: string, twoX: boolean): OpenApiContract {
  const spec: Json = loadYaml(file);
  const components = patchKnownSpecErrors(spec.components);
  if (twoX) patch2x(spec, components);
  const validators = new Map<string, OpenAPIResponseValidator>();
  return {
    file,
    has: (method, template) => spec.paths[template]?.[method.toLowerCase()] !== undefined,
    responseProblems(method, template, status, body) {
      const operation = spec.paths[template]?.[method.toLowerCase()];
      if (!operation) throw new Error(`No ${method} ${template} in ${file}`);
      const key = `${method} ${template}`;
      let validator = validators.get(key);
      if (!validator) {
        const responses: Json = {};
        for (const [code, response] of Object.entries<Json>(operation.responses)) {
          const media = response.content?.['application/json'] ?? response.content?.['text/event-stream'] ?? Object.values(response.content ?? {})[0];
          responses[code] = { schema: OPERATION_PATCHES[key]?.[code] ?? media?.schema ?? {} };
        }
        validator = new OpenAPIResponseValidator({
          responses,
          components,
          customFormats: { int32: () => true, int64: () => true, 'date-time': (v: string) => !Number.isNaN(Date.parse(v)), binary: () => true, uri: () => true, duration: () => true },
        });
        validators.set(key, validator);
      }
      const result = validator.validateResponse(String(status), body);
      return result ? (result.errors as { path?: string; message: string }[]).map((e) => `${e.path ?? ''} ${e.message}`.trim()) : [];
    },
  };
}

const contracts = new Map<string, OpenApiContract>();

/** The OpenAPI document of a persona: its own where Kestra published one, else the nearest. */
export function contractFor(version: PersonaId, edition: Edition = 'OSS'): OpenApiContract {
  // 0.22 has no document here; 0.24.0's is the nearest (same shapes, tenant paths aside).
  const file = version === '0.22' || version === '0.24' ? 'kestra-ee-0.24.0.yml' : version === '2.0' ? 'kestra-ee-2.0.0-SNAPSHOT.yml' : edition === 'EE' ? 'kestra-ee.yml' : 'openapi.yml';
  let contract = contracts.get(file);
  if (!contract) {
    contract = loadContract(file, version === '2.0');
    contracts.set(file, contract);
  }
  return contract;
}

/** Problems of `body` as the `status` response of `METHOD /api/v1/{tenant}/...` in the 1.3.25 OSS document. */
export function responseProblems(method: string, template: string, status: number, body: unknown): string[] {
  return contractFor('1.3').responseProblems(method, template, status, body);
}

/** Kestra 1.x (Micronaut JsonError) error body. */
export function errorBodyProblems(body: Json): string[] {
  const problems: string[] = [];
  if (typeof body?.message !== 'string') problems.push('message must be a string');
  if (typeof body?._links?.self?.href !== 'string') problems.push('_links.self.href must be a string');
  if (body?._embedded !== undefined) {
    const errors = body._embedded.errors;
    const list = Array.isArray(errors) ? errors : [errors];
    for (const error of list) if (typeof error?.message !== 'string') problems.push('_embedded.errors[].message must be a string');
  }
  return problems;
}

/** Kestra 2.x (RFC 9457, webserver/errors/ProblemDetail.java) error body. */
export function problemBodyProblems(body: Json, status: number): string[] {
  const problems: string[] = [];
  if (typeof body?.type !== 'string' || !body.type.startsWith('https://kestra.io/docs/api-reference/problems/')) problems.push('type must be a problem URI');
  if (typeof body?.title !== 'string' || body.title === '') problems.push('title must be a non-empty string');
  if (body?.status !== status) problems.push(`status must repeat the HTTP status ${status}`);
  if (typeof body?.detail !== 'string' || body.detail === '') problems.push('detail must be a non-empty string');
  if (typeof body?.instance !== 'string' || !body.instance.startsWith('/')) problems.push('instance must be the request path');
  if (body?.errors !== undefined) {
    if (!Array.isArray(body.errors) || body.errors.length === 0) problems.push('errors, when present, is a non-empty list');
    else for (const error of body.errors) if (typeof error?.detail !== 'string') problems.push('errors[].detail must be a string');
  }
  if (status >= 500 && typeof body?.traceId !== 'string') problems.push('a server error carries a traceId');
  const allowed = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors', 'traceId']);
  for (const key of Object.keys(body ?? {})) if (!allowed.has(key)) problems.push(`unexpected member ${key}`);
  return problems;
}
