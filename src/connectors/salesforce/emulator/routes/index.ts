/**
 * The router: logins outside the REST tree, then `/services/data/vNN.N/…` for any version, behind a
 * session check and the daily API budget. Every REST answer carries Sforce-Limit-Info (R33).
 */
import type { EmulatorRequest, EmulatorResponse } from '../../../shared/emulator-http.js';
import { LIMIT_INFO_HEADER } from '../../limits.js';
import { errorResponse, invalidSession, notFound, sfError, totalRequestsExceeded } from '../errors.js';
import { soapCall } from './auth.js';
import { oauthToken, userInfo } from './oauth.js';
import { createMany, deleteMany, retrieveMany, updateMany } from './collections.js';
import { limits, resources, versions } from './meta.js';
import { queryMore, runQuery } from './query.js';
import { basicInfo, createOne, deleteOne, deletedIds, describe, describeGlobal, readOne, updatedIds, updateOne } from './sobjects.js';
import type { EmulatorState, RestRequest } from './state.js';

type RestHandler = (state: EmulatorState, req: RestRequest) => EmulatorResponse;
const NAME = '([A-Za-z][A-Za-z0-9_]*)';

/** [method, pattern over the path after the version, handler, route name for call counters]. */
const REST: Array<[string, RegExp, RestHandler, string]> = [
  ['GET', /^\/?$/, (_s, r) => resources(r), 'resources'],
  ['GET', /^\/limits\/?$/, (s) => limits(s), 'limits'],
  ['GET', /^\/query\/?$/, (s, r) => runQuery(s, r, false), 'query'],
  ['GET', /^\/queryAll\/?$/, (s, r) => runQuery(s, r, true), 'queryAll'],
  ['GET', /^\/query(?:All)?\/([^/]+)$/, (s, r) => queryMore(s, r, r.params[0]!), 'queryMore'],
  ['GET', /^\/sobjects\/?$/, (s, r) => describeGlobal(s, r), 'describeGlobal'],
  ['GET', new RegExp(`^/sobjects/${NAME}/describe/?$`), (s, r) => describe(s, r, r.params[0]!), 'describe'],
  ['GET', new RegExp(`^/sobjects/${NAME}/updated/?$`), (s, r) => updatedIds(s, r, r.params[0]!), 'updated'],
  ['GET', new RegExp(`^/sobjects/${NAME}/deleted/?$`), (s, r) => deletedIds(s, r, r.params[0]!), 'deleted'],
  ['GET', new RegExp(`^/sobjects/${NAME}/?$`), (s, r) => basicInfo(s, r, r.params[0]!), 'sobject'],
  ['POST', new RegExp(`^/sobjects/${NAME}/?$`), (s, r) => createOne(s, r, r.params[0]!), 'create'],
  ['GET', new RegExp(`^/sobjects/${NAME}/([^/]+)$`), (s, r) => readOne(s, r, r.params[0]!, r.params[1]!), 'retrieve'],
  ['PATCH', new RegExp(`^/sobjects/${NAME}/([^/]+)$`), (s, r) => updateOne(s, r, r.params[0]!, r.params[1]!), 'update'],
  ['DELETE', new RegExp(`^/sobjects/${NAME}/([^/]+)$`), (s, r) => deleteOne(s, r, r.params[0]!, r.params[1]!), 'delete'],
  ['POST', /^\/composite\/sobjects\/?$/, (s, r) => createMany(s, r), 'collections/create'],
  ['PATCH', /^\/composite\/sobjects\/?$/, (s, r) => updateMany(s, r), 'collections/update'],
  ['DELETE', /^\/composite\/sobjects\/?$/, (s, r) => deleteMany(s, r), 'collections/delete'],
  ['POST', new RegExp(`^/composite/sobjects/${NAME}/?$`), (s, r) => retrieveMany(s, r, r.params[0]!), 'collections/retrieve'],
];

const REST_PREFIX = /^\/services\/data\/v(\d+\.\d+)(\/.*)?$/;
const SOAP = /^\/services\/Soap\/u\/(\d+\.\d+)(?:\/.*)?$/;

function match(req: EmulatorRequest): { handler: RestHandler; rest: RestRequest; name: string } | undefined {
  const m = REST_PREFIX.exec(req.path);
  if (!m) return undefined;
  const rest = m[2] ?? '';
  for (const [method, pattern, handler, name] of REST) {
    const hit = method === req.method && pattern.exec(rest);
    if (hit) return { handler, name, rest: { ...req, version: m[1]!, rest, params: hit.slice(1).map(decodeURIComponent) } };
  }
  return undefined;
}

/** Names a request for the emulator's call counters: `GET query`, `POST collections/create`, … */
export function routeName(req: EmulatorRequest): string {
  if (SOAP.test(req.path)) return 'POST soap';
  if (req.path === '/services/oauth2/token') return 'POST oauth2/token';
  if (req.path === '/services/oauth2/userinfo') return 'GET oauth2/userinfo';
  const hit = match(req);
  return `${req.method} ${hit?.name ?? req.path}`;
}

export function handle(state: EmulatorState, req: EmulatorRequest): EmulatorResponse {
  const soap = SOAP.exec(req.path);
  if (soap && req.method === 'POST') return soapCall(state, req, soap[1]!);
  if (req.path === '/services/oauth2/token' && req.method === 'POST') return oauthToken(state, req);
  if (req.path === '/services/oauth2/userinfo' && req.method === 'GET') return userInfo(state, req);
  if (/^\/services\/data\/?$/.test(req.path) && req.method === 'GET') return versions(state);
  if (!REST_PREFIX.test(req.path)) return notFound();

  if (!state.sessions.check(req.headers.authorization)) return invalidSession();
  // Each REST call spends one unit of the daily budget; once it is spent the app refuses (R33).
  if (!state.budget.take()) return withLimitInfo(state, totalRequestsExceeded());
  const hit = match(req);
  const out = hit ? hit.handler(state, hit.rest) : errorResponse(404, sfError('NOT_FOUND', 'The requested resource does not exist'));
  return withLimitInfo(state, out);
}

function withLimitInfo(state: EmulatorState, out: EmulatorResponse): EmulatorResponse {
  // The Date header is the org's clock (RFC 9110 §6.6.1), as clients see it.
  return { ...out, headers: { ...out.headers, [LIMIT_INFO_HEADER]: state.budget.header(), date: new Date(state.store.now()).toUTCString() } };
}
