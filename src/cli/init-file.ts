/**
 * The text `crmsync init` writes, from two field catalogues: pure, so what it proposes is tested
 * without an app. Recommended mappings (R5, R15) are listed in comments with the required ones
 * marked; custom fields of both apps that share a name and whose types flow both ways are proposed
 * as commented `fields:` entries. A pair with no recommended mappings gets its same-named fields
 * as real `fields:` entries instead, so the file written is always a valid sync.
 */
import type { SyncObject } from '../connectors/app-entry.js';
import { APPS } from '../connectors/registry.js';
import type { AppKind, Catalogue, FieldDef } from '../connectors/types.js';
import { canFlow } from '../config/compat.js';
import type { DefaultMapping } from '../config/default-mappings.js';

export interface InitChoice {
  left: AppKind;
  right: AppKind;
  object: Exclude<SyncObject, 'custom'>;
}

export interface InitSide {
  name: string;
  app: AppKind;
  object: string;
  catalogue: Catalogue;
  /** A real account (not the sandbox), with the app's address when one was given. */
  real?: { url?: string };
}

/** The credentials an app's template names as environment variables (`# access_token: { env: HUBSPOT_TOKEN }`). */
export const envCredentials = (app: AppKind): Array<{ key: string; env: string }> =>
  APPS[app].credentials.template.flatMap((line) => {
    const m = /^#\s*(\w+):\s*\{\s*env:\s*(\w+)\s*\}\s*$/.exec(line);
    return m ? [{ key: m[1]!, env: m[2]! }] : [];
  });

/** A real account's connection keys: its credentials as `{ env: NAME }` references, and its address. */
export function realConnection(app: AppKind, url?: string): Record<string, unknown> {
  const key = APPS[app].credentials.url;
  return {
    app,
    ...Object.fromEntries(envCredentials(app).map((c) => [c.key, { env: c.env }])),
    ...(url && key ? { [key]: url } : {}),
  };
}

/** A connection's lines in connections.yaml: the sandbox with the credentials commented, or a real account's. */
function connectionLines(s: InitSide): string[] {
  const template = APPS[s.app].credentials.template;
  if (!s.real) return [`  ${s.name}:`, `    app: ${s.app}`, '    sandbox: true', ...template.map((c) => `    ${c}`)];
  const refs = new Set(envCredentials(s.app).map((c) => c.key));
  const key = APPS[s.app].credentials.url;
  return [
    `  ${s.name}:`,
    `    app: ${s.app}`,
    // Secrets stay out of the file: each is read from the environment (or, with `{ secret: NAME }`, the secrets file).
    ...template.map((c) => {
      const m = /^#\s*(\w+):/.exec(c);
      return m && refs.has(m[1]!) ? `    ${c.replace(/^#\s*/, '')}` : `    ${c}`;
    }),
    ...(s.real.url && key ? [`    ${key}: ${JSON.stringify(s.real.url)}`] : []),
  ];
}

type Mapping = { left: string; right: string; required: boolean; transform: string[] } & Pick<DefaultMapping, 'values'>;

export interface InitText {
  syncName: string;
  connections: string;
  sync: string;
  mappings: number;
  /** Fields proposed beyond the recommended mappings: commented custom fields, or a pair's same-named fields. */
  proposals: Array<{ left: string; right: string }>;
}

/** A name as the apps spell it differently: `Loyalty_Tier__c`, `loyalty_tier`, `loyaltyTier`. */
const fold = (name: string) =>
  name
    .toLowerCase()
    .replace(/__c$/, '')
    .replace(/[^a-z0-9]/g, '');

const writable = (c: Catalogue) => c.fields.filter((f) => !f.readOnly);

/**
 * Fields of both apps, not mapped yet, with one name (folded) and types that flow both ways
 * (a two-way sync writes each into the other). `custom`: only fields both apps mark as custom.
 */
export function proposeFields(
  left: Catalogue,
  right: Catalogue,
  mapped: { left: Set<string>; right: Set<string> },
  custom: boolean,
): Array<{ left: FieldDef; right: FieldDef }> {
  const out: Array<{ left: FieldDef; right: FieldDef }> = [];
  const taken = new Set<string>();
  for (const f of writable(left).filter((x) => (!custom || x.custom) && !mapped.left.has(x.name))) {
    const g = writable(right).find(
      (x) =>
        (!custom || x.custom) &&
        !mapped.right.has(x.name) &&
        !taken.has(x.name) &&
        fold(x.name) === fold(f.name) &&
        canFlow(f.type, x.type) &&
        canFlow(x.type, f.type),
    );
    if (!g) continue;
    taken.add(g.name);
    out.push({ left: f, right: g });
  }
  return out;
}

/**
 * An app that keeps the marker only in a field it cannot create (Salesforce): an External ID field
 * meant for it (`Crmsync_Marker__c`), which makes creates upserts, so a create whose answer is lost
 * is never made twice. Other apps keep markers themselves, or create the field.
 */
const markerOf = (s: InitSide): FieldDef | undefined => {
  const marker = APPS[s.app].capabilities.marker;
  return marker.kind === 'field' && !marker.defaultField ? s.catalogue.fields.find((f) => f.externalId && !f.readOnly && /marker/i.test(f.name)) : undefined;
};

