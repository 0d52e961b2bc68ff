/**
 * The state's reading and writing, behind lowdb's Adapter interface: a project document and one
 * links document per sync (encode.ts). A save writes the links documents that changed, each under
 * a new name, then the project document (to a temporary file beside it, flushed to disk and renamed
 * over the old one), and only then removes the links documents no longer named: a crash at any
 * point leaves either the old or the new state, never half of one. Reads stream each document line
 * by line; a state written as one JSON document (versions 0 and 1, or a hand-written one) is read
 * whole and migrated forward.
 *
 * The create journal lives in a document of its own beside the state (`state.json.journal`, one
 * entry a line): an apply appends the entries of each batch of creates, flushed to disk, before it
 * sends them (appendJournal), which costs the new entries only; a save then replaces it with the
 * entries still unanswered (a few batches), after the project document. A crash between the two
 * leaves answered entries in it, which recovery finds linked already and drops.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync, realpathSync } from 'node:fs';
import { open, readdir, realpath, rename, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { CrmsyncError } from '../errors.js';
import { checkLine, checkState, stateCorrupt } from './check.js';
import { fromDocument, LinksDecoder, StateDecoder, type PendingLinks } from './decode.js';
import { docsOnDisk, recordOnDisk, unchangedDoc } from './documents.js';
import { encodeLinks, encodeProject, LINES_VERSION, type LinksRef } from './encode.js';
import { migrate } from './migrate.js';
import type { JournalEntry, StateFile } from './types.js';
import { writeTarget } from './write-through.js';

/** Lines are written in chunks of about this many characters. */
const CHUNK = 1 << 22;

/**
 * A file's lines, a chunk's worth at a time (one await per line cost more than the line), each
 * decoded from its own bytes: a newline byte never occurs inside a UTF-8 character, and decoding
 * line by line costs less than decoding whole chunks, joining them and splitting the result.
 */
async function* lines(path: string): AsyncGenerator<string[]> {
  let carry: Buffer | undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const out: string[] = [];
    let from = 0;
    let end = chunk.indexOf(10);
    if (carry && end >= 0) {
      // The line that began in the previous chunk.
      out.push(Buffer.concat([carry, chunk.subarray(0, end)]).toString('utf8'));
      carry = undefined;
      from = end + 1;
      end = chunk.indexOf(10, from);
    }
    for (; end >= 0; end = chunk.indexOf(10, from)) {
      out.push(chunk.toString('utf8', from, end));
      from = end + 1;
    }
    if (from < chunk.length) carry = carry ? Buffer.concat([carry, chunk]) : chunk.subarray(from);
    yield out;
  }
  if (carry) yield [carry.toString('utf8')];
}

function parseHeader(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    const o = v as Record<string, unknown> | null;
    return o && typeof o === 'object' && !Array.isArray(o) && o.format === 'crmsync-state' && !('syncs' in o) ? o : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Decoding fed one line at a time: a version 2 header line starts the line decoder; anything else
 * is one JSON document (the format before version 2), collected and migrated at the end.
 */
function stateReader(path: string): { line(text: string): void; finish(): StateFile; pending(): PendingLinks[] } {
  let at = 0;
  let decoder: StateDecoder | undefined;
  const whole: string[] = [];
  return {
    line(text) {
      if (++at > 1) return decoder ? decoder.line(text, at) : void whole.push(text);
      const header = parseHeader(text);
      if (!header) return void whole.push(text);
      if (header.version !== LINES_VERSION) migrate(header, path); // refuses a newer version
      const problem = checkLine('header', header);
      if (problem) throw stateCorrupt(path, `line 1: ${problem}`);
      // Version 2 holds the same data, its links inline (decode.ts reads both).
      decoder = new StateDecoder({ ...header, version: LINES_VERSION }, path);
    },
    pending: () => decoder?.pending ?? [],
    finish() {
      if (decoder) return decoder.finish();
      let parsed: unknown;
      try {
        parsed = JSON.parse(whole.join('\n'));
      } catch (error) {
        throw new CrmsyncError(
          'state-corrupt',
          `the state file ${path} is not valid JSON (${(error as Error).message}); it was left untouched`,
          'restore it from a backup or from version control; crmsync never replaces a state file it cannot read',
        );
      }
      return fromDocument(checkState(migrate(parsed, path), path));
    },
  };
}

/** How often a read starts over when a writer replaced the state while it was being read. */
const READ_ATTEMPTS = 5;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** The state at `path`, checked; null when there is no file. Never writes. */
export async function readState(path: string): Promise<StateFile | null> {
  // A FIFO at the (default) state path would block the read forever.
  const info = await stat(path).catch(() => undefined);
  if (info && !info.isFile() && !info.isDirectory()) {
    throw new CrmsyncError(
      'state-corrupt',
      `the state file ${path} is a device, pipe or socket, not a file; it was left untouched`,
      'move it away, or point settings.state at a JSON file',
    );
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await readOnce(path);
    } catch (error) {
      // A reader takes no lock: a writer may have committed a new state and removed the links
      // documents of the one being read. Starting over reads the new state.
      if (!(error instanceof LinksGone) || attempt >= READ_ATTEMPTS) throw error instanceof LinksGone ? error.reported : error;
    }
  }
}

