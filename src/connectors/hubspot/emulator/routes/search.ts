/**
 * POST /crm/v3/objects/{type}/search: `limit` up to 200, offset paging through `after`, and a 400
 * for any page that starts at or beyond the 10,000th result (the exact wording HubSpot uses is not
 * known, apis.md §6). The response always includes the id, create and modify properties.
 */
import { SEARCH_MAX_BODY_CHARS, SEARCH_PAGE_DEFAULT, SEARCH_PAGE_SIZE } from '../../limits.js';
import { ok, validation } from '../errors.js';
import { searchProblem, type SearchBody } from '../search-engine.js';
import { publicObject, selection } from '../view.js';
import { isResponse, objectType, route, type Route, type RouteContext } from './route.js';

export interface SearchSettings {
  resultCap: number;
  /** Records changed within this many ms are not yet visible to search. */
  lagMs: number;
}

function search(ctx: RouteContext, settings: SearchSettings) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  // Assumption: the guide gives the 400 but not its message; the category follows its other refusals.
  if (ctx.req.rawBody.length > SEARCH_MAX_BODY_CHARS) {
    return validation(`The request body is ${ctx.req.rawBody.length} characters; a search can contain at most ${SEARCH_MAX_BODY_CHARS}.`);
  }
  const body = (ctx.req.body ?? {}) as SearchBody;
  const limit = body.limit === undefined ? SEARCH_PAGE_DEFAULT : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > SEARCH_PAGE_SIZE) {
    return validation(`limit must be between 0 and ${SEARCH_PAGE_SIZE}, got ${body.limit}`);
  }
  const offset = body.after === undefined || body.after === '' ? 0 : Number(body.after);
  if (!Number.isInteger(offset) || offset < 0) return validation(`Invalid paging cursor: ${body.after}`);
  if (offset >= settings.resultCap) {
    return validation(`Paging past ${settings.resultCap} results is not supported; narrow the search instead.`, {
      context: { after: [String(body.after)] },
    });
  }
  const problem = searchProblem(type, body);
  if (problem) return validation(problem);
  const hits = ctx.search.hits(type, body, settings.lagMs);
  const select = selection(type, body.properties);
  const results = hits.slice(offset, offset + limit).map((r) => publicObject(type, r, select));
  const next = offset + limit;
  if (next >= hits.total || limit === 0) return ok({ total: hits.total, results });
  return ok({ total: hits.total, results, paging: { next: { after: String(next) } } });
}

export function searchRoutes(settings: SearchSettings): Route[] {
  return [route('POST', '/crm/v3/objects/:type/search', 'POST objects/search', (ctx) => search(ctx, settings), true)];
}
