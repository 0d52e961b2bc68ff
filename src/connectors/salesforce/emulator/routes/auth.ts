/**
 * The SOAP `login` call jsforce uses without OAuth client settings (apis.md §2.1, answered exactly
 * as shown there), and logout. OAuth 2.0 grants are in oauth.ts.
 */
import type { EmulatorRequest, EmulatorResponse } from '../../../shared/emulator-http.js';
import { SOAP_LOGIN_LAST_VERSION } from '../../limits.js';
import type { EmulatorState } from './state.js';

const XML = { 'content-type': 'text/xml; charset=utf-8' };

function xmlText(body: string, tag: string): string | undefined {
  const m = new RegExp(`<(?:\\w+:)?${tag}>([\\s\\S]*?)</(?:\\w+:)?${tag}>`).exec(body);
  return m?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const envelope = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:sf="urn:fault.partner.soap.sforce.com"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;

function soapFault(code: string, message: string, type = 'LoginFault'): EmulatorResponse {
  const fault = `<soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${code}: ${message}</faultstring><detail><sf:${type} xsi:type="sf:${type}"><sf:exceptionCode>${code}</sf:exceptionCode><sf:exceptionMessage>${message}</sf:exceptionMessage></sf:${type}></detail></soapenv:Fault>`;
  return { status: 500, headers: XML, body: envelope(fault) };
}

/** POST /services/Soap/u/{version}: login (and logout with a SessionHeader). */
export function soapCall(state: EmulatorState, req: EmulatorRequest, version: string): EmulatorResponse {
  if (/<(?:\w+:)?logout[\s/>]/.test(req.rawBody)) {
    const token = xmlText(req.rawBody, 'sessionId');
    if (token) state.sessions.close(token);
    return { status: 200, headers: XML, body: envelope('<logoutResponse/>') };
  }
  // "SOAP API login() is not available in API versions 65.0 and later"; it retires in Summer '27 for
  // 31.0-64.0 (https://help.salesforce.com/s/articleView?id=005132110&type=1, Platform SOAP API
  // login() Retirement). Assumption: the refusal is the fault the SOAP API gives for an operation a
  // version does not have, 500 UNSUPPORTED_API_VERSION (SOAP API End-of-Life Policy,
  // https://developer.salesforce.com/docs/platform/api/guide/api-eol-soap.html); the exact text is
  // not published.
  if (Number(version) >= SOAP_LOGIN_LAST_VERSION + 1) {
    return soapFault(
      'UNSUPPORTED_API_VERSION',
      `login() is not available in API version ${version}; use OAuth 2.0 (client credentials or JWT bearer flow)`,
      'UnexpectedErrorFault',
    );
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
