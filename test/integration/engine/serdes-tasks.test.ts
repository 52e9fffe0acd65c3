// serdes conversions in a realistic flow: CSV → Ion → JSON lines → Ion → CSV, with the files read
// back through the API and Pebble (read, fromIon, jq) on the way.
import { describe, expect, it } from 'vitest';
import { parseIon } from '../../../main/sandbox/ion/ion-values';
import { messages, randomNamespace, taskRun, useEngine } from './engine-helpers';

describe('engine: serdes CSV, JSON and Ion conversions', () => {
  const engine = useEngine();

  it('converts a CSV file to Ion, JSON lines and back, as the serdes plugin writes them', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: serdes
namespace: ${ns}
tasks:
  - id: csv
    type: io.kestra.plugin.core.storage.Write
    extension: .csv
    content: |
      id,product,price,note
      1,"Widget, large",12.50,\\N
      2,Gadget,3,"said ""hi"""
  - id: to_ion
    type: io.kestra.plugin.serdes.csv.CsvToIon
    from: "{{ outputs.csv.uri }}"
  - id: to_json
    type: io.kestra.plugin.serdes.json.IonToJson
    from: "{{ outputs.to_ion.uri }}"
  - id: back_to_ion
    type: io.kestra.plugin.serdes.json.JsonToIon
    from: "{{ outputs.to_json.uri }}"
  - id: array_json
    type: io.kestra.plugin.core.storage.Write
    extension: .json
    content: '[{"n": 1, "x": 1.5, "ok": true, "tags": ["a"]}, {"n": 2, "x": 2.0, "ok": false, "tags": []}]'
  - id: array_to_ion
    type: io.kestra.plugin.serdes.json.JsonToIon
    from: "{{ outputs.array_json.uri }}"
    newLine: false
  - id: to_csv
    type: io.kestra.plugin.serdes.csv.IonToCsv
    from: "{{ outputs.array_to_ion.uri }}"
  - id: semicolons
    type: io.kestra.plugin.serdes.csv.IonToCsv
    from: "{{ outputs.to_ion.uri }}"
    fieldSeparator: ";"
    header: false
    alwaysDelimitText: true
  - id: summary
    type: io.kestra.plugin.core.log.Log
    message: "{{ fromIon(read(outputs.to_ion.uri) | split('\\n') | first).product }} / {{ read(outputs.to_json.uri) | jq('.price') | first }}"
`);
    const done = await engine.run(ns, 'serdes');
    expect(done.state.current, JSON.stringify(done.taskRunList.map((t: { taskId: string; state: { current: string } }) => `${t.taskId}:${t.state.current}`))).toBe('SUCCESS');
    const ion = await engine.file(taskRun(done, 'to_ion').outputs.uri, done.id);
    expect(ion).toBe('{id:"1",product:"Widget, large",price:"12.50",note:null}\n{id:"2",product:"Gadget",price:"3",note:"said \\"hi\\""}\n');
    expect(taskRun(done, 'to_json').outputs.uri).toMatch(/\.jsonl$/);
    expect(await engine.file(taskRun(done, 'to_json').outputs.uri, done.id)).toBe('{"id":"1","product":"Widget, large","price":"12.50","note":null}\n {"id":"2","product":"Gadget","price":"3","note":"said \\"hi\\""}\n');
    expect(parseIon(await engine.file(taskRun(done, 'back_to_ion').outputs.uri, done.id))).toEqual(parseIon(ion));
    expect(await engine.file(taskRun(done, 'array_to_ion').outputs.uri, done.id)).toBe('{n:1,x:1.5e0,ok:true,tags:["a"]}\n{n:2,x:2e0,ok:false,tags:[]}\n');
    expect(await engine.file(taskRun(done, 'to_csv').outputs.uri, done.id)).toBe('n,x,ok,tags\n1,1.5,true,[a]\n2,2.0,false,[]\n');
    expect(await engine.file(taskRun(done, 'semicolons').outputs.uri, done.id)).toBe('"1";"Widget, large";"12.50";\n"2";"Gadget";"3";"said ""hi"""\n');
    expect(messages(await engine.logs(done.id), 'summary')).toEqual(['Widget, large / 12.50']);
  });

  it('fails on a CSV line with a different field count unless told to skip it', async () => {
    const ns = randomNamespace();
    const flow = (onBadLines: string): string => `id: bad_${onBadLines.toLowerCase()}
namespace: ${ns}
tasks:
  - id: csv
    type: io.kestra.plugin.core.storage.Write
    content: "a,b\\n1,2\\n3\\n4,5\\n"
  - id: to_ion
    type: io.kestra.plugin.serdes.csv.CsvToIon
    from: "{{ outputs.csv.uri }}"
    onBadLines: ${onBadLines}
`;
    await engine.deploy(flow('ERROR'));
    await engine.deploy(flow('WARN'));
    const failed = await engine.run(ns, 'bad_error');
    expect(failed.state.current).toBe('FAILED');
    expect(messages(await engine.logs(failed.id), 'to_ion')[0]).toContain('Bad line encountered (field count mismatch): Expected 2, got 1 fields.');
    const warned = await engine.run(ns, 'bad_warn');
    expect(warned.state.current).toBe('SUCCESS');
    expect(parseIon(await engine.file(taskRun(warned, 'to_ion').outputs.uri, warned.id))).toEqual([{ a: '1', b: '2' }, { a: '4', b: '5' }]);
  });
});
