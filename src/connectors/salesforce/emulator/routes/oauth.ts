/**
 * POST /services/oauth2/token: the OAuth 2.0 grants an integration can use once SOAP login() is
 * gone (username-password, client credentials, JWT bearer), each checked against the org's
 * connected apps. Errors are `{error, error_description}` with HTTP 400, as Salesforce answers
 * (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_endpoints.htm).
 */
import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse } from '../../../shared/emulator-http.js';
import type { ConnectedApp, EmulatorUser } from '../options.js';
import type { EmulatorState } from './state.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** The audiences a JWT may name: the production and sandbox login hosts (JWT bearer flow doc). */
export const JWT_AUDIENCES = { production: 'https://login.salesforce.com', sandbox: 'https://test.salesforce.com' };

// Assumption: every token-endpoint error is HTTP 400 (invalid_client included); the docs list the
// error codes and descriptions but not the status of each.
const oauthError = (error: string, description: string): EmulatorResponse => ({ status: 400, body: { error, error_description: description } });
// "invalid_client_id: client identifier invalid" (OAuth endpoints doc, error codes).
const unknownClient = () => oauthError('invalid_client_id', 'client identifier invalid');

function tokenFor(state: EmulatorState, _user: EmulatorUser, extra: Record<string, unknown> = {}): EmulatorResponse {
  const { orgId, userId } = state.store;
  return {
    status: 200,
    body: {
      access_token: state.sessions.open(),
      instance_url: state.url,
      id: `${state.url}/id/${orgId}/${userId}`,
      token_type: 'Bearer',
      issued_at: String(state.store.now()),
      ...extra,
    },
  };
}

const appOf = (state: EmulatorState, clientId: string | null): ConnectedApp | undefined =>
  clientId ? state.connectedApps.find((a) => a.clientId === clientId) : undefined;

/** grant_type=password: the username-password flow (client id and secret, then the user's password). */
function passwordGrant(state: EmulatorState, form: URLSearchParams): EmulatorResponse {
  const app = appOf(state, form.get('client_id'));
  if (!app) return unknownClient();
  if (!app.clientSecret || app.clientSecret !== form.get('client_secret')) return oauthError('invalid_client', 'invalid client credentials');
  const user = state.sessions.authenticate(form.get('username') ?? '', form.get('password') ?? '');
  if (!user) return oauthError('invalid_grant', 'authentication failure');
  return tokenFor(state, user, { signature: 'ZW11bGF0b3I=' });
}

/**
 * grant_type=client_credentials: the connected app's id and secret, run as the app's "Run As" user
 * (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm).
 */
function clientCredentialsGrant(state: EmulatorState, form: URLSearchParams): EmulatorResponse {
  const app = appOf(state, form.get('client_id'));
  if (!app) return unknownClient();
  if (!app.clientSecret || app.clientSecret !== form.get('client_secret')) return oauthError('invalid_client', 'invalid client credentials');
  const user = app.runAs ? state.sessions.users.find((u) => u.username.toLowerCase() === app.runAs!.toLowerCase()) : undefined;
  // The flow needs an execution ("Run As") user set on the app's policies.
  if (!user) return oauthError('invalid_grant', 'no client credentials user enabled');
  return tokenFor(state, user, { signature: 'ZW11bGF0b3I=', scope: 'api' });
}

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function publicKeyOf(app: ConnectedApp): KeyObject | undefined {
  try {
    return app.certificate ? createPublicKey(app.certificate) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer: an RS256-signed JWT whose iss is the
 * app's client id, aud the login host, sub the username and exp a time in the near future; the
 * signature is checked with the certificate uploaded to the app
 * (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_jwt_flow.htm).
 */
function jwtBearerGrant(state: EmulatorState, form: URLSearchParams): EmulatorResponse {
  const assertion = form.get('assertion') ?? '';
  const [head, payload, signature] = assertion.split('.');
  const header = decodePart(head);
  const claims = decodePart(payload);
  if (!header || !claims || signature === undefined) return oauthError('invalid_grant', 'invalid assertion');
  const app = appOf(state, typeof claims.iss === 'string' ? claims.iss : null);
  if (!app) return unknownClient();
  const key = publicKeyOf(app);
  // Salesforce signs and verifies with RSA SHA256 only.
  const signed = header.alg === 'RS256' && !!key && createVerify('RSA-SHA256').update(`${head}.${payload}`).verify(key, Buffer.from(signature, 'base64url'));
  if (!signed) return oauthError('invalid_grant', 'invalid assertion');
  const audience = state.sandbox ? JWT_AUDIENCES.sandbox : JWT_AUDIENCES.production;
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(audience)) return oauthError('invalid_grant', 'audience is invalid');
  // Assumption: an expired or missing exp answers "expired authorization code"; the doc asks for
  // an exp within 3 minutes but does not show the error text.
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < state.store.now()) return oauthError('invalid_grant', 'expired authorization code');
  const user = typeof claims.sub === 'string' ? state.sessions.users.find((u) => u.username.toLowerCase() === (claims.sub as string).toLowerCase()) : undefined;
  // Assumption: an unknown user gets the same answer as one the app is not approved for.
  if (!user) return oauthError('invalid_grant', "user hasn't approved this consumer");
  return tokenFor(state, user, { scope: 'api' });
}

export function oauthToken(state: EmulatorState, req: EmulatorRequest): EmulatorResponse {
  const form = new URLSearchParams(req.rawBody);
  switch (form.get('grant_type')) {
    case 'password':
      return passwordGrant(state, form);
    case 'client_credentials':
      return clientCredentialsGrant(state, form);
    case JWT_BEARER_GRANT:
      return jwtBearerGrant(state, form);
    default:
      return oauthError('unsupported_grant_type', 'grant type not supported');
  }
}

/**
 * GET /services/oauth2/userinfo: the OpenID Connect UserInfo endpoint, which names the org and user
 * an access token belongs to (`organization_id`, `user_id`; "Query for User Information", Salesforce
 * Help). Assumption: a missing or unknown token is refused as the identity URL refuses one, HTTP 403
 * with the plain-text body `Bad_OAuth_Token` (Identity URLs, response codes); and, like the identity
 * service, it is outside the REST API and does not spend the daily API allowance (R33).
 */
export function userInfo(state: EmulatorState, req: EmulatorRequest): EmulatorResponse {
  if (!state.sessions.check(req.headers.authorization))
    return { status: 403, headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: 'Bad_OAuth_Token' };
  const { orgId, userId } = state.store;
  const user = state.sessions.users[0]!;
  return {
    status: 200,
    body: {
      sub: `${state.url}/id/${orgId}/${userId}`,
      user_id: userId,
      organization_id: orgId,
      preferred_username: user.username,
      email: user.username,
      email_verified: true,
      zoneinfo: 'GMT',
      urls: { rest: `${state.url}/services/data/v{version}/`, sobjects: `${state.url}/services/data/v{version}/sobjects/` },
      active: true,
      user_type: 'STANDARD',
      is_app_installed: true,
    },
  };
}
