/**
 * Logins: the SOAP `login` call jsforce uses without OAuth client settings (apis.md §2.1, answered
 * exactly as shown there) and the OAuth2 username-password flow. Both hand out a session id.
 */
import type { EmulatorRequest, EmulatorResponse } from '../../../shared/emulator-http.js';
import type { EmulatorState } from './state.js';

const XML = { 'content-type': 'text/xml; charset=utf-8' };

function xmlText(body: string, tag: string): string | undefined {
  const m = new RegExp(`<(?:\\w+:)?${tag}>([\\s\\S]*?)</(?:\\w+:)?${tag}>`).exec(body);
  return m?.[1]?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

const envelope = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:sf="urn:fault.partner.soap.sforce.com"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;

function soapFault(code: string, message: string): EmulatorResponse {
  const fault = `<soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${code}: ${message}</faultstring><detail><sf:LoginFault xsi:type="sf:LoginFault"><sf:exceptionCode>${code}</sf:exceptionCode><sf:exceptionMessage>${message}</sf:exceptionMessage></sf:LoginFault></detail></soapenv:Fault>`;
  return { status: 500, headers: XML, body: envelope(fault) };
}

/** POST /services/Soap/u/{version}: login (and logout with a SessionHeader). */
export function soapCall(state: EmulatorState, req: EmulatorRequest, version: string): EmulatorResponse {
  if (/<(?:\w+:)?logout[\s/>]/.test(req.rawBody)) {
    const token = xmlText(req.rawBody, 'sessionId');
    if (token) state.sessions.close(token);
    return { status: 200, headers: XML, body: envelope('<logoutResponse/>') };
  }
  const username = xmlText(req.rawBody, 'username');
  const password = xmlText(req.rawBody, 'password');
  if (username === undefined || password === undefined) return soapFault('INVALID_LOGIN', 'Invalid username, password, security token; or user locked out.');
  const user = state.sessions.authenticate(username, password);
  if (!user) return soapFault('INVALID_LOGIN', 'Invalid username, password, security token; or user locked out.');
  const { orgId, userId } = state.store;
  const org15 = orgId.slice(0, 15);
  const result =
    `<loginResponse><result><metadataServerUrl>${state.url}/services/Soap/m/${version}/${org15}</metadataServerUrl><passwordExpired>false</passwordExpired><sandbox>${state.sandbox}</sandbox>` +
    `<serverUrl>${state.url}/services/Soap/u/${version}/${org15}</serverUrl><sessionId>${state.sessions.open()}</sessionId><userId>${userId}</userId>` +
    `<userInfo><organizationId>${orgId}</organizationId><userId>${userId}</userId><userName>${user.username}</userName></userInfo></result></loginResponse>`;
  return { status: 200, headers: XML, body: envelope(result) };
}

/** POST /services/oauth2/token with grant_type=password. */
export function oauthToken(state: EmulatorState, req: EmulatorRequest): EmulatorResponse {
  const form = new URLSearchParams(req.rawBody);
  if (form.get('grant_type') !== 'password') {
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } };
  }
  const user = state.sessions.authenticate(form.get('username') ?? '', form.get('password') ?? '');
  if (!user) return { status: 400, body: { error: 'invalid_grant', error_description: 'authentication failure' } };
  const { orgId, userId } = state.store;
  return {
    status: 200,
    body: {
      access_token: state.sessions.open(),
      instance_url: state.url,
      id: `${state.url}/id/${orgId}/${userId}`,
      token_type: 'Bearer',
      issued_at: String(state.store.now()),
      signature: 'ZW11bGF0b3I=',
    },
  };
}
