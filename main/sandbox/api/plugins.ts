// PluginController (global): the editor's JSON schema and the list of task types.
import { KestraHttpError, notFound } from '../http/http-error';
import { queryBool } from '../http/request';
import { sendJson, sendJsonText } from '../http/respond';
import type { RouteDefinition } from '../http/router';
import { buildSchema, type SchemaKind } from '../schema/flow-schema';
import type { SandboxServices } from './services';

const KINDS: Record<string, SchemaKind> = { flow: 'flow', task: 'task', trigger: 'trigger' };

export function pluginRoutes(services: SandboxServices): RouteDefinition[] {
  const { registry } = services;
  const cache = new Map<string, string>();
  registry.onChange(() => cache.clear());

  const schemaText = (kind: SchemaKind, arrayOf: boolean): string => {
    const key = `${kind}:${arrayOf}`;
    let text = cache.get(key);
    if (!text) {
      text = JSON.stringify(buildSchema(registry, kind, arrayOf));
      cache.set(key, text);
    }
    return text;
  };

  const typeEntry = (type: string) => ({ cls: type, title: registry.get(type)?.title, deprecated: false });

  return [
    {
      method: 'GET',
      path: '/api/v1/plugins/schemas/{type}',
      handler: (ctx) => {
        const kind = KINDS[ctx.params.type!.toLowerCase()];
        if (!kind) {
          throw new KestraHttpError(
            400,
            `Bad Request: Failed to convert argument [type] for value [${ctx.params.type}] due to: No enum constant io.kestra.core.docs.SchemaType.${ctx.params.type!.toUpperCase()}`,
          );
        }
        sendJsonText(ctx.res, 200, schemaText(kind, queryBool(ctx.query, 'arrayOf', false)), { 'Cache-Control': 'public, max-age=3600' });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/plugins',
      handler: (ctx) => {
        const tasks = registry.list('task').map((d) => typeEntry(d.type));
        const triggers = registry.list('trigger').map((d) => typeEntry(d.type));
        sendJson(ctx.res, 200, [
          {
            name: 'core',
            title: 'Core',
            group: 'io.kestra.plugin.core',
            description: 'Core tasks and triggers built into the Kestra Console sandbox.',
            tasks,
            triggers,
            conditions: [],
            controllers: [],
            storages: [],
            secrets: [],
            taskRunners: [],
            guides: [],
            aliases: registry.list().flatMap((d) => d.aliases ?? []),
            apps: [],
            appBlocks: [],
            charts: [],
            dataFilters: [],
            dataFiltersKPI: [],
            logExporters: [],
            additionalPlugins: [],
            categories: ['CORE'],
            subGroup: 'io.kestra.plugin.core',
          },
        ]);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/plugins/{cls}',
      handler: (ctx) => {
        const definition = registry.get(ctx.params.cls!);
        if (!definition) {
          throw notFound();
        }
        const schema = registry.objectSchema(definition);
        const outputs = definition.outputs ? { type: 'object', properties: definition.outputs } : { type: 'object', properties: {} };
        sendJson(ctx.res, 200, {
          markdown: `# ${definition.title}\n\n${schema.markdownDescription ?? ''}`,
          schema: { properties: schema, outputs, definitions: {} },
        });
      },
    },
  ];
}
