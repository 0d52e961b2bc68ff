/**
 * YAML builders for the project files most tests start from: sandbox connections and one sync.
 * They write exactly what the tests used to spell out by hand, so line and column positions hold.
 */

/** How many records a sandbox starts with, in the order written (`from` offsets the generated people). */
export type Seed = { contacts?: number; companies?: number; from?: number };

const flow = (seed: Seed) =>
  `{ ${Object.entries(seed)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')} }`;

/** `connections.yaml`: each connection named by its key, a sandbox of `app` seeded with `seed`. */
export function sandboxes(connections: Record<string, [app: string, seed: Seed]>): string {
  const lines = Object.entries(connections).map(([name, [app, seed]]) => `  ${name}:\n    app: ${app}\n    sandbox: { seed: ${flow(seed)} }\n`);
  return `connections:\n${lines.join('')}`;
}

/** `connection` or `connection Object` as the sync's side: `{ connection: x, object: Y }`. */
const side = (spec: string) => {
  const [connection, object] = spec.split(' ');
  return object ? `{ connection: ${connection}, object: ${object} }` : `{ connection: ${connection} }`;
};

/**
 * A sync file: `sync` named `name` of `object` (default: the name) between `left` and `right`
 * (`connection` or `connection Object`), then `body`, YAML lines of the sync written without their
 * two-space indent (`direction: two-way`, `filters:` …).
 */
export function syncFile(name: string, left: string, right: string, body: string, object = name): string {
  const lines = body.split('\n').map((line) => (line ? `  ${line}` : line));
  return `sync:\n  name: ${name}\n  object: ${object}\n  left: ${side(left)}\n  right: ${side(right)}\n${lines.join('\n')}\n`;
}