const sideFields = (s: InitSide, choice: InitChoice) =>
  [
    `connection: ${s.name}`,
    ...(s.object !== choice.object ? [`object: ${s.object}`] : []),
    ...(markerOf(s) ? [`marker_property: ${markerOf(s)!.name}`] : []),
  ].join(', ');

const mark = (f: FieldDef | undefined, app: string) => (f?.required ? ` (required in ${app})` : '');

export function initText(choice: InitChoice, l: InitSide, r: InitSide, mappings: Mapping[]): InitText {
  const syncName = `${l.name}-${r.name}-${choice.object}`;
  const byName = (c: Catalogue) => new Map(c.fields.map((f) => [f.name, f]));
  const [lf, rf] = [byName(l.catalogue), byName(r.catalogue)];
  const mapped = { left: new Set(mappings.map((m) => m.left)), right: new Set(mappings.map((m) => m.right)) };
  const lines = [
    '# yaml-language-server: $schema=../schema/crmsync.schema.json',
    `# ${l.name} ${l.object} <-> ${r.name} ${r.object}, both ways; ${l.name} wins when both apps changed a field (R11).`,
    '# Written by crmsync init; `crmsync plan` shows what a first apply would do.',
    'sync:',
    `  name: ${syncName}`,
    `  object: ${choice.object}`,
    ...[l, r].flatMap((s) =>
      markerOf(s) ? [`  # ${s.name} keeps each created record's idempotency marker in its External ID field ${markerOf(s)!.name}.`] : [],
    ),
    `  left: { ${sideFields(l, choice)} }`,
    `  right: { ${sideFields(r, choice)} }`,
    '  direction: two-way',
    '  conflict:',
    `    winner: ${l.name}`,
  ];
  let proposals: Array<{ left: FieldDef; right: FieldDef }>;
  if (mappings.length) {
    lines.push(
      `  # The recommended mappings of ${l.app} and ${r.app} (R5, R15): ${mappings.length} field(s).`,
      ...mappings.map(
        (m) =>
          `  #   ${m.left} <-> ${m.right}${m.required ? '  [required mapping]' : ''}${mark(lf.get(m.left), l.name)}${mark(rf.get(m.right), r.name)}${m.transform.length ? `  (${m.transform.join(', ')})` : ''}`,
      ),
      '  mappings: recommended',
    );
    // Custom fields of both apps that share a name and can flow both ways: proposed, not switched on.
    proposals = proposeFields(l.catalogue, r.catalogue, mapped, true);
    lines.push(
      proposals.length
        ? [
            '  # Custom fields of compatible types in both apps; uncomment to sync them:',
            '  # fields:',
            ...proposals.map((p) => `  #   - { left: ${p.left.name}, right: ${p.right.name} }   # ${p.left.type} <-> ${p.right.type}`),
          ].join('\n')
        : '  # fields:            # more mappings on top of the recommended ones, e.g.\n  #   - { left: <field>, right: <field> }',
    );
  } else {
    // No recommended mappings for this pair: the fields both apps name alike, switched on.
    proposals = proposeFields(l.catalogue, r.catalogue, mapped, false);
    lines.push(
      `  # ${l.app} and ${r.app} have no recommended mappings for ${choice.object}: these are the fields both apps name alike,`,
      '  # with types that flow both ways. Check them before the first apply.',
      '  mappings: none',
      '  fields:',
      ...proposals.map(
        (p) => `    - { left: ${p.left.name}, right: ${p.right.name} }   # ${p.left.type} <-> ${p.right.type}${mark(p.left, l.name)}${mark(p.right, r.name)}`,
      ),
    );
    for (const p of proposals) mapped.left.add(p.left.name), mapped.right.add(p.right.name);
  }
  // Required fields left out: each app refuses a create without them.
  const unmapped = [
    ...l.catalogue.fields.filter((f) => f.required && !f.readOnly && !mapped.left.has(f.name)).map((f) => `${l.name}.${f.name}`),
    ...r.catalogue.fields.filter((f) => f.required && !f.readOnly && !mapped.right.has(f.name)).map((f) => `${r.name}.${f.name}`),
  ];
  if (unmapped.length) lines.push(`  # Required and not mapped (map them, or creates there fail): ${unmapped.join(', ')}`);
  const connections = [
    '# yaml-language-server: $schema=../schema/crmsync.schema.json',
    ...(l.real || r.real
      ? [
          '# Real accounts read their credentials from the environment ({ env: NAME }); `sandbox: true` is a',
          '# built-in emulator with demo data. See the README, "Connecting the real apps".',
        ]
      : [
          '# The built-in sandboxes (sandbox: true): emulators with demo data, so plan and apply work with no',
          '# account. For a real account, replace `sandbox: true` with the credentials (see the README).',
        ]),
    'connections:',
    ...[l, r].flatMap(connectionLines),
    'settings:',
    '  state: .crmsync/state.json',
  ];
  return {
    syncName,
    connections: `${connections.join('\n')}\n`,
    sync: `${lines.join('\n')}\n`,
    mappings: mappings.length,
    proposals: proposals.map((p) => ({ left: p.left.name, right: p.right.name })),
  };
}
