// Keys whose names suggest a secret get their values masked until the user reveals them, so a
// screen share or a screenshot does not leak them. The name is the only hint Kestra gives.
const SECRET_WORDS = /(pass(word|wd|phrase)?|pwd|secret|token|api[-_.]?key|apikey|private[-_.]?key|credential|auth|bearer|session|cookie|signature|salt|dsn|connection[-_.]?string|access[-_.]?key|client[-_.]?secret)/i;

export function looksSecret(key: string): boolean {
  return SECRET_WORDS.test(key);
}

export const MASK = '••••••••';
