// HTTP tasks against a real local HTTP server: Request (methods, bodies, headers, failures,
// redirects, size cap), Download into internal storage, Slack/Discord/Teams webhooks (usually in
// `errors:`), the Pebble `http()` function, the HTTP polling trigger, and the switch that turns HTTP off.
import { describe, expect, it } from 'vitest';
import { messages, randomNamespace, taskRun, useEngine, useHttpServer, type Json } from './engine-helpers';
import { request } from '../sandbox/helpers';

describe('engine: HTTP tasks', () => {
  const engine = useEngine();
  const server = useHttpServer();

  it('Request: GET JSON, POST a body with headers, and use the outputs downstream', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: req
namespace: ${ns}
tasks:
  - id: get
    type: io.kestra.plugin.core.http.Request
    uri: "${server.url()}/json?n=3"
  - id: post
    type: io.kestra.plugin.fs.http.Request
    uri: ${server.url()}/echo
    method: POST
    contentType: text/plain
    headers:
      X-Token: "{{ flow.id }}"
    body: "n={{ fromJson(outputs.get.body).n }}"
  - id: form
    type: io.kestra.plugin.core.http.Request
    uri: ${server.url()}/echo
    method: POST
    formData:
      user: Jane Doe
      count: 2
  - id: use
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.get.code }} {{ outputs.get.headers['x-answer'][0] }} {{ outputs.post.code }} {{ outputs.post.body }}"
`);
    const done = await engine.run(ns, 'req');
    expect(done.state.current, JSON.stringify((await engine.logs(done.id, '?minLevel=ERROR')).map((l: Json) => [l.taskId, l.message]))).toBe('SUCCESS');
    const get = taskRun(done, 'get').outputs;
    expect(JSON.parse(get.body)).toEqual({ ok: true, n: 3, method: 'GET' });
    expect(get.uri).toBe(`${server.url()}/json?n=3`);
    expect(taskRun(done, 'use').outputs.value).toBe('200 42 201 POST text/plain req n=3');
    expect(taskRun(done, 'form').outputs.body).toBe('POST application/x-www-form-urlencoded  user=Jane+Doe&count=2');
  });

  it('Request: fails on 4xx unless allowFailed, follows http redirects, refuses a redirect into a file URL, caps the body', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: bounds
namespace: ${ns}
tasks:
  - id: allowed
    type: io.kestra.plugin.core.http.Request
    uri: ${server.url()}/missing
    options:
      allowFailed: true
  - id: redirected
    type: io.kestra.plugin.core.http.Request
    uri: ${server.url()}/to-json
  - id: to_file
    type: io.kestra.plugin.core.http.Request
    allowFailure: true
    uri: ${server.url()}/to-file
  - id: big
    type: io.kestra.plugin.core.http.Request
    allowFailure: true
    uri: ${server.url()}/big
  - id: missing
    type: io.kestra.plugin.core.http.Request
    uri: ${server.url()}/missing
`);
    const done = await engine.run(ns, 'bounds');
    expect(done.state.current).toBe('FAILED');
    expect(taskRun(done, 'allowed').outputs).toMatchObject({ code: 404, body: 'nope' });
    expect(JSON.parse(taskRun(done, 'redirected').outputs.body).n).toBe(7);
    expect(taskRun(done, 'redirected').outputs.uri).toBe(`${server.url()}/json?n=7`);
    const errors = await engine.logs(done.id, '?minLevel=ERROR');
    expect(messages(errors, 'to_file')).toEqual(["Refusing the redirect to 'file:///etc/passwd': only http and https URLs are allowed"]);
    expect(messages(errors, 'big')[0]).toMatch(/^The response is larger than 10 MiB: use io.kestra.plugin.core.http.Download/);
    expect(messages(errors, 'missing')).toEqual(["Failed http request with response code '404'"]);
    expect(taskRun(done, 'to_file').state.current).toBe('WARNING');
  });

  it('Request, http() and webhooks stop at their read timeout', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: slow
namespace: ${ns}
tasks:
  - id: request
    type: io.kestra.plugin.core.http.Request
    allowFailure: true
    uri: ${server.url()}/slow
    options:
      timeout:
        readIdleTimeout: PT0.3S
  - id: deprecated_option
    type: io.kestra.plugin.core.http.Request
    allowFailure: true
    uri: ${server.url()}/slow
    options:
      readTimeout: PT0.3S
  - id: function
    type: io.kestra.plugin.core.debug.Return
    allowFailure: true
    format: "{{ http(uri='${server.url()}/slow', options={'timeout': {'readIdleTimeout': 'PT0.3S'}}) }}"
  - id: function_deprecated_option
    type: io.kestra.plugin.core.debug.Return
    allowFailure: true
    format: "{{ http(uri='${server.url()}/slow', options={'readIdleTimeout': 'PT0.3S'}) }}"
  - id: slack
    type: io.kestra.plugin.notifications.slack.SlackIncomingWebhook
    allowFailure: true
    url: ${server.url()}/slow
    payload: '{"text": "x"}'
    options:
      readTimeout: PT0.3S
`);
    const done = await engine.run(ns, 'slow');
    // The server does answer 200 after 3 s: each call failing says its timeout stopped it.
    expect(done.state.current).toBe('WARNING');
    for (const id of ['request', 'deprecated_option', 'function', 'function_deprecated_option', 'slack']) expect(taskRun(done, id).state.current, id).toBe('WARNING');
    const errors = await engine.logs(done.id, '?minLevel=ERROR');
    for (const id of ['request', 'deprecated_option', 'slack']) expect(messages(errors, id).join('\n'), id).toMatch(/timeout|timed out/i);
    for (const id of ['function', 'function_deprecated_option']) expect(messages(errors, id).join('\n'), id).toMatch(/Failed to execute HTTP request: .*(timeout|aborted)/i);
  });

  it('Download: stores the body in internal storage under the server-given file name (path stripped)', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: dl
namespace: ${ns}
tasks:
  - id: download
    type: io.kestra.plugin.core.http.Download
    uri: ${server.url()}/report.csv
  - id: renamed
    type: io.kestra.plugin.core.http.Download
    uri: ${server.url()}/report.csv
    saveAs: orders.csv
  - id: size
    type: io.kestra.plugin.core.debug.Return
    format: "{{ fileSize(outputs.download.uri) }} {{ fileExists(outputs.download.uri) }} {{ isFileEmpty(outputs.download.uri) }}"
  - id: read
    type: io.kestra.plugin.core.log.Log
    message: "{{ read(outputs.download.uri) | trim }}"
`);
    const done = await engine.run(ns, 'dl');
    expect(done.state.current).toBe('SUCCESS');
    const outputs = taskRun(done, 'download').outputs;
    expect(outputs).toMatchObject({ code: 200, length: 19 });
    expect(outputs.uri).toMatch(new RegExp(`^kestra:///.*/executions/${done.id}/tasks/download/.*/report\\.csv$`));
    expect(taskRun(done, 'size').outputs.value).toBe('19 true false');
    expect(taskRun(done, 'renamed').outputs.uri).toMatch(/\/orders\.csv$/);
    const file = await request(`${engine.api()}/executions/${done.id}/file?path=${encodeURIComponent(outputs.uri)}`);
    expect(file.text).toBe('id,total\n1,10\n2,32\n');
    expect(messages(await engine.logs(done.id, '?minLevel=INFO'), 'read')).toEqual(['id,total\n1,10\n2,32']);
  });

  it('Slack, Discord and Teams webhooks POST the rendered payload; a failing webhook fails the task', async () => {
    const ns = randomNamespace();
    const before = (await server.received()).length;
    await engine.deploy(`id: notify
namespace: ${ns}
variables:
  template: "Flow {{ flow.id }} failed"
tasks:
  - id: fail
    type: io.kestra.plugin.core.execution.Fail
    errorMessage: boom
errors:
  - id: slack
    type: io.kestra.plugin.notifications.slack.SlackIncomingWebhook
    url: ${server.url()}/hook
    payload: |
      {"text": "{{ vars.template }} in {{ flow.namespace }}"}
  - id: slack_new_name
    type: io.kestra.plugin.slack.notifications.SlackIncomingWebhook
    url: ${server.url()}/hook
    messageText: "plain {{ execution.id }}"
  - id: discord
    type: io.kestra.plugin.notifications.discord.DiscordIncomingWebhook
    url: ${server.url()}/hook
    payload: '{"content": "{{ flow.id }}"}'
  - id: discord_plugin
    type: io.kestra.plugin.discord.DiscordIncomingWebhook
    url: ${server.url()}/hook
    payload: '{"content": "from the discord plugin"}'
  - id: teams_microsoft365
    type: io.kestra.plugin.microsoft365.teams.TeamsIncomingWebhook
    url: ${server.url()}/hook
    payload: '{"text": "from the microsoft365 plugin"}'
  - id: teams
    type: io.kestra.plugin.notifications.teams.TeamsIncomingWebhook
    url: ${server.url()}/hook-fails
    payload: '{"text": "x"}'
`);
    const done = await engine.run(ns, 'notify');
    expect(done.state.current).toBe('FAILED');
    expect(taskRun(done, 'slack').state.current).toBe('SUCCESS');
    expect(taskRun(done, 'discord').state.current).toBe('SUCCESS');
    expect(taskRun(done, 'teams').state.current).toBe('FAILED');
    const posts = (await server.received()).slice(before).filter((r) => r.url.startsWith('/hook'));
    expect(taskRun(done, 'discord_plugin').state.current).toBe('SUCCESS');
    expect(taskRun(done, 'teams_microsoft365').state.current).toBe('SUCCESS');
    expect(posts.map((p) => JSON.parse(p.body))).toEqual([
      { text: `Flow notify failed in ${ns}` },
      { text: `plain ${done.id}` },
      { content: 'notify' },
      { content: 'from the discord plugin' },
      { text: 'from the microsoft365 plugin' },
      { text: 'x' },
    ]);
    expect(posts.every((p) => p.method === 'POST' && p.headers['content-type'] === 'application/json')).toBe(true);
    expect(messages(await engine.logs(done.id, '?minLevel=ERROR'), 'teams')).toEqual(['Microsoft Teams webhook request failed with status 500: invalid_payload']);
  });

  it('the http() function returns the parsed JSON body inside an expression', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: fn
namespace: ${ns}
tasks:
  - id: value
    type: io.kestra.plugin.core.debug.Return
    format: "{{ http(uri='${server.url()}/json', query={'n': 5}).n * 2 }} {{ http('${server.url()}/echo', 'POST', body={'a': 1}) }}"
`);
    const done = await engine.run(ns, 'fn');
    expect(done.state.current).toBe('SUCCESS');
    expect(taskRun(done, 'value').outputs.value).toBe('10 POST application/json  {"a":1}');
  });

  it('the HTTP trigger polls and starts an execution with the response as trigger variables', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: polled
namespace: ${ns}
tasks:
  - id: log
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.code }} {{ fromJson(trigger.body).n }}"
triggers:
  - id: poll
    type: io.kestra.plugin.core.http.Trigger
    uri: ${server.url()}/json?n=9
    interval: PT1S
    responseCondition: "{{ response.statusCode == 200 and fromJson(response.body).ok }}"
`);
    let found: Json;
    const deadline = Date.now() + 20_000;
    while (!found && Date.now() < deadline) {
      const page = (await request(`${engine.api()}/executions/search?namespace=${ns}&flowId=polled`)).json();
      found = page.results?.find((e: Json) => e.state.current === 'SUCCESS');
      if (!found) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(found, 'an execution started by the HTTP trigger').toBeDefined();
    expect(found.trigger).toMatchObject({ id: 'poll', type: 'io.kestra.plugin.core.http.Trigger', variables: { code: 200 } });
    const done = await engine.get(found.id);
    expect(taskRun(done, 'log').outputs.value).toBe('200 9');
    // Stop polling.
    await request(`${engine.api()}/flows/${ns}/polled`, { method: 'DELETE' });
  });
});

