/** A connection to a real app needs credentials, named (never inline) and resolvable. */
import type { Rule } from '../context.js';
import type { Connection } from '../schema-types.js';

function missing(config: Connection): string | undefined {
  if (config.app === 'local' || config.sandbox) return undefined;
  if (config.app === 'hubspot' && !config.access_token) return 'add `access_token: { env: HUBSPOT_TOKEN }` (a private-app token), or `sandbox: true`';
  if (config.app === 'google' && !config.access_token) return 'add `access_token: { env: GOOGLE_TOKEN }` (an OAuth token with the contacts scope), or `sandbox: true`';
  if (config.app === 'salesforce') {
    const token = config.access_token && config.instance_url;
    const login = config.username && config.password;
    if (!token && !login) return 'add `access_token` with `instance_url`, or `username` and `password` (R4), or `sandbox: true`';
  }
  return undefined;
}

export const credentialsGiven: Rule = (ctx, report) => {
  const hasSecretsFile = ctx.hidden.settings || ctx.settings.some((s) => s.settings.secrets_file);
  for (const [name, entries] of ctx.connections) {
    for (const { config, file } of entries) {
      if (!config || typeof config !== 'object') continue;
      const hint = missing(config);
      if (hint) report(file, ['connections', name], 'missing-credentials', `connection \`${name}\` has no credentials`, hint, { key: true });
      for (const [key, value] of Object.entries(config)) {
        if (value && typeof value === 'object' && 'secret' in value && !hasSecretsFile) {
          report(file, ['connections', name, key, 'secret'], 'missing-secrets-file', `\`${key}\` reads a secrets file, but none is named`,
            'add `settings: { secrets_file: .crmsync/secrets.env }`, or use `env:` instead');
        }
      }
    }
  }
};
