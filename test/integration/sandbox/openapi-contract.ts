// Validates sandbox responses against the response schemas of Kestra's own OpenAPI document
// (spec/kestra/openapi.yml, 1.3.25) with openapi-response-validator (ajv underneath).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAPIResponseValidator from 'openapi-response-validator';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../fixtures/sandbox';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const spec: Json = parse(readFileSync(path.join(REPO_ROOT, 'spec/kestra/openapi.yml'), 'utf8'));

/**
 * Places where Kestra's generated document contradicts what Kestra itself serves, so a faithful
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
    for (const key of ['variables', 'inputs', 'outputs']) {
      // Maps declared `additionalProperties: false` would have to be empty.
      const property = node.properties?.[key];
      if (property?.type === 'object' && property.additionalProperties === false) node.properties[key] = { type: 'object' };
    }
    Object.values(node).forEach(visit);
  };
  visit(schemas);
  // A Kestra `Property<T>` holds any JSON value (a string default, a number, a list); the spec says object.
  schemas.Property_Object_ = {};
  // getDuration/getStartDate/getEndDate are Java getters the generator listed; Kestra never sends them.
  schemas.State.required = ['current'];
  // A plugin's schema maps hold JSON Schema keywords (`required` is a list, `title` a string).
  for (const key of ['properties', 'outputs', 'definitions']) schemas.PluginSchema.properties[key] = { type: 'object' };
  // An input's typed value can be any JSON value.
  schemas['ExecutionController.ApiValidateExecutionInputsResponse.ApiInputAndValue'].properties.value = {};
  return copy;
}

/** Operation-level contradictions: the JSON schema endpoint is declared as a map of objects. */
const OPERATION_PATCHES: Record<string, Json> = {
  'GET /api/v1/plugins/schemas/{type}': { 200: { type: 'object' } },
  // Reactive (Mono) controller methods are documented as arrays; Kestra answers one object.
  'POST /api/v1/{tenant}/executions/trigger/{namespace}/{id}': { 200: { $ref: '#/components/schemas/ExecutionController.ExecutionResponse' } },
  'POST /api/v1/{tenant}/executions/{namespace}/{id}/validate': { 200: { $ref: '#/components/schemas/ExecutionController.ApiValidateExecutionInputsResponse' } },
};

const components = patchKnownSpecErrors(spec.components);

const validators = new Map<string, OpenAPIResponseValidator>();

/** Problems of `body` as the `status` response of `METHOD /api/v1/{tenant}/...`; [] when valid. */
export function responseProblems(method: string, template: string, status: number, body: unknown): string[] {
  const operation = spec.paths[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`No ${method} ${template} in openapi.yml`);
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
