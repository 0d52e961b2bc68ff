/**
 * What the connector's parts share: the call gateway, its settings, and the field catalogues. A
 * catalogue read from HubSpot is kept for the connection's lifetime; until then the static one of
 * the standard objects serves for decoding, so a plain read spends no call on it.
 */
import type { Catalogue, FieldDef } from '../types.js';
import { ConnectorFailure } from '../types.js';
import type { HubSpotCalls } from './calls.js';
import { fieldDefOf, hubspotStaticCatalogue, type PropertyLike } from './catalogue.js';
import type { FieldTypes } from './codec.js';
import { toConnectorError } from './errors.js';
import { isStandardObject, resolveSchema, type SchemaLike } from './object-types.js';

export interface HubSpotSettings {
  name: string;
  lookbackMs: number;
  /** Associations read with records, by object (`{ contacts: ['companies'] }`). */
  associations: Record<string, string[]>;
  /** A property holding the engine's create marker (crash recovery), when one is configured. */
  markerProperty?: string;
  /** The marker property per object, where it differs from `markerProperty`. */
  markerProperties?: Record<string, string>;
}

export class HubSpotContext {
  private readonly live = new Map<string, Catalogue>();
  /** The fields the last read of each object asked for: what a lookup by match key returns too. */
  readonly readFields = new Map<string, string[]>();
  /** The account's custom object schemas, read once per connection when a custom object is used. */
  private schemas?: Promise<SchemaLike[]>;

  constructor(
    readonly settings: HubSpotSettings,
    readonly calls: HubSpotCalls,
  ) {}

  /** The property that holds the engine's create marker on `object`, when one is configured. */
  marker(object: string): string | undefined {
    return this.settings.markerProperties?.[object] ?? this.settings.markerProperty;
  }

  /** The marker property when HubSpot has it on `object` (read from the catalogue once). */
  async liveMarker(object: string): Promise<string | undefined> {
    const marker = this.marker(object);
    if (!marker) return undefined;
    return (await this.types(object, [marker])).has(marker) ? marker : undefined;
  }

  /** The custom object's schema, or a ConnectorFailure naming the candidates when none or several fit. */
  async schema(object: string): Promise<SchemaLike> {
    this.schemas ??= this.calls.call('schemas', () => this.calls.sdk.crm.schemas.coreApi.getAll()).then((r) => r.results as unknown as SchemaLike[]);
    let schemas: SchemaLike[];
    try {
      schemas = await this.schemas;
    } catch (error) {
      this.schemas = undefined;
      throw new ConnectorFailure(toConnectorError(error, object), this.settings.name);
    }
    const found = resolveSchema(object, schemas);
    if ('schema' in found) return found.schema;
    const list = found.candidates.length ? found.candidates.join(', ') : 'none';
    throw new ConnectorFailure(
      found.problem === 'missing'
        ? {
            code: 'OBJECT_TYPE_NOT_FOUND',
            category: 'not-found',
            retryable: false,
            message: `HubSpot has no custom object \`${object}\``,
            hint: `R7: the account's custom objects are: ${list}; use one of their names (or its objectTypeId), or create the object in HubSpot (Settings → Data Management → Objects)`,
          }
        : {
            code: 'OBJECT_TYPE_AMBIGUOUS',
            category: 'not-found',
            retryable: false,
            message: `\`${object}\` names more than one HubSpot custom object`,
            hint: `name one of them by its internal name or objectTypeId: ${list}`,
          },
      this.settings.name,
    );
  }

  /** How HubSpot's paths address `object`: standard objects by name, custom ones by objectTypeId. */
  async path(object: string): Promise<string> {
    return isStandardObject(object) ? object : (await this.schema(object)).objectTypeId;
  }

  /**
   * Reads the object's properties from HubSpot. Required ones come from the static catalogue for the
   * standard objects (engagements require hs_timestamp); a custom object's schema carries both its
   * properties and its required ones, so it costs no further call.
   */
  async catalogue(object: string): Promise<Catalogue> {
    const standard = hubspotStaticCatalogue(object);
    let properties: PropertyLike[];
    let required: Set<string>;
    if (isStandardObject(object)) {
      try {
        properties = (await this.calls.call('properties', () => this.calls.sdk.crm.properties.coreApi.getAll(object))).results;
      } catch (error) {
        throw new ConnectorFailure(toConnectorError(error, object), this.settings.name);
      }
      required = new Set(standard?.fields.filter((f) => f.required).map((f) => f.name));
    } else {
      const schema = await this.schema(object);
      properties = schema.properties as unknown as PropertyLike[];
      required = new Set(schema.requiredProperties);
    }
    const fields = properties.map((p) => {
      const def = fieldDefOf(object, p);
      if (required.has(def.name)) def.required = true;
      return def;
    });
    const catalogue = { object, fields };
    this.live.set(object, catalogue);
    return catalogue;
  }

  /** The best catalogue known without a call: the live one once read, else the static one. */
  known(object: string): Catalogue | undefined {
    return this.live.get(object) ?? hubspotStaticCatalogue(object);
  }

  /** Field types for decoding and encoding `fields`; reads the live catalogue only when a name is unknown. */
  async types(object: string, fields: string[]): Promise<FieldTypes> {
    let catalogue = this.known(object);
    const names = new Set(catalogue?.fields.map((f) => f.name));
    if (!catalogue || fields.some((f) => !names.has(f))) {
      catalogue = this.live.get(object) ?? (await this.catalogue(object).catch(() => catalogue));
    }
    return new Map((catalogue?.fields ?? []).map((f) => [f.name, f.type]));
  }

  /** Adds a property created through the connector to the live catalogue, if one is held. */
  remember(object: string, def: FieldDef): void {
    // A custom object's catalogue comes from its schema: read the schemas again next time.
    if (!isStandardObject(object)) this.schemas = undefined;
    const catalogue = this.live.get(object);
    if (catalogue) catalogue.fields = [...catalogue.fields.filter((f) => f.name !== def.name), def];
  }
}
