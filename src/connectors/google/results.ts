/**
 * One answer of a batch call (a PersonResponse) as the engine's result: success with what Google
 * stored, read back from the answer, or that item's own error.
 */
import type { people_v1 } from '@googleapis/people';
import type { WriteResult } from '../types.js';
import { fromRpcStatus, personOk } from './errors.js';
import { personModifiedAt, personToFields } from './mapping.js';
import type { WriteContext } from './write.js';

export function personResult(ctx: WriteContext, ref: string, response: people_v1.Schema$PersonResponse | undefined): WriteResult {
  const person = response?.person;
  // PersonResponse.status, not the deprecated httpStatusCode.
  if (person?.resourceName && personOk(response)) {
    ctx.cache.set(person.resourceName, person);
    const modifiedAt = personModifiedAt(person);
    return {
      ref,
      ok: true,
      id: person.resourceName,
      fields: personToFields(person),
      ...(modifiedAt ? { modifiedAt } : {}),
      ...(person.etag ? { etag: person.etag } : {}),
    };
  }
  return { ref, ok: false, error: fromRpcStatus(response?.status) };
}
