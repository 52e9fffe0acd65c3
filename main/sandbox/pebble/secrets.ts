// Kestra open source reads secrets from environment variables: `secret('MY_PASSWORD')` is the
// base64-decoded value of SECRET_MY_PASSWORD (io.kestra.core.secret.EnvVarSecretService). The
// engine does not read process.env itself; a host that wants this behaviour passes
// `functions: { secret: secretsFromEnvironment(process.env) }`.

export function secretsFromEnvironment(environment: Readonly<Record<string, string | undefined>>): (key: string) => string | undefined {
  return (key) => {
    if (!Object.prototype.hasOwnProperty.call(environment, `SECRET_${key}`)) return undefined;
    const encoded = environment[`SECRET_${key}`];
    if (encoded === undefined) return undefined;
    return Buffer.from(encoded.trim(), 'base64').toString('utf8');
  };
}
