import { describe, expect, it } from 'vitest';
import type { ServerView } from '../../main/contract/servers';
import { requiredConfirmation } from './confirm';

const server = (confirmDestructive: boolean): ServerView => ({
  id: 's',
  name: 'Prod EU',
  url: 'https://kestra.example.com',
  authKind: 'none',
  color: '#eb5757',
  environment: 'production',
  policy: { confirmDestructive, readOnly: false },
  tls: {},
  timeouts: { connectMs: 1000, requestMs: 1000 },
  builtIn: false,
  hasCredentials: false,
});

describe('typed confirmation', () => {
  it('asks for the server name only when its policy says so', () => {
    expect(requiredConfirmation({ title: 'Delete?', server: server(true) })).toBe('Prod EU');
    expect(requiredConfirmation({ title: 'Delete?', server: server(false) })).toBeUndefined();
    expect(requiredConfirmation({ title: 'Delete?' })).toBeUndefined();
  });

  it('lets an action demand its own text, unless the server asks for its name (main checks that one)', () => {
    expect(requiredConfirmation({ title: 'Wipe?', server: server(false), typeToConfirm: 'company.team' })).toBe('company.team');
    expect(requiredConfirmation({ title: 'Wipe?', server: server(true), typeToConfirm: 'company.team' })).toBe('Prod EU');
  });
});
