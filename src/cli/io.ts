/** What a command gets from the outside world; tests pass their own streams and env. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Exit codes (README, Exit codes): 0 done; 1 error (nothing or not all was run); 2 changes to
 * apply (plan --detailed-exitcode); 3 incomplete: an app could not be read completely, or records
 * failed, wait for a complete read, or were left unaccounted. 3 wins over 2.
 */
export const EXIT = { ok: 0, error: 1, changes: 2, incomplete: 3 } as const;

export const println = (stream: NodeJS.WritableStream, text = '') => stream.write(`${text}\n`);
