/** What a command gets from the outside world; tests pass their own streams and env. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const EXIT = { ok: 0, error: 1, changes: 2 } as const;

export const println = (stream: NodeJS.WritableStream, text = '') => stream.write(`${text}\n`);