describe('engine: HTTP tasks switched off', () => {
  const engine = useEngine({ allow: { http: false } });
  const server = useHttpServer();

  it('fails Request and notification tasks, and http(), without sending anything', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: nohttp
namespace: ${ns}
tasks:
  - id: get
    type: io.kestra.plugin.core.http.Request
    allowFailure: true
    uri: ${server.url()}/json
  - id: slack
    type: io.kestra.plugin.notifications.slack.SlackIncomingWebhook
    allowFailure: true
    url: ${server.url()}/hook
    payload: '{"text": "x"}'
  - id: fn
    type: io.kestra.plugin.core.debug.Return
    allowFailure: true
    format: "{{ http('${server.url()}/json') }}"
`);
    const done = await engine.run(ns, 'nohttp');
    expect(done.state.current).toBe('WARNING');
    const errors = await engine.logs(done.id, '?minLevel=ERROR');
    expect(messages(errors, 'get')[0]).toMatch(/^HTTP tasks are disabled in this sandbox/);
    expect(messages(errors, 'slack')[0]).toMatch(/^HTTP tasks are disabled in this sandbox/);
    expect(messages(errors, 'fn').join('\n')).toContain("The 'http' function is disabled in this sandbox");
    expect(await server.received()).toEqual([]);
  });
});
