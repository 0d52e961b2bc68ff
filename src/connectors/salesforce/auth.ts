/**
 * How a connection gets its session, by the credentials it has (R4):
 * - an access token with its instance URL: used as is;
 * - client id + private key + username: OAuth 2.0 JWT bearer flow (RS256 assertion);
 * - client id + client secret, no password: OAuth 2.0 client credentials flow (My Domain host);
 * - client id + client secret + username + password: OAuth 2.0 username-password flow;
 * - username + password alone: SOAP login(), which API 65.0 and later no longer have and which
 *   retires in Summer '27 (https://help.salesforce.com/s/articleView?id=005132110&type=1).
 * The OAuth grants go through jsforce's OAuth2 (`conn.authorize`), which also re-runs them when a
 * session expires (JWT and client-credentials tokens come without a refresh token).
 */
import { createSign } from 'node:crypto';
// The connection alone: the package's entry point also loads its Bulk, Metadata, SOAP, Streaming
// and other API modules, which crmsync does not use and which took most of its start-up time. Its
// core module first, as the entry point loads it: loaded before it, the connection module leaves
// the package's own exports without a Connection for any later `import 'jsforce'` in the process.
import 'jsforce/lib/jsforce.js';
import { Connection } from 'jsforce/lib/connection.js';
import { PRODUCTION_LOGIN_URL, SANDBOX_LOGIN_URL, soapLoginAvailable } from './limits.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** A JWT bearer assertion is valid this long ("exp … within 3 minutes", JWT bearer flow doc). */
const JWT_LIFETIME_S = 180;

export interface Credentials {
  instanceUrl?: string;
  accessToken?: string;
  loginUrl?: string;
  username?: string;
  password?: string;
  securityToken?: string;
  clientId?: string;
  clientSecret?: string;
  /** PEM RSA private key whose certificate is uploaded to the connected app (JWT bearer flow). */
  privateKey?: string;
  /** The JWT's aud: https://login.salesforce.com, or https://test.salesforce.com for a sandbox (R4). */
  audience?: string;
}

export type AuthFlow = 'token' | 'jwt-bearer' | 'client-credentials' | 'oauth-password' | 'soap' | 'none';

export function authFlow(c: Credentials): AuthFlow {
  if (c.accessToken && c.instanceUrl) return 'token';
  if (c.clientId && c.privateKey && c.username) return 'jwt-bearer';
  if (c.clientId && c.clientSecret && c.username && c.password) return 'oauth-password';
  if (c.clientId && c.clientSecret) return 'client-credentials';
  if (c.username && c.password) return 'soap';
  return 'none';
}

/** Whether a SOAP login() is still possible at this API version. */
export { soapLoginAvailable };

/** The warning every SOAP login() connection gets, naming the retirement. */
export function soapRetirementWarning(name: string, version: string): string {
  return `Salesforce connection '${name}' logs in with SOAP login() (username and password, API ${version}); Salesforce has removed it from API 65.0 and retires it for every version in Summer '27. Switch to the OAuth 2.0 client credentials or JWT bearer flow (client_id with client_secret, or with private_key and username).`;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** An RS256-signed JWT bearer assertion: iss client id, sub username, aud login host, exp soon. */
export function jwtAssertion(clientId: string, username: string, audience: string, privateKey: string, nowMs = Date.now()): string {
  const head = b64url(JSON.stringify({ alg: 'RS256' }));
  const body = b64url(JSON.stringify({ iss: clientId, sub: username, aud: audience, exp: Math.floor(nowMs / 1000) + JWT_LIFETIME_S }));
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey.replace(/\\n/g, '\n'));
  return `${head}.${body}.${b64url(signature)}`;
}

/** The grant parameters of an OAuth flow that needs no user interaction, or undefined for others. */
function grantOf(flow: AuthFlow, c: Credentials): { grant_type: string; [name: string]: string } | undefined {
  if (flow === 'client-credentials') return { grant_type: 'client_credentials' };
  if (flow === 'jwt-bearer') {
    const audience = c.audience ?? (c.loginUrl === SANDBOX_LOGIN_URL ? SANDBOX_LOGIN_URL : PRODUCTION_LOGIN_URL);
    return { grant_type: JWT_BEARER_GRANT, assertion: jwtAssertion(c.clientId!, c.username!, audience, c.privateKey!) };
  }
  return undefined;
}

/**
 * A jsforce Connection for the flow, not yet logged in: `login` does that (and is what a retry
 * repeats). Client credentials and JWT bearer re-authorize by themselves when the session expires.
 */
export function connectionFor(flow: AuthFlow, c: Credentials, version: string): { conn: Connection; login: () => Promise<unknown> } {
  const loginUrl = c.loginUrl ?? PRODUCTION_LOGIN_URL;
  if (flow === 'token') return { conn: new Connection({ instanceUrl: c.instanceUrl, accessToken: c.accessToken, version }), login: async () => undefined };
  if (flow === 'soap' || flow === 'oauth-password') {
    const oauth2 = flow === 'oauth-password' ? { clientId: c.clientId, clientSecret: c.clientSecret, loginUrl } : undefined;
    const conn = new Connection({ loginUrl, version, ...(oauth2 ? { oauth2 } : {}) });
    // The security token, when the org asks for one, is sent appended to the password.
    return { conn, login: () => conn.login(c.username!, c.password! + (c.securityToken ?? '')) };
  }
  // JWT bearer sends no client secret: the assertion's signature proves the client.
  const oauth2 = { loginUrl, ...(flow === 'client-credentials' ? { clientId: c.clientId, clientSecret: c.clientSecret } : {}) };
  const conn: Connection = new Connection({
    loginUrl,
    version,
    oauth2,
    refreshFn: (_conn, callback) => {
      conn.authorize(grantOf(flow, c)!).then(
        () => callback(undefined, conn.accessToken ?? undefined),
        (error: Error) => callback(error),
      );
    },
  });
  return { conn, login: () => conn.authorize(grantOf(flow, c)!) };
}
