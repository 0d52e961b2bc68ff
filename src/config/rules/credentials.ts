/** A connection to a real app needs credentials, named (never inline) and resolvable. */
import type { Report, Rule } from '../context.js';
import type { Connection, SalesforceConnection } from '../schema-types.js';
import type { SourceFile } from '../source.js';
import { soapLoginAvailable } from '../../connectors/salesforce/auth.js';
import { DEFAULT_API_VERSION, PRODUCTION_LOGIN_URL, SANDBOX_LOGIN_URL } from '../../connectors/salesforce/limits.js';

function missing(config: Connection): string | undefined {
  if (config.app === 'local' || config.sandbox) return undefined;
  if (config.app === 'hubspot' && !config.access_token) return 'add `access_token: { env: HUBSPOT_TOKEN }` (a private-app token), or `sandbox: true`';
  if (config.app === 'google' && !config.access_token) return 'add `access_token: { env: GOOGLE_TOKEN }` (an OAuth token with the contacts scope), or `sandbox: true`';
  if (config.app === 'salesforce' && !(config.access_token && config.instance_url) && !(config.username && config.password) && !config.client_id && !config.client_secret && !config.private_key) {
    return 'add `client_id` with `client_secret` (OAuth 2.0 client credentials) or with `private_key` and `username` (JWT bearer), or `access_token` with `instance_url` (R4), or `sandbox: true`';
  }
  return undefined;
}

const JWT_HINT = 'the JWT bearer flow takes `client_id`, `private_key` and `username`';

/**
 * Salesforce credentials must name exactly one way to log in (see connectors/salesforce/auth.ts).
 * SOAP login() is gone from API 65.0 and retires in Summer '27 (Platform SOAP API login()
 * Retirement, https://help.salesforce.com/s/articleView?id=005132110&type=1); the client
 * credentials flow is served on the org's My Domain only, not on login.salesforce.com or
 * test.salesforce.com (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm).
 */
function checkSalesforce(report: Report, file: SourceFile, name: string, c: SalesforceConnection): void {
  const at = (key: string) => ['connections', name, key];
  const has = { clientId: !!c.client_id, secret: !!c.client_secret, key: !!c.private_key, user: !!c.username, password: !!c.password, token: !!c.access_token };
  if (has.token) return;
  if (has.key) {
    if (!has.clientId) report(file, at('private_key'), 'credentials-conflict', `connection \`${name}\`: \`private_key\` needs \`client_id\``, `${JWT_HINT}; add the connected app's consumer key as \`client_id\``, { key: true });
    if (!has.user) report(file, at('private_key'), 'credentials-conflict', `connection \`${name}\`: \`private_key\` needs \`username\`, the user the JWT names`, JWT_HINT, { key: true });
    for (const key of ['client_secret', 'password', 'security_token'] as const) {
      if (c[key]) report(file, at(key), 'credentials-conflict', `connection \`${name}\`: \`${key}\` cannot be combined with \`private_key\``, `${JWT_HINT}; remove \`${key}\``, { key: true });
    }
    return;
  }
  if (has.secret && !has.clientId) report(file, at('client_secret'), 'credentials-conflict', `connection \`${name}\`: \`client_secret\` needs \`client_id\``, "add the connected app's consumer key as `client_id`", { key: true });
  if (has.clientId && !has.secret) report(file, at('client_id'), 'credentials-conflict', `connection \`${name}\`: \`client_id\` needs \`client_secret\` (client credentials) or \`private_key\` (JWT bearer)`, "add the app's consumer secret as `client_secret`, or a `private_key` with `username`", { key: true });
  if (has.clientId && has.secret && !has.password) {
    if (has.user) report(file, at('username'), 'credentials-conflict', `connection \`${name}\`: the client credentials flow runs as the app's Run As user, not \`username\``, 'remove `username`, or add `private_key` for the JWT bearer flow', { key: true });
    const host = c.login_url?.replace(/\/+$/, '');
    if (!host || host === PRODUCTION_LOGIN_URL || host === SANDBOX_LOGIN_URL) {
      report(file, host ? at('login_url') : ['connections', name], 'credentials-conflict', `connection \`${name}\`: the client credentials flow needs the org's My Domain as \`login_url\``,
        'add `login_url: https://<MyDomain>.my.salesforce.com` (sandboxes: https://<MyDomain>--<sandbox>.sandbox.my.salesforce.com)', { key: true });
    }
    return;
  }
  if (has.user && has.password && !has.clientId) {
    const version = c.version ?? DEFAULT_API_VERSION;
    if (!soapLoginAvailable(version)) {
      report(file, c.version ? at('version') : at('password'), 'soap-login-unavailable', `connection \`${name}\`: API ${version} has no SOAP login(), so \`username\` and \`password\` cannot log in`,
        'use OAuth 2.0: `client_id` with `client_secret` (client credentials) or with `private_key` and `username` (JWT bearer), or a version below 65.0 until Summer \'27');
    } else {
      report(file, at('password'), 'soap-login-retiring', `connection \`${name}\` logs in with SOAP login(), which Salesforce retires in Summer '27 (not available from API 65.0)`,
        'switch to `client_id` with `client_secret` (client credentials) or with `private_key` and `username` (JWT bearer)', { key: true, severity: 'warning' });
    }
  }
}

export const credentialsGiven: Rule = (ctx, report) => {
  const hasSecretsFile = ctx.hidden.settings || ctx.settings.some((s) => s.settings.secrets_file);
  for (const [name, entries] of ctx.connections) {
    for (const { config, file } of entries) {
      if (!config || typeof config !== 'object') continue;
      const hint = missing(config);
      if (hint) report(file, ['connections', name], 'missing-credentials', `connection \`${name}\` has no credentials`, hint, { key: true });
      if (config.app === 'salesforce' && !config.sandbox) checkSalesforce(report, file, name, config);
      if (config.app !== 'hubspot' && typeof config.sandbox === 'object' && config.sandbox.search_lag !== undefined) {
        report(file, ['connections', name, 'sandbox', 'search_lag'], 'sandbox-option', `connection \`${name}\`: \`search_lag\` is a HubSpot sandbox setting (HubSpot's search index lag)`,
          `remove it: ${config.app} reads no search index`, { key: true });
      }
      for (const [key, value] of Object.entries(config)) {
        if (value && typeof value === 'object' && 'secret' in value && !hasSecretsFile) {
          report(file, ['connections', name, key, 'secret'], 'missing-secrets-file', `\`${key}\` reads a secrets file, but none is named`,
            'add `settings: { secrets_file: .crmsync/secrets.env }`, or use `env:` instead');
        }
      }
    }
  }
};
