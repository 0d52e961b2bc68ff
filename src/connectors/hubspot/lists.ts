/**
 * Inclusion lists (R21) through the Lists v3 API: the list is read first (GET /crm/v3/lists/{listId})
 * to check that it exists and holds records of the synced object, then its memberships are paged
 * (GET /crm/v3/lists/{listId}/memberships, `after` cursor, ascending record id).
 *
 * List ids are the v3 `listId`s. A contact list also has a `legacyListId` (the v1 API's id, shown by
 * older links); the two differ, and one list's legacy id may be another list's v3 id (v1 list API
 * migration guide), so a legacy id gives a 404 or, worse, another list: the hint says so.
 * Both calls need the `crm.lists.read` scope.
 */
import { ConnectorFailure, type ConnectorError } from '../types.js';
import type { HubSpotContext } from './context.js';
import { toConnectorError } from './errors.js';
import { LIST_MEMBERSHIP_PAGE_SIZE, OBJECT_TYPE_IDS } from './limits.js';

/** The objectTypeId HubSpot's lists use for `object` (`contacts` is 0-1; a custom object's is 2-…). */
async function objectTypeId(ctx: HubSpotContext, object: string): Promise<string> {
  return OBJECT_TYPE_IDS[object] ?? (await ctx.path(object));
}

function listError(error: unknown, listId: string): ConnectorError {
  const out = toConnectorError(error, 'lists');
  if (out.category === 'not-found') {
    return {
      ...out,
      code: 'LIST_NOT_FOUND',
      message: `HubSpot has no list ${listId}`,
      hint: "use the list's v3 `listId` (the Lists API's id), not its legacy v1 id; a deleted list can be restored in HubSpot within 90 days",
    };
  }
  return out;
}

/** Ids of the `object` records in list `listId`. */
export async function listMembers(ctx: HubSpotContext, object: string, listId: string): Promise<string[]> {
  const { calls } = ctx;
  const ids: string[] = [];
  try {
    const { list } = await calls.call('lists/get', () => calls.sdk.crm.lists.listsApi.getById(listId));
    const wanted = await objectTypeId(ctx, object);
    if (list.objectTypeId !== wanted) {
      throw new ConnectorFailure(
        {
          code: 'LIST_OBJECT_MISMATCH',
          category: 'property-value',
          retryable: false,
          message: `HubSpot list ${listId} (${list.name}) holds records of object type ${list.objectTypeId}, not ${object} (${wanted})`,
          hint: `use a list of ${object}`,
        },
        ctx.settings.name,
      );
    }
    let after: string | undefined;
    do {
      const page = await calls.call('lists/memberships', () => calls.sdk.crm.lists.membershipsApi.getPage(listId, after, undefined, LIST_MEMBERSHIP_PAGE_SIZE));
      for (const r of page.results) ids.push(String(r.recordId));
      after = page.paging?.next?.after;
    } while (after);
  } catch (error) {
    if (error instanceof ConnectorFailure) throw error;
    throw new ConnectorFailure(listError(error, listId), ctx.settings.name);
  }
  return ids;
}
