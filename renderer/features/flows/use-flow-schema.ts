// Feeds the server's flow JSON schema to monaco-yaml for that server's flow models (completion,
// hover docs, validation while typing). Cached per server by react-query; the schema URI carries
// the server's cacheKey (its version), so an upgraded server gets a fresh schema.
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { loadMonaco } from '../../components/code-editor';
import { flowModelGlob, uriSegment } from './flow-document';
import { flowSchemaOptions } from './flow-queries';

export function useFlowSchema(serverId: string) {
  const schema = useQuery(flowSchemaOptions(serverId));
  const data = schema.data;
  useEffect(() => {
    if (!data) return;
    let cancelled = false;
    void loadMonaco().then(({ setYamlSchema }) => {
      if (cancelled) return;
      setYamlSchema(`flow:${serverId}`, {
        // A never-resolving host (.invalid): the schema is given inline, nothing is fetched.
        uri: `https://schemas.kestra-console.invalid/${uriSegment(serverId)}/${uriSegment(data.cacheKey)}/flow.json`,
        fileMatch: [flowModelGlob(serverId)],
        schema: data.schema as object,
      });
    });
    return () => {
      cancelled = true;
    };
  }, [serverId, data]);
  return schema;
}