/** A links document the project document names is missing. */
class LinksGone extends Error {
  constructor(readonly reported: CrmsyncError) {
    super(reported.message);
  }
}

const linksMissing = (path: string, doc: string) => new LinksGone(stateCorrupt(path, `its links document ${doc} is missing`));

async function readOnce(path: string): Promise<StateFile | null> {
  const reader = stateReader(path);
  try {
    for await (const batch of lines(path)) for (const line of batch) reader.line(line);
  } catch (error) {
    if (error instanceof CrmsyncError) throw error;
    if (isMissing(error)) return null;
    throw new CrmsyncError('state-corrupt', `cannot read the state file ${path}: ${(error as NodeJS.ErrnoException).code}`, 'check its permissions');
  }
  const state = reader.finish();
  const real = await realpath(path).catch(() => path);
  await readJournal(journalDoc(real), state);
  if (!reader.pending().length) return state;
  const folder = dirname(real);
  for (const pending of reader.pending()) {
    const doc = join(folder, pending.ref.doc);
    const decoder = new LinksDecoder(pending, doc);
    try {
      for await (const batch of lines(doc)) for (const line of batch) decoder.line(line);
    } catch (error) {
      if (error instanceof CrmsyncError) throw error;
      if (isMissing(error)) throw linksMissing(path, pending.ref.doc);
      throw new CrmsyncError('state-corrupt', `cannot read the links document ${doc}: ${(error as NodeJS.ErrnoException).code}`, 'check its permissions');
    }
    pending.sync.links = decoder.finish();
    recordOnDisk(state, pending.name, pending.sync.links, folder, pending.ref);
  }
  return state;
}

/** The journal document of the state at `target` (see the header). */
const journalDoc = (target: string) => `${target}.journal`;

/**
 * Adds the journal document's entries to `state.journal` (an entry already there, from a state
 * written before the journal had a document of its own, is kept once). A last line cut off is an
 * append a crash interrupted: the creates it named were never sent (a batch is sent only once its
 * entries are on disk), so it is dropped.
 */
async function readJournal(path: string, state: StateFile): Promise<void> {
  const text: string[] = [];
  try {
    for await (const batch of lines(path)) text.push(...batch);
  } catch (error) {
    if (isMissing(error)) return;
    throw new CrmsyncError('state-corrupt', `cannot read the journal document ${path}: ${(error as NodeJS.ErrnoException).code}`, 'check its permissions');
  }
  addJournal(path, state, text);
}

/** The journal document's lines into `state.journal` (see readJournal). */
function addJournal(path: string, state: StateFile, text: readonly string[]): void {
  const known = new Set(state.journal.map((e) => e.marker));
  for (const [i, line] of text.entries()) {
    if (!line) continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      if (i === text.length - 1) return;
      throw stateCorrupt(path, `line ${i + 1} is not JSON`);
    }
    const problem = checkLine('journal', entry);
    if (problem) throw stateCorrupt(path, `line ${i + 1}: ${problem}`);
    const e = entry as JournalEntry;
    if (!known.has(e.marker)) state.journal.push(e), known.add(e.marker);
  }
}

/**
 * Appends create journal entries to the journal document of the state at `path` and flushes them to
 * disk: what must be durable before those creates are sent. Costs the new entries only, however
 * large the state.
 */
export async function appendJournal(path: string, entries: readonly JournalEntry[]): Promise<void> {
  if (!entries.length) return;
  const doc = journalDoc(await writeTarget(path));
  const file = await open(doc, 'a');
  try {
    let text = '';
    for (const entry of entries) text += `${JSON.stringify(entry)}\n`;
    await file.write(text);
    await file.sync();
    writeCounts.journalLines += entries.length;
  } finally {
    await file.close();
  }
}

/** Replaces the journal document with `entries` (removed when there are none), atomically. */
async function replaceJournal(target: string, entries: readonly JournalEntry[]): Promise<void> {
  const doc = journalDoc(target);
  if (!entries.length) return void (await unlink(doc).catch((error: unknown) => (isMissing(error) ? undefined : Promise.reject(error))));
  const temp = `${doc}.${process.pid}.tmp`;
  await writeLines(
    temp,
    entries.map((e) => JSON.stringify(e)),
  );
  await rename(temp, doc);
  writeCounts.journalLines += entries.length;
}

