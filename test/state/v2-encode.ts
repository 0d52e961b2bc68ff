/** Writes a state as version 2 wrote it (one JSON Lines file, links inline after their sync line), to test reading it. */
import { encodeLinks } from '../../src/state/encode.js';
import type { StateFile } from '../../src/state/types.js';

export function* encodeState(state: StateFile): Generator<string> {
  const { syncs, journal, ...header } = state;
  yield JSON.stringify({ ...header, version: 2 });
  for (const [name, sync] of Object.entries(syncs)) {
    const { links, failures, ...rest } = sync;
    const lines = encodeLinks(name, links);
    const { fields } = JSON.parse(lines.next().value as string) as { fields: unknown };
    yield JSON.stringify({ t: 'sync', name, fields, ...rest });
    yield* lines;
    for (const failure of failures) yield JSON.stringify({ t: 'failure', sync: name, ...failure });
  }
  for (const entry of journal) yield JSON.stringify({ t: 'journal', ...entry });
}
