// The bounds every script task runs within (documented in main/sandbox/README.md, "Safety").
export const SCRIPT_LIMITS = Object.freeze({
  /** After SIGTERM on kill or timeout, SIGKILL follows after this long. */
  killGraceMs: 2_000,
  /** A script with no `timeout` of its own is stopped after this long. */
  defaultTimeoutMs: 60 * 60 * 1000,
  /** One output line longer than this is cut. */
  maxLineBytes: 256 * 1024,
  /** Lines logged per task run; the rest of the output is still read (for `::{…}::` commands) but not logged. */
  maxLogLines: 100_000,
  /** Total JSON of `::{"outputs":…}::` lines. */
  maxVarsBytes: 10 * 1024 * 1024,
  /** Files one task may store through `outputFiles`. */
  maxOutputFiles: 10_000,
  /** Installing Python `dependencies` (a venv and pip) may take this long. */
  dependencyInstallTimeoutMs: 10 * 60 * 1000,
});
