// The flow editor end to end (issue 6): create a flow by typing, see a schema marker and a server
// validation error, save verbatim, edit, guard unsaved changes, detect a stale revision made
// through the API, diff and restore revisions, run with inputs, and delete on a production server
// by typing its name. Chromium against web mode and the Local sandbox (added twice).
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath, type TestBrowser } from '../fixtures/browser';
import { REPO_ROOT } from '../fixtures/sandbox';
import { randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { AppShellPage } from './pages/app-shell.page';
import { localSandboxUrl, SandboxApi } from './pages/console-api';
import { FlowsPage } from './pages/flows.page';
import { ServersPage } from './pages/servers.page';

const NS = randomNamespace('e2e');
const FLOW_ID = 'orders';

// What the user types: comments, blank lines and quoting must survive saving verbatim.
const VALID_SOURCE = `id: ${FLOW_ID}
namespace: ${NS}
# Orders from the web shop
labels:
  team: shop
inputs:
  - id: customer
    type: STRING
    defaults: ACME
  - id: quantity
    type: INT
    displayName: Quantity
  - id: express
    type: BOOLEAN
    defaults: false
  - id: region
    type: SELECT
    values: [eu, us]
    defaults: eu

tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "Order for {{ inputs.customer }} x{{ inputs.quantity }}"
`;

const ALL_INPUTS_SOURCE = (id: string): string => `id: ${id}
namespace: ${NS}
inputs:
  - { id: text, type: STRING }
  - { id: count, type: INT, min: 1 }
  - { id: ratio, type: FLOAT }
  - { id: flag, type: BOOLEAN }
  - { id: level, type: ENUM, values: [low, high] }
  - { id: colour, type: SELECT, values: [red, green] }
  - { id: tags, type: MULTISELECT, values: [a, b, c] }
  - { id: day, type: DATE }
  - { id: at, type: DATETIME }
  - { id: clock, type: TIME }
  - { id: wait, type: DURATION }
  - { id: payload, type: JSON }
  - { id: upload, type: FILE }
  - { id: token, type: SECRET }
  - { id: items, type: ARRAY, itemType: INT }
  - { id: link, type: URI }
  - { id: mail, type: EMAIL }
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "{{ inputs.text }}"
`;

describe('flow editor', () => {
  let web: WebConsole;
  let browser: TestBrowser;
  let shell: AppShellPage;
  let flows: FlowsPage;
  let api: SandboxApi;

  beforeAll(async () => {
    web = await startWebConsole();
    browser = await launchBrowser();
    shell = new AppShellPage(browser.page);
    flows = new FlowsPage(browser.page);
    const url = await localSandboxUrl(web);
    api = new SandboxApi(url);
    await shell.open(web.url);
    // The same sandbox a second time, as a production server that asks for its name.
    await new ServersPage(browser.page).add({ name: 'Sandbox Prod', url, color: '#eb5757', environment: 'Production' });
    await browser.page.keyboard.press('Control+1');
    await shell.waitForActiveServer('Local sandbox');
  });

  // A failed step leaves a screenshot in test-results/ to see what the user would have seen.
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      await browser?.page.screenshot({ path: path.join(REPO_ROOT, 'test-results', `flows-editor-${context.task.name.replace(/\W+/g, '-').slice(0, 60)}.png`) }).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('shows a schema marker and a server validation error while typing a new flow', async () => {
    await flows.newFlow();
    // A property with a value of the wrong type, and a property the task does not have.
    await flows.replaceText(VALID_SOURCE.replace('    message:', '    allowFailure: sometimes\n    colour: red\n    message:'));
    // monaco-yaml with the server's schema flags the type while typing; the server's validation
    // (Kestra refuses unknown properties) reports the other, each placed on its line.
    await flows.problem(/^(Error|Warning) on line 24 \(schema\): Incorrect type\. Expected "boolean"/).waitFor();
    await flows.problem(/^Error on line 2[45] \(server\): /).waitFor();
    // Typing more (with the keyboard, through Monaco's own input) keeps validating.
    await flows.goToEnd();
    await browser.page.keyboard.type('retries: 3');
    await flows.problem(/\(server\): Unrecognized field "(retries|colour)"/).waitFor();
    await flows.problems().getByText('Checking with the server…').waitFor({ state: 'hidden' });
    await shell.clearNotifications();
    await browser.page.screenshot({ path: screenshotPath('editor.png') });

    // Saving it anyway: the server's refusal is shown, and nothing typed is lost.
    await flows.focusEditor();
    await flows.save();
    // The refusal is reported where the flow's problems are, not in a toast over them.
    await flows.problems().getByText('Could not save new flow 1').waitFor();
    expect(await shell.toast('Could not save new flow 1').count()).toBe(0);
    await flows.status().getByText('Unsaved changes').waitFor();
    await flows.problem(/\(schema\): Incorrect type/).waitFor();
    expect((await api.getFlow(NS, FLOW_ID)).status).toBe(404);
    await shell.clearNotifications();
  });

  it('saves the typed text verbatim with Ctrl+S', async () => {
    await flows.replaceText(VALID_SOURCE);
    await flows.problems().getByText('No problems.').waitFor();
    await flows.save();
    await shell.toast(`Created ${NS}.${FLOW_ID}`).waitFor();
    await flows.status().getByText('Revision 1').waitFor();
    const saved = await api.getFlow(NS, FLOW_ID);
    expect(saved.source).toBe(VALID_SOURCE);
    expect(saved.revision).toBe(1);
    await flows.row(FLOW_ID, NS).waitFor();
  });

  it('finds the flow in the palette, completes from the schema, compares across servers and duplicates', async () => {
    await shell.runFromPalette(FLOW_ID, new RegExp(`^Flow: ${FLOW_ID}, ${NS.replace('.', '\\.')}`));
    await flows.page.getByRole('region', { name: `Flow editor: ${FLOW_ID}` }).waitFor();

    // Completion from the server's schema at the top level of the flow.
    await flows.goToEnd();
    await browser.page.keyboard.press('Control+Space');
    const suggestions = flows.monaco().locator('.suggest-widget .monaco-list-row');
    await suggestions.filter({ hasText: 'description' }).first().waitFor();
    await browser.page.keyboard.type('trig');
    await suggestions.filter({ hasText: 'triggers' }).first().waitFor();
    await browser.page.keyboard.press('Escape');
    for (let i = 0; i < 4; i += 1) await browser.page.keyboard.press('Backspace');
    await flows.status().getByText('Revision 1').waitFor();

    // The same flow on the other saved server, side by side.
    await flows.moreAction('Compare with another server…');
    const compare = shell.dialog('Compare with another server');
    await compare.getByRole('combobox', { name: 'Server to compare with' }).selectOption({ label: 'Sandbox Prod' });
    await compare.getByText('Sandbox Prod · revision 1').waitFor();
    await compare.locator('.monaco-diff-editor').waitFor();
    await browser.page.keyboard.press('Escape');
    await compare.waitFor({ state: 'detached' });

    // Duplicate: a draft with a new id, saved as a new flow.
    await flows.moreAction('Duplicate');
    await flows.page.getByRole('region', { name: /^Flow editor: New flow/ }).waitFor();
    await flows.status().getByText('Unsaved changes').waitFor();
    await flows.focusEditor();
    await flows.save();
    await shell.toast(`Created ${NS}.${FLOW_ID}_copy`).waitFor();
    const copy = await api.getFlow(NS, `${FLOW_ID}_copy`);
    expect(copy.source).toBe(VALID_SOURCE.replace(`id: ${FLOW_ID}`, `id: ${FLOW_ID}_copy`));
    await flows.page.getByRole('button', { name: `Close ${FLOW_ID}_copy` }).click();
    await flows.page.getByRole('region', { name: `Flow editor: ${FLOW_ID}` }).waitFor();
  });

  it('marks unsaved edits on the tabs, keeps them through a server switch without asking, and guards closing', async () => {
    await flows.goToEnd();
    await flows.paste('# edited once\n');
    await flows.status().getByText('Unsaved changes').waitFor();
    await shell.serverTabs().getByText('unsaved changes').waitFor();
    await flows.page.getByRole('tablist', { name: 'Open flows' }).getByText('unsaved changes').waitFor();

    // Drafts stay in their tabs: switching servers never asks, and coming back finds the edit.
    await browser.page.keyboard.press('Control+2');
    await shell.waitForActiveServer('Sandbox Prod');
    expect(await shell.dialog('Unsaved changes').count()).toBe(0);
    await browser.page.keyboard.press('Control+1');
    await shell.waitForActiveServer('Local sandbox');
    await flows.monaco().getByText('# edited once').waitFor();

    // Closing the document asks too; cancelling keeps it open.
    await flows.page.getByRole('button', { name: `Close ${FLOW_ID}` }).click();
    await shell.dialog(`Close ${FLOW_ID}?`).getByRole('button', { name: 'Cancel' }).click();

    await flows.focusEditor();
    await flows.save();
    await flows.status().getByText('Revision 2').waitFor();
    expect((await api.getFlow(NS, FLOW_ID)).source).toBe(`${VALID_SOURCE}# edited once\n`);
    expect(await shell.serverTabs().getByText('unsaved changes').count()).toBe(0);
  });

  it('detects a revision saved through the API, shows the diff and lets me overwrite', async () => {
    const theirs = `${VALID_SOURCE}# edited by a CI job\n`;
    expect((await api.putFlow(NS, FLOW_ID, theirs)).revision).toBe(3);

    await flows.goToEnd();
    await flows.paste('# mine\n');
    await flows.status().getByText('Unsaved changes').waitFor();
    await flows.save();
    const stale = shell.dialog(`${NS}.${FLOW_ID} changed on the server`);
    await stale.waitFor();
    await stale.getByText(/Someone saved revision 3/).waitFor();
    await stale.locator('.monaco-diff-editor').waitFor();
    await stale.getByRole('button', { name: 'Overwrite with mine' }).click();
    await flows.status().getByText('Revision 4').waitFor();
    expect((await api.getFlow(NS, FLOW_ID)).source).toBe(`${VALID_SOURCE}# edited once\n# mine\n`);
  });

  it('diffs two revisions side by side and restores one', async () => {
    const view = await flows.openRevisions();
    await view.getByRole('combobox', { name: 'Left revision' }).selectOption({ label: 'Revision 1' });
    await view.getByRole('combobox', { name: 'Right revision' }).selectOption({ label: 'Revision 3' });
    const diff = view.locator('.monaco-diff-editor');
    await diff.waitFor();
    // The side-by-side diff shows revision 3's added line as an insertion.
    await diff.locator('.line-insert, .char-insert').first().waitFor();
    await expect(view.getByText('edited by a CI job').first().isVisible()).resolves.toBe(true);

    await view.getByRole('button', { name: 'Restore revision 1' }).click();
    await shell.confirm('Restore revision 1');
    await shell.toast('Restored revision 1').waitFor();
    const restored = await api.getFlow(NS, FLOW_ID);
    expect(restored.revision).toBe(5);
    expect(restored.source).toBe(VALID_SOURCE);
    await view.getByRole('button', { name: 'Back to editor' }).click();
    await flows.status().getByText('Revision 5').waitFor();
  });

  it('runs the flow from a form generated from its inputs, then jumps to the execution', async () => {
    await shell.clearNotifications();
    await flows.focusEditor();
    const form = await flows.openRunForm();
    // Defaults are filled in; the required input without a default is marked.
    await expect(form.getByRole('textbox', { name: 'customer' }).inputValue()).resolves.toBe('ACME');
    await expect(form.getByRole('combobox', { name: 'region' }).inputValue()).resolves.toBe('eu');
    await form.getByRole('spinbutton', { name: /^Quantity/ }).waitFor();

    await form.getByRole('button', { name: 'Run', exact: true }).click();
    await form.getByText('Required.').waitFor();

    await form.getByRole('spinbutton', { name: /^Quantity/ }).fill('3');
    await form.getByRole('combobox', { name: 'region' }).selectOption('us');
    await form.getByRole('combobox', { name: 'express' }).selectOption('true');
    await form.getByRole('button', { name: 'Add label' }).click();
    await form.getByRole('textbox', { name: 'Label 1 key' }).fill('team');
    await form.getByRole('textbox', { name: 'Label 1 value' }).fill('e2e');
    await form.getByRole('button', { name: 'Run', exact: true }).click();

    await shell.page.getByRole('tablist', { name: 'Panes' }).getByRole('tab', { name: 'Executions', selected: true }).waitFor();
    await shell.toast(/^Execution .+ created$/).waitFor();
    const executions = await api.executions(NS, FLOW_ID);
    expect(executions).toHaveLength(1);
    expect(executions[0]!.inputs).toMatchObject({ customer: 'ACME', quantity: 3, express: true, region: 'us' });
    expect(executions[0]!.labels).toEqual(expect.arrayContaining([{ key: 'team', value: 'e2e' }]));
  });

  it('has a control for every input type, including a file drop target, and the server accepts them', async () => {
    const id = 'all_inputs';
    await api.createFlow(ALL_INPUTS_SOURCE(id));
    await browser.page.keyboard.press('Alt+1');
    await shell.selectNamespace(NS);
    // Created behind the console's back: reload the list, as a user would.
    await flows.list().getByRole('button', { name: 'Reload flows' }).click();
    await flows.open(id, NS);
    const form = await flows.openRunForm();
    const byLabel = (name: string) => form.getByLabel(new RegExp(`^${name}( \\*)?$`));
    await form.getByRole('textbox', { name: 'text' }).fill('hello');
    await form.getByRole('spinbutton', { name: 'count' }).fill('2');
    await form.getByRole('spinbutton', { name: 'ratio' }).fill('0.5');
    await form.getByRole('combobox', { name: 'flag' }).selectOption('true');
    await form.getByRole('combobox', { name: 'level' }).selectOption('high');
    await form.getByRole('combobox', { name: 'colour' }).selectOption('green');
    await form.getByRole('group', { name: 'tags' }).getByRole('checkbox', { name: 'a' }).check();
    await form.getByRole('group', { name: 'tags' }).getByRole('checkbox', { name: 'c' }).check();
    await byLabel('day').fill('2025-03-04');
    await byLabel('at').fill('2025-03-04T10:20:30');
    await byLabel('clock').fill('10:30:00');
    await form.getByRole('textbox', { name: 'wait' }).fill('PT5M');
    await form.getByRole('textbox', { name: 'payload' }).fill('{"a": 1}');
    await byLabel('token').fill('s3cr3t-value');
    await form.getByRole('textbox', { name: 'items' }).fill('1\n2');
    await form.getByRole('textbox', { name: 'link' }).fill('https://example.com/data.csv');
    await form.getByRole('textbox', { name: 'mail' }).fill('ops@example.com');
    // A file dropped from the desktop onto the drop target.
    const drop = form.getByRole('group', { name: 'Drop a file for upload' });
    const dataTransfer = await browser.page.evaluateHandle(`(() => {
      const data = new DataTransfer();
      data.items.add(new File(['id,qty\\n1,2\\n'], 'orders.csv', { type: 'text/csv' }));
      return data;
    })()`);
    for (const type of ['dragenter', 'dragover', 'drop']) await drop.dispatchEvent(type, { dataTransfer });
    await drop.getByText(/orders\.csv/).waitFor();
    // A bad value is caught before anything is sent.
    await form.getByRole('textbox', { name: 'wait' }).fill('5 minutes');
    await form.getByRole('button', { name: 'Run', exact: true }).click();
    await form.getByText('Use an ISO-8601 duration, e.g. PT30M or P1DT2H.').waitFor();
    await form.getByRole('textbox', { name: 'wait' }).fill('PT5M');
    await browser.page.mouse.move(1, 1);
    await browser.page.screenshot({ path: screenshotPath('run-form.png') });

    await form.getByRole('button', { name: 'Run', exact: true }).click();
    await shell.page.getByRole('tablist', { name: 'Panes' }).getByRole('tab', { name: 'Executions', selected: true }).waitFor();
    const [execution] = await api.executions(NS, id);
    expect(execution?.inputs).toMatchObject({
      text: 'hello',
      count: 2,
      ratio: 0.5,
      flag: true,
      level: 'high',
      colour: 'green',
      tags: ['a', 'c'],
      day: '2025-03-04',
      clock: '10:30:00',
      wait: 'PT5M',
      payload: { a: 1 },
      items: [1, 2],
      link: 'https://example.com/data.csv',
      mail: 'ops@example.com',
    });
    expect(String(execution?.inputs?.upload)).toMatch(/^kestra:\/\/.*orders\.csv$/);
    expect(Date.parse(String(execution?.inputs?.at))).toBe(new Date('2025-03-04T10:20:30').getTime());
    // Secrets are stored encrypted by the server, never as typed.
    expect(execution?.inputs?.token).not.toBe('s3cr3t-value');
    await browser.page.keyboard.press('Alt+1');
  });

  it('filters the list by label, from the search box or a label chip', async () => {
    await flows.search('team:shop');
    await flows.row(FLOW_ID, NS).waitFor();
    await flows.row(`${FLOW_ID}_copy`, NS).waitFor();
    await flows.row('all_inputs', NS).waitFor({ state: 'detached' });
    await flows.search('');
    await flows.row('all_inputs', NS).waitFor();
    await flows.row(FLOW_ID, NS).getByRole('button', { name: 'Filter by label team: shop' }).click();
    await expect(flows.list().getByRole('searchbox', { name: 'Search flows' }).inputValue()).resolves.toBe('team:shop');
    await flows.row('all_inputs', NS).waitFor({ state: 'detached' });
    await flows.search('');
  });

  it('reports a revision jump when someone saves in the instant between the check and my save', async () => {
    const id = 'all_inputs';
    await flows.open(id, NS);
    await flows.goToEnd();
    await flows.paste('# mine\n');
    await flows.status().getByText('Unsaved changes').waitFor();
    // Hold my save at the console host while another writer saves through the API.
    await browser.page.route('**/rpc/flows.update', async (route) => {
      await api.putFlow(NS, id, `${ALL_INPUTS_SOURCE(id)}# theirs\n`);
      await route.continue();
    });
    try {
      await flows.save();
      await shell.toast('Saved as revision 3, not 2').waitFor();
    } finally {
      await browser.page.unroute('**/rpc/flows.update');
    }
    await shell.page.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: 'Compare revisions' }).click();
    const view = flows.page.getByRole('region', { name: `Revisions of ${NS}.${id}` });
    await view.waitFor();
    expect((await api.getFlow(NS, id)).source).toBe(`${ALL_INPUTS_SOURCE(id)}# mine\n`);
    await view.getByRole('button', { name: 'Back to editor' }).click();
  });

  it('deletes the flow on the production server only after its name is typed', async () => {
    await browser.page.keyboard.press('Control+2');
    await shell.waitForActiveServer('Sandbox Prod');
    await shell.productionBanner().waitFor();
    await shell.openPane('Flows');
    await shell.selectNamespace(NS);
    await flows.row(FLOW_ID, NS).waitFor();
    await flows.row(FLOW_ID, NS).getByRole('button', { name: `Actions for ${FLOW_ID}` }).click();
    await browser.page.getByRole('menuitem', { name: 'Delete…' }).click();

    const dialog = shell.dialog(`Delete ${NS}.${FLOW_ID}?`);
    await dialog.waitFor();
    const confirmButton = dialog.getByRole('button', { name: 'Delete flow' });
    await expect(confirmButton.isDisabled()).resolves.toBe(true);
    const box = dialog.getByRole('textbox', { name: 'Type Sandbox Prod to confirm' });
    await box.fill('Sandbox prod');
    await expect(confirmButton.isDisabled()).resolves.toBe(true);
    expect((await api.getFlow(NS, FLOW_ID)).status).toBe(200);
    await box.fill('Sandbox Prod');
    await confirmButton.click();
    await shell.toast(`Deleted ${NS}.${FLOW_ID}`).waitFor();
    expect((await api.getFlow(NS, FLOW_ID)).status).toBe(404);
    await flows.row(FLOW_ID, NS).waitFor({ state: 'detached' });
    expect(browser.pageErrors).toEqual([]);
  });
});
