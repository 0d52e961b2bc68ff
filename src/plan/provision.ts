/**
 * Schema provisioning (R16), the one planning step that asks the apps: which mapped fields, and
 * which marker properties, an app that can create fields lacks. Reads catalogues through the
 * connectors; the plan itself stays a pure function of what is read.
 */
import type { CompiledProject } from '../config/model.js';
import type { Connector } from '../connectors/types.js';
import type { MissingField } from './build.js';
import type { Plan } from './types.js';

/** R16: mapped fields a side lacks, for syncs that ask for them to be created. */
export async function missingFields(project: CompiledProject, connectors: Record<string, Connector>): Promise<MissingField[]> {
  const out: MissingField[] = [];
  for (const sync of project.syncs.filter((s) => s.enabled && s.createMissingProperties)) {
    for (const side of ['left', 'right'] as const) {
      const connector = connectors[sync[side].connection]!;
      if (!sync[side].capabilities.createFields || !connector.createField) continue;
      const have = new Set((await connector.catalogue(sync[side].object)).fields.map((f) => f.name));
      for (const f of sync.fields) {
        if (!have.has(f[side])) out.push({ sync: sync.name, side, field: { name: f[side], label: f[side], type: f.types[side] } });
      }
    }
  }
  return out;
}

/**
 * Creates into a side whose marker property the app lacks, where the app can create it: the plan
 * creates the property first (R16), with unique values, so a create sent twice is refused instead
 * of duplicated. Assumption: HubSpot takes a unique-value custom property on every object crmsync
 * creates records in, engagements (tasks) included; where it refuses, the run goes on unmarked and
 * says so.
 */
export async function provisionMarkers(project: CompiledProject, plan: Plan, connectors: Record<string, Connector>): Promise<void> {
  const seen = new Set<string>();
  const first: Plan['ops'] = [];
  for (const op of plan.ops) {
    if (op.type !== 'create' || seen.has(`${op.connection}\u0000${op.object}`)) continue;
    seen.add(`${op.connection}\u0000${op.object}`);
    const sync = project.syncs.find((s) => s.name === op.sync)!;
    const { marker, capabilities } = sync[op.side];
    const connector = connectors[op.connection]!;
    if (!capabilities.createFields || marker.kind !== 'field' || !connector.createField) continue;
    const catalogue = await connector.catalogue(op.object).catch(() => undefined);
    if (!catalogue || catalogue.fields.some((f) => f.name === marker.field)) continue;
    first.push({
      id: `${sync.name}/create-field/${op.side}/${marker.field}`,
      type: 'create-field',
      sync: sync.name,
      side: op.side,
      connection: op.connection,
      object: op.object,
      field: { name: marker.field, label: 'crmsync marker', type: 'string', unique: true },
      purpose: 'marker',
      reason: {
        rule: 'R16',
        message: `records created in ${op.connection} carry an idempotency marker, and ${op.connection} has no property \`${marker.field}\` for it yet: it is created, with unique values`,
      },
      source: sync.source,
    });
  }
  if (first.length) plan.ops = [...first, ...plan.ops];
}
