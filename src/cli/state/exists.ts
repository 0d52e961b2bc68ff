/**
 * `state link` checks both records exist before pairing them: a link to an id the app does not
 * hold would plan a create or a delete on the next run. By id where the app can (readByIds),
 * otherwise a full read of the object, which a hand-made link is rare enough to afford.
 */
import type { CompiledSync, SideName } from '../../config/model.js';
import type { Connector } from '../../connectors/types.js';
import { CrmsyncError } from '../../errors.js';

async function holds(connector: Connector, object: string, id: string, connection: string): Promise<boolean> {
  if (connector.readByIds) return (await connector.readByIds(object, [id], [])).some((r) => r.id === id && !r.deleted);
  const read = await connector.read({ object, fields: [], mode: 'full', cursor: null });
  if (read.records.some((r) => r.id === id && !r.deleted)) return true;
  if (!read.complete) {
    throw new CrmsyncError(
      'state-record',
      `could not read ${connection} (${object}) completely to check that record ${id} exists${read.error ? ` (${read.error.category}: ${read.error.code})` : ''}`,
      'try again when the app answers; nothing was changed',
    );
  }
  return false;
}

/** Throws a `state-record` error naming the first id its app does not hold. */
export async function checkRecordsExist(sync: CompiledSync, connectors: Record<string, Connector>, ids: Record<SideName, string>): Promise<void> {
  for (const side of ['left', 'right'] as const) {
    const { connection, object } = sync[side];
    if (!(await holds(connectors[connection]!, object, ids[side], connection))) {
      throw new CrmsyncError(
        'state-record',
        `${connection} has no ${object} record ${ids[side]}`,
        `check the id (the ${side} id is ${connection}'s); a deleted or archived record cannot be linked`,
      );
    }
  }
}
