// io.kestra.plugin.core.storage.Write: writes `content` to a file in the execution's internal
// storage and outputs its `kestra:///…` URI (downloadable from the execution's file endpoint).
import { withDefault } from '../../schema/json-schema';
import type { TaskDefinition } from '../task-definition';

export const storageWriteTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.storage.Write',
  category: 'task',
  kind: 'runnable',
  title: "Write data to a file in Kestra's internal storage.",
  markdownDescription: "Use the Write task to store outputs as files internally and then reference the stored file for processing further downstream.",
  examples: [
    {
      title: 'Write data to a file in the internal storage.',
      code: 'id: write_file\nnamespace: company.team\n\ntasks:\n  - id: write\n    type: io.kestra.plugin.core.storage.Write\n    content: Hello World\n    extension: .txt\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ outputs.write.uri }}"',
    },
  ],
  properties: {
    content: { type: 'string', title: 'The file content.', $dynamic: true },
    extension: { ...withDefault({ type: 'string' }, '.ion'), title: 'The file extension.', $dynamic: true },
  },
  required: ['content'],
  outputs: { uri: { type: 'string', format: 'uri', title: 'URI of the file written to the internal storage.' } },
  async run(context) {
    const content = context.render(String(context.task.content));
    let extension = context.render(String(context.task.extension ?? '.ion'));
    if (extension !== '' && !extension.startsWith('.')) extension = `.${extension}`;
    if (/[\\/]/.test(extension)) throw new Error(`Invalid extension '${extension}'`);
    const uri = await context.putFile(`${crypto.randomUUID()}${extension}`, Buffer.from(content, 'utf8'));
    return { outputs: { uri } };
  },
};
