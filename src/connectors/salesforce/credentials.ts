/**
 * Salesforce credentials must name exactly one way to log in (see auth.ts). SOAP login() is gone
 * from API 65.0 and retires in Summer '27 (Platform SOAP API login() Retirement,
 * https://help.salesforce.com/s/articleView?id=005132110&type=1); the client credentials flow is
 * served on the org's My Domain only, not on login.salesforce.com or test.salesforce.com
 * (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm).
 */
import type { ConnectionReport } from '../app-entry.js';
import type { SalesforceConnection } from '../../config/schema-types.js';
import { DEFAULT_API_VERSION, PRODUCTION_LOGIN_URL, SANDBOX_LOGIN_URL, soapLoginAvailable } from './limits.js';

const JWT_HINT = 'the JWT bearer flow takes `client_id`, `private_key` and `username`';

/** The hint when a connection names no way to log in at all. */
export function missingSalesforceCredentials(c: SalesforceConnection): string | undefined {
  if (!(c.access_token && c.instance_url) && !(c.username && c.password) && !c.client_id && !c.client_secret && !c.private_key) {
    return 'add `client_id` with `client_secret` (OAuth 2.0 client credentials) or with `private_key` and `username` (JWT bearer), or `access_token` with `instance_url` (R4), or `sandbox: true`';
  }
  return undefined;
}

export function checkSalesforceCredentials(c: SalesforceConnection, name: string, report: ConnectionReport): void {
  const has = { clientId: !!c.client_id, secret: !!c.client_secret, key: !!c.private_key, user: !!c.username, password: !!c.password, token: !!c.access_token };
  if (has.token) return;
  if (has.key) {
    if (!has.clientId)
      report(
        ['private_key'],
        'credentials-conflict',
        `connection \`${name}\`: \`private_key\` needs \`client_id\``,
        `${JWT_HINT}; add the connected app's consumer key as \`client_id\``,
        { key: true },
      );
    if (!has.user)
      report(['private_key'], 'credentials-conflict', `connection \`${name}\`: \`private_key\` needs \`username\`, the user the JWT names`, JWT_HINT, {
        key: true,
      });
    for (const key of ['client_secret', 'password', 'security_token'] as const) {
      if (c[key])
        report([key], 'credentials-conflict', `connection \`${name}\`: \`${key}\` cannot be combined with \`private_key\``, `${JWT_HINT}; remove \`${key}\``, {
          key: true,
        });
    }
    return;
  }
  if (has.secret && !has.clientId)
    report(
      ['client_secret'],
      'credentials-conflict',
      `connection \`${name}\`: \`client_secret\` needs \`client_id\``,
      "add the connected app's consumer key as `client_id`",
      { key: true },
    );
  if (has.clientId && !has.secret)
    report(
      ['client_id'],
      'credentials-conflict',
      `connection \`${name}\`: \`client_id\` needs \`client_secret\` (client credentials) or \`private_key\` (JWT bearer)`,
      "add the app's consumer secret as `client_secret`, or a `private_key` with `username`",
      { key: true },
    );
  if (has.clientId && has.secret && !has.password) {
    if (has.user)
      report(
        ['username'],
        'credentials-conflict',
        `connection \`${name}\`: the client credentials flow runs as the app's Run As user, not \`username\``,
        'remove `username`, or add `private_key` for the JWT bearer flow',
        { key: true },
      );
    const host = c.login_url?.replace(/\/+$/, '');
    if (!host || host === PRODUCTION_LOGIN_URL || host === SANDBOX_LOGIN_URL) {
      report(
        host ? ['login_url'] : [],
        'credentials-conflict',
        `connection \`${name}\`: the client credentials flow needs the org's My Domain as \`login_url\``,
        'add `login_url: https://<MyDomain>.my.salesforce.com` (sandboxes: https://<MyDomain>--<sandbox>.sandbox.my.salesforce.com)',
        { key: true },
      );
    }
    return;
  }
  if (has.user && has.password && !has.clientId) {
    const version = c.version ?? DEFAULT_API_VERSION;
    if (!soapLoginAvailable(version)) {
      report(
        c.version ? ['version'] : ['password'],
        'soap-login-unavailable',
        `connection \`${name}\`: API ${version} has no SOAP login(), so \`username\` and \`password\` cannot log in`,
        "use OAuth 2.0: `client_id` with `client_secret` (client credentials) or with `private_key` and `username` (JWT bearer), or a version below 65.0 until Summer '27",
      );
    } else {
      report(
        ['password'],
        'soap-login-retiring',
        `connection \`${name}\` logs in with SOAP login(), which Salesforce retires in Summer '27 (not available from API 65.0)`,
        'switch to `client_id` with `client_secret` (client credentials) or with `private_key` and `username` (JWT bearer)',
        { key: true, severity: 'warning' },
      );
    }
  }
}
