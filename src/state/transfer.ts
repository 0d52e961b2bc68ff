/**
 * Moving a whole state between backends (state push / pull), as Terraform does: the copy keeps its
 * lineage and serial, and is refused when the destination holds another history (another lineage)
 * or a newer state of the same one (a higher serial), unless forced.
 */
import { CrmsyncError } from '../errors.js';
import { openBackend } from './backend.js';
import type { StateFile } from './types.js';

/** Why `from` must not replace `to`, or undefined when it may. Pure. */
export function transferRefusal(from: StateFile, to: StateFile, names: { from: string; to: string }): CrmsyncError | undefined {
  if (from.lineage === 'new')
    return new CrmsyncError('state-empty', `${names.from} holds no state yet (never applied)`, 'run crmsync apply first, or check the location');
  if (to.lineage === 'new') return undefined;
  if (to.lineage !== from.lineage) {
    return new CrmsyncError(
      'state-lineage-mismatch',
      `${names.to} holds another state's history (lineage ${to.lineage}, not ${from.lineage})`,
      'check both locations; pass --force to replace it anyway',
    );
  }
  if (to.serial > from.serial) {
    return new CrmsyncError(
      'state-newer',
      `${names.to} is newer (serial ${to.serial}) than ${names.from} (serial ${from.serial}): copying would lose what was written since`,
      'pull the newer state instead, or pass --force to replace it anyway',
    );
  }
  return undefined;
}

/** Copies the state at `from` over the state at `to` (each a path or a postgres:// URL); returns what was copied. */
export async function transferState(
  from: string,
  to: string,
  root: string,
  options: { force: boolean; lockTimeoutMs: number },
): Promise<{ from: string; to: string; state: StateFile }> {
  const source = await openBackend(from, root);
  try {
    const destination = await openBackend(to, root);
    try {
      const state = await source.read();
      const refusal = transferRefusal(state, await destination.read(), { from: source.where, to: destination.where });
      if (refusal && (refusal.code === 'state-empty' || !options.force)) throw refusal;
      await destination.replace(state, { lockTimeoutMs: options.lockTimeoutMs });
      return { from: source.where, to: destination.where, state };
    } finally {
      await destination.close();
    }
  } finally {
    await source.close();
  }
}
