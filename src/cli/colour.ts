/**
 * Colour for terminal output, through node:util's styleText: on only when the stream is a
 * terminal and NO_COLOR is unset or empty (no-color.org) and TERM is not `dumb`; otherwise text
 * passes through unchanged, so logs, pipes and files get plain text.
 */
import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];
export type Paint = (style: Style, text: string) => string;

const plain: Paint = (_style, text) => text;
// The stream is checked here, against the command's own stream; styleText's own check looks at
// process.stdout, which is not always the stream written to.
const styled: Paint = (style, text) => (styleText as (s: Style, t: string, o: { validateStream: boolean }) => string)(style, text, { validateStream: false });

export function painter(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Paint {
  const on = !!stream.isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
  return on ? styled : plain;
}

/** A rendered plan, coloured by each line's marker: creates green, updates yellow, deletes red. */
export function colourPlan(text: string, paint: Paint): string {
  if (paint === plain) return text;
  return text
    .split('\n')
    .map((line) => {
      if (/^\s*\+ /.test(line)) return paint('green', line);
      if (/^\s*~ /.test(line)) return paint('yellow', line);
      if (/^\s*- /.test(line)) return paint('red', line);
      if (/^\s*[!?] /.test(line)) return paint('magenta', line);
      if (/^(sync |Plan: |No changes|Refresh-only)/.test(line)) return paint('bold', line);
      return line;
    })
    .join('\n');
}
