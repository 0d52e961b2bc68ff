/**
 * The state file's reading and writing, behind lowdb's Adapter interface. Writes stream the lines
 * of encode.ts to a temporary file beside the state, flush it to disk, and rename it over the old
 * one, so a crash mid-write leaves either the old or the new state, never half of one. Reads
 * stream the file line by line; a state written as one JSON document (versions 0 and 1, or a
 * hand-written one) is read whole and migrated forward.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import type { Adapter } from 'lowdb';
import { CrmsyncError } from '../errors.js';
import { checkLine, checkState, stateCorrupt } from './check.js';
import { StateDecoder } from './decode.js';
import { encodeState, LINES_VERSION } from './encode.js';
import { migrate } from './migrate.js';
import type { StateFile } from './types.js';

/** Lines are written in chunks of about this many characters. */
const CHUNK = 1 << 22;

async function* lines(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest) yield rest;
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
function stateReader(path: string): { line(text: string): void; finish(): StateFile } {
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
      decoder = new StateDecoder(header, path);
    },
    finish() {
      if (decoder) return decoder.finish();
      let parsed: unknown;
      try {
        parsed = JSON.parse(whole.join('\n'));
      } catch (error) {
        throw new CrmsyncError('state-corrupt', `the state file ${path} is not valid JSON (${(error as Error).message}); it was left untouched`,
          'restore it from a backup or from version control; crmsync never replaces a state file it cannot read');
      }
      const state = checkState(migrate(parsed, path), path);
      // Keyed by sync names, which may be `constructor` or `toString`: no prototype to collide with.
      state.syncs = Object.assign(Object.create(null), state.syncs);
      return state;
    },
  };
}

/** The state at `path`, checked; null when there is no file. Never writes. */
export async function readState(path: string): Promise<StateFile | null> {
  // A FIFO at the (default) state path would block the read forever.
  const info = await stat(path).catch(() => undefined);
  if (info && !info.isFile() && !info.isDirectory()) {
    throw new CrmsyncError('state-corrupt', `the state file ${path} is a device, pipe or socket, not a file; it was left untouched`, 'move it away, or point settings.state at a JSON file');
  }
  const reader = stateReader(path);
  try {
    for await (const line of lines(path)) reader.line(line);
  } catch (error) {
    if (error instanceof CrmsyncError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CrmsyncError('state-corrupt', `cannot read the state file ${path}: ${(error as NodeJS.ErrnoException).code}`, 'check its permissions');
  }
  return reader.finish();
}

/** A state file's text decoded and checked, as readState does (for small states in memory). */
export function decodeStateText(text: string, path: string): StateFile {
  const reader = stateReader(path);
  for (const line of text.split('\n')) reader.line(line);
  return reader.finish();
}

/** Writes `state` as lines to a temporary file, flushed to disk, then renamed over `path`. */
export async function writeState(path: string, state: StateFile): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  // flush: the data reaches the disk before the file is closed, so the rename never exposes a
  // file whose contents are still only in the page cache.
  const out = createWriteStream(temp, { flush: true });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  try {
    let buffer = '';
    for (const line of encodeState(state)) {
      buffer += `${line}\n`;
      if (buffer.length < CHUNK) continue;
      if (!out.write(buffer)) await Promise.race([once(out, 'drain'), failed]);
      buffer = '';
    }
    out.end(buffer);
    await Promise.race([once(out, 'close'), failed]);
    await rename(temp, path);
  } catch (error) {
    // The stream opens its file asynchronously: only once it is closed can the file be removed.
    if (!out.closed) await new Promise<void>((done) => out.once('close', () => done()).destroy());
    await unlink(temp).catch(() => undefined);
    throw error;
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
