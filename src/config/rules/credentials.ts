/** A connection to a real app needs credentials, named (never inline) and resolvable. */
import { entryOf } from '../../connectors/app-entry.js';
import type { Rule } from '../context.js';

export const credentialsGiven: Rule = (ctx, report) => {
  const hasSecretsFile = ctx.hidden.settings || ctx.settings.some((s) => s.settings.secrets_file);
  for (const [name, entries] of ctx.connections) {
    for (const { config, file } of entries) {
      if (!config || typeof config !== 'object') continue;
      const app = entryOf(ctx.apps, config.app);
      // The app's own rules, for a connection to the real app (a sandbox needs no credentials).
      if (app && !config.sandbox) {
        const hint = app.credentials.missing(config);
        if (hint) report(file, ['connections', name], 'missing-credentials', `connection \`${name}\` has no credentials`, hint, { key: true });
        app.credentials.check?.(config, name, (path, code, message, hint, options) =>
          report(file, ['connections', name, ...path], code, message, hint, options),
        );
      }
      if (app && !app.capabilities.sandboxSearchLag && typeof config.sandbox === 'object' && config.sandbox.search_lag !== undefined) {
        report(
          file,
          ['connections', name, 'sandbox', 'search_lag'],
          'sandbox-option',
          `connection \`${name}\`: \`search_lag\` is a HubSpot sandbox setting (HubSpot's search index lag)`,
          `remove it: ${config.app} reads no search index`,
          { key: true },
        );
      }
      for (const [key, value] of Object.entries(config)) {
        if (value && typeof value === 'object' && 'secret' in value && !hasSecretsFile) {
          report(
            file,
            ['connections', name, key, 'secret'],
            'missing-secrets-file',
            `\`${key}\` reads a secrets file, but none is named`,
            'add `settings: { secrets_file: .crmsync/secrets.env }`, or use `env:` instead',
          );
        }
      }
    }
  }
};
