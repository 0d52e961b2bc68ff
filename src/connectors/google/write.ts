/**
 * Writing contacts: creates, then updates, then deletes, each in Google's own batch call split
 * at its limit (200 / 200 / 500). One result per op, keyed by its ref.
 */
import type { WriteOp, WriteResult } from '../types.js';
import type { GoogleClient } from './client.js';
import type { Person } from './mapping.js';
import { writeCreates } from './write-create.js';
import { writeDeletes } from './write-delete.js';
import { writeUpdates } from './write-update.js';

export interface WriteContext {
  client: GoogleClient;
  /** People as last read or written; the base an update's field changes are applied onto. */
  cache: Map<string, Person>;
}

export async function writeContacts(ctx: WriteContext, ops: WriteOp[]): Promise<WriteResult[]> {
  const creates = ops.filter((op): op is Extract<WriteOp, { kind: 'create' }> => op.kind === 'create');
  const updates = ops.filter((op): op is Extract<WriteOp, { kind: 'update' }> => op.kind === 'update');
  const deletes = ops.filter((op): op is Extract<WriteOp, { kind: 'delete' }> => op.kind === 'delete');
  return [...(await writeCreates(ctx, creates)), ...(await writeUpdates(ctx, updates)), ...(await writeDeletes(ctx, deletes))];
}
