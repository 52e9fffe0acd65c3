// The result of "Test connection": one line per check (reachability, TLS, version, API form,
// credentials) with its status and message, plus the certificate fingerprint to pin.
import type { CheckStatus, ConnectionCheck, ConnectionReport } from '../../../main/contract/methods';
import { describeError } from '../../components/error-view';
import { Button } from '../../components/button';
import { Icon, type IconName } from '../../components/icons';

const CHECK_LABELS: Record<ConnectionReport['checks'][number]['id'], string> = {
  reachability: 'Reachable',
  tls: 'TLS certificate',
  version: 'Kestra version',
  'api-form': 'API form',
  credentials: 'Credentials',
};

const STATUS_ICONS: Record<CheckStatus, IconName> = { pass: 'check', fail: 'error', warn: 'warning', skip: 'info' };
const STATUS_WORDS: Record<CheckStatus, string> = { pass: 'passed', fail: 'failed', warn: 'warning', skip: 'skipped' };

function normaliseFingerprint(value: string): string {
  return value.replace(/:/g, '').toLowerCase();
}

export function ConnectionChecks({ report, pinnedSha256, onPin }: { report: ConnectionReport; pinnedSha256: string; onPin(fingerprint: string): void }) {
  const failed = report.checks.some((check) => check.status === 'fail');
  return (
    <section className="connection-checks" aria-label="Connection test results">
      <h3>{failed ? 'The connection test found problems' : 'Connection test passed'}</h3>
      <ul>
        {report.checks.map((check) => (
          <li key={check.id} className={`connection-checks__item connection-checks__item--${check.status}`} aria-label={`${CHECK_LABELS[check.id]}: ${STATUS_WORDS[check.status]}`}>
            <Icon name={STATUS_ICONS[check.status]} />
            <span className="connection-checks__name">{CHECK_LABELS[check.id]}</span>
            <span className="connection-checks__message">{check.message}</span>
          </li>
        ))}
      </ul>
      {report.configs && (
        <p className="connection-checks__meta">
          Kestra {report.configs.version} · {report.configs.edition}
          {report.configs.tenant ? ` · tenant ${report.configs.tenant}` : ''}
        </p>
      )}
      {report.certificateSha256 && (
        <div className="connection-checks__cert">
          <span>
            Certificate SHA-256: <code>{report.certificateSha256}</code>
          </span>
          {normaliseFingerprint(report.certificateSha256) !== normaliseFingerprint(pinnedSha256) && (
            <Button size="sm" icon="lock" onClick={() => onPin(report.certificateSha256!)}>
              Pin this certificate
            </Button>
          )}
        </div>
      )}
    </section>
  );
}

export function failedChecks(report: ConnectionReport): ConnectionCheck[] {
  return report.checks.filter((check) => check.status === 'fail');
}

/**
 * The test's verdict in one line, beside the buttons (always in view, whatever the dialog's
 * scroll): a live region that says what was found, or that a test is running.
 */
export function ConnectionVerdict({ report, error, testing }: { report?: ConnectionReport; error?: unknown; testing?: 'button' | 'save' }) {
  const failures = report ? failedChecks(report) : [];
  const warnings = report ? report.checks.filter((check) => check.status === 'warn') : [];
  let good: string | undefined;
  let bad: string | undefined;
  if (testing) good = testing === 'save' ? 'Testing the connection before saving…' : 'Testing the connection…';
  else if (error) bad = `The test could not run: ${describeError(error)}`;
  else if (failures.length) bad = `${failures[0]!.message}${failures.length > 1 ? ` (and ${failures.length - 1} more problem${failures.length > 2 ? 's' : ''})` : ''}`;
  else if (report) {
    const version = report.configs ? ` · Kestra ${report.configs.version}` : '';
    good = warnings.length ? `Connection works, with a warning${version}: ${warnings[0]!.message}` : `Connection works${version}`;
  }
  return (
    <span className="connection-verdict dialog__footer-start">
      <span role="status" className={`connection-verdict__text${warnings.length && !testing ? ' connection-verdict__text--warn' : ' connection-verdict__text--pass'}`}>
        {good && (
          <>
            {!testing && <Icon name={warnings.length ? 'warning' : 'check'} />}
            {good}
          </>
        )}
      </span>
      <span role="alert" className="connection-verdict__text connection-verdict__text--fail">
        {bad && (
          <>
            <Icon name="error" />
            {bad}
          </>
        )}
      </span>
    </span>
  );
}
