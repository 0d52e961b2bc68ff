/**
 * Which links documents a save must write. Each state read or written remembers, per sync, the
 * links document on disk that holds its links (the array, its length, the folder). A save rewrites
 * a sync's links document only when its links may differ from it: the array was replaced, it grew
 * or shrank, or an edit marked it changed (StateEditor marks every edit of a link in place).
 * Everything else is written from scratch, so a state of unknown history is always written whole.
 */
import type { LinksRef } from './encode.js';
import type { LinkState, StateFile } from './types.js';

interface OnDisk {
  links: LinkState[];
  length: number;
  folder: string;
  ref: LinksRef;
}

const onDisk = new WeakMap<StateFile, Map<string, OnDisk>>();
const changed = new WeakSet<LinkState[]>();

/** Marks a sync's links as edited in place, so the next save writes its links document. */
export function markLinksChanged(links: LinkState[]): void {
  changed.add(links);
}

/** Records that `folder`/`ref.doc` holds exactly `links` (just read, or just written). */
export function recordOnDisk(state: StateFile, name: string, links: LinkState[], folder: string, ref: LinksRef): void {
  let syncs = onDisk.get(state);
  if (!syncs) onDisk.set(state, (syncs = new Map()));
  syncs.set(name, { links, length: links.length, folder, ref });
  changed.delete(links);
}

/** The links document in `folder` that still holds this sync's links, if one does. */
export function unchangedDoc(state: StateFile, name: string, links: LinkState[], folder: string): LinksRef | undefined {
  const was = onDisk.get(state)?.get(name);
  if (!was || was.folder !== folder || was.links !== links || was.length !== links.length || changed.has(links)) return undefined;
  return was.ref;
}

/** The links documents this state was last read from or written to in `folder`. */
export function docsOnDisk(state: StateFile, folder: string): string[] {
  return [...(onDisk.get(state)?.values() ?? [])].filter((d) => d.folder === folder).map((d) => d.ref.doc);
}