/** A state file's text decoded and checked, as readState does (for small states in memory); links documents are read from beside `path`. */
export function decodeStateText(text: string, path: string): StateFile {
  const reader = stateReader(path);
  for (const line of text.split('\n')) reader.line(line);
  const state = reader.finish();
  const journal = journalDoc(realpathSync(path));
  try {
    addJournal(journal, state, readFileSync(journal, 'utf8').split('\n'));
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  for (const pending of reader.pending()) {
    const doc = join(dirname(realpathSync(path)), pending.ref.doc);
    const decoder = new LinksDecoder(pending, doc);
    let body: string;
    try {
      body = readFileSync(doc, 'utf8');
    } catch (error) {
      throw isMissing(error) ? linksMissing(path, pending.ref.doc).reported : error;
    }
    for (const line of body.split('\n')) decoder.line(line);
    pending.sync.links = decoder.finish();
  }
  return state;
}

/** Streams `lines` to `path`, flushed to disk before it is closed; removes the file if writing fails. */
async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  // flush: the data reaches the disk before the file is closed, so a rename never exposes a
  // file whose contents are still only in the page cache.
  const out = createWriteStream(path, { flush: true });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  try {
    let buffer = '';
    for (const line of lines) {
      buffer += `${line}\n`;
      if (buffer.length < CHUNK) continue;
      if (!out.write(buffer)) await Promise.race([once(out, 'drain'), failed]);
      buffer = '';
    }
    out.end(buffer);
    await Promise.race([once(out, 'close'), failed]);
  } catch (error) {
    // The stream opens its file asynchronously: only once it is closed can the file be removed.
    if (!out.closed) await new Promise<void>((done) => out.once('close', () => done()).destroy());
    await unlink(path).catch(() => undefined);
    throw error;
  }
}

/** A links document's file name: the state's, the sync's (readable, and hashed to be unique and safe), and a new part per write. */
function linksDocName(stateName: string, sync: string, serial: number): string {
  const slug = sync.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40);
  const hash = createHash('sha256').update(sync).digest('hex').slice(0, 8);
  return `${stateName}.${slug}-${hash}.${serial}-${randomBytes(3).toString('hex')}.links`;
}

/** The part of a links document's name after the state's name and a dot (see linksDocName). */
const LINKS_DOC = /^[A-Za-z0-9_-]*-[0-9a-f]{8}\.\d+-[0-9a-f]{6}\.links$/;

/** How many links documents the saves of this process wrote, and journal lines (for tests that count what a run rewrites). */
export const writeCounts = { links: 0, projects: 0, journalLines: 0 };

/**
 * Writes `state`: each sync's links document that changed, then the project document, replaced
 * atomically (at the end of its symlinks, see write-through.ts); then removes the links documents
 * beside it that it no longer names (superseded ones, and any a crashed save left behind).
 */
export async function writeState(path: string, state: StateFile): Promise<void> {
  const target = await writeTarget(path);
  const folder = dirname(target);
  const name = basename(target);
  const refs = new Map<string, LinksRef>();
  const written: string[] = [];
  try {
    for (const [sync, s] of Object.entries(state.syncs)) {
      const kept = unchangedDoc(state, sync, s.links, folder);
      if (kept) {
        refs.set(sync, kept);
        continue;
      }
      const doc = linksDocName(name, sync, state.serial);
      await writeLines(join(folder, doc), encodeLinks(sync, s.links));
      written.push(doc);
      writeCounts.links++;
      refs.set(sync, { doc, count: s.links.length });
    }
    const temp = `${target}.${process.pid}.tmp`;
    await writeLines(temp, encodeProject(state, refs));
    await rename(temp, target).catch(async (error: unknown) => {
      await unlink(temp).catch(() => undefined);
      throw error;
    });
    writeCounts.projects++;
  } catch (error) {
    for (const doc of written) await unlink(join(folder, doc)).catch(() => undefined);
    throw error;
  }
  // After the project document: until it is replaced, the links of answered creates are not on disk.
  await replaceJournal(target, state.journal);
  const named = new Set([...refs.values()].map((r) => r.doc));
  for (const [sync, ref] of refs) recordOnDisk(state, sync, state.syncs[sync]!.links, folder, ref);
  await removeUnnamed(folder, name, named, docsOnDisk(state, folder));
}

/** Removes this state's links documents that the project document no longer names. */
async function removeUnnamed(folder: string, name: string, named: ReadonlySet<string>, known: string[]): Promise<void> {
  const entries = await readdir(folder).catch(() => known);
  for (const entry of entries) {
    if (!entry.startsWith(`${name}.`) || !LINKS_DOC.test(entry.slice(name.length + 1)) || named.has(entry)) continue;
    await unlink(join(folder, entry)).catch(() => undefined);
  }
}

/** lowdb's adapter for the state file. */
export class StateFileAdapter implements Adapter<StateFile> {
  /** `target`: where writes go, when `path` is a symlink (write-through.ts). */
  constructor(
    readonly path: string,
    readonly target = path,
  ) {}

  read(): Promise<StateFile | null> {
    return readState(this.path);
  }

  write(data: StateFile): Promise<void> {
    return writeState(this.target, data);
  }
}
