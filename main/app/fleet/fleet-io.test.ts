import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { flowIdentity, zipTexts } from './fleet-io';

function zip(entries: { name: string; text: string; compress: boolean }[]): Promise<Buffer> {
  const file = new yazl.ZipFile();
  for (const entry of entries) file.addBuffer(Buffer.from(entry.text), entry.name, { compress: entry.compress });
  file.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    file.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    file.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    file.outputStream.on('error', reject);
  });
}

describe('reading a flows export', () => {
  it('reads a flow’s identity from its plain top-level keys, and parses anything less plain', () => {
    expect(flowIdentity('id: hello\nnamespace: company.team # the team\ntasks: []\n')).toEqual({ namespace: 'company.team', id: 'hello' });
    // Quoted values, a flow mapping and an indented document are parsed.
    expect(flowIdentity('id: "hello"\nnamespace: \'company.team\'\n')).toEqual({ namespace: 'company.team', id: 'hello' });
    expect(flowIdentity('{id: hello, namespace: company.team}\n')).toEqual({ namespace: 'company.team', id: 'hello' });
    expect(flowIdentity('  id: hello\n  namespace: company.team\n')).toEqual({ namespace: 'company.team', id: 'hello' });
    // A second `id:` line at the margin (inside a quoted string) is not trusted: the parse decides.
    expect(flowIdentity('id: real\nnamespace: a.b\ndescription: "first line\nid: fake"\n')).toEqual({ namespace: 'a.b', id: 'real' });
    expect(flowIdentity('tasks: []\n')).toBeUndefined();
  });

  it('unpacks compressed and stored entries, skips what is not YAML, and refuses a damaged entry', async () => {
    const big = `id: big\nnamespace: a.b\ndescription: ${'x'.repeat(50_000)}\n`;
    const buffer = await zip([
      { name: 'a.b.small.yml', text: 'id: small\nnamespace: a.b\n', compress: true },
      { name: 'a.b.big.yml', text: big, compress: true },
      { name: 'a.b.stored.yaml', text: 'id: stored\nnamespace: a.b\n', compress: false },
      { name: 'README.md', text: '# not a flow', compress: true },
    ]);
    expect((await zipTexts(buffer)).map((text) => flowIdentity(text)?.id)).toEqual(['small', 'big', 'stored']);
    expect((await zipTexts(buffer))[1]).toBe(big);

    // Flip bytes inside the big entry's compressed data.
    const damaged = Buffer.from(buffer);
    const at = damaged.indexOf(Buffer.from('a.b.big.yml')) + 'a.b.big.yml'.length + 20;
    for (let i = at; i < at + 16; i += 1) damaged[i] = damaged[i]! ^ 0xff;
    await expect(zipTexts(damaged)).rejects.toThrow(/flows export/);
  });
});
