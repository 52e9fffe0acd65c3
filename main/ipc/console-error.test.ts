import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleError, scrubForLog, toErrorData } from './console-error';

describe('console errors', () => {
  afterEach(() => vi.restoreAllMocks());

  it('passes ConsoleError data through and hides unexpected errors behind a generic message', () => {
    expect(toErrorData(new ConsoleError('validation', 'bad', { status: 422 }))).toEqual({ kind: 'validation', message: 'bad', status: 422 });
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const data = toErrorData(new Error('request to https://user:Secret-Pw1@host failed with Authorization: Basic dXNlcjpTZWNyZXQtUHcx'), 'flows.get');
    expect(data).toEqual({ kind: 'internal', message: 'Unexpected error in the console. See the console log for details.' });
    const logged = String(log.mock.calls[0]?.[0]);
    expect(logged).toContain('in flows.get');
    expect(logged).not.toContain('Secret-Pw1');
    expect(logged).not.toContain('dXNlcjpTZWNyZXQtUHcx');
  });

  it('scrubs auth schemes, auth headers and URL userinfo', () => {
    expect(scrubForLog('Bearer abc.def-ghi')).toBe('Bearer ••••');
    expect(scrubForLog('{"authorization":"Basic Zm9vOmJhcg=="}')).not.toContain('Zm9vOmJhcg');
    expect(scrubForLog('cookie: BASIC_AUTH=abc')).toBe('cookie: ••••');
    expect(scrubForLog('http://u:p@h/x')).toBe('http://••••@h/x');
  });
});
