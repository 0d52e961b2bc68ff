/**
 * What the connector's parts share: the call gateway, its settings, and the field catalogues. A
 * catalogue read from HubSpot is kept for the connection's lifetime; until then the static one of
 * the standard objects serves for decoding, so a plain read spends no call on it.
 */
import type { Catalogue, FieldDef } from '../types.js';
import { ConnectorFailure } from '../types.js';
import type { HubSpotCalls } from './calls.js';
import { fieldDefOf, hubspotStaticCatalogue } from './catalogue.js';
import type { FieldTypes } from './codec.js';
import { toConnectorError } from './errors.js';

export interface HubSpotSettings {
  name: string;
  lookbackMs: number;
  /** Associations read with records, by object (`{ contacts: ['companies'] }`). */
  associations: Record<string, string[]>;
  /** A property holding the engine's create marker (crash recovery), when one is configured. */
  markerProperty?: string;
}

export class HubSpotContext {
  private readonly live = new Map<string, Catalogue>();

  constructor(
    readonly settings: HubSpotSettings,
    readonly calls: HubSpotCalls,
  ) {}

  /**
   * Reads the object's properties from HubSpot. Required ones come from the static catalogue for the
   * standard objects (engagements require hs_timestamp) and from the schema for custom objects.
   */
  async catalogue(object: string): Promise<Catalogue> {
    try {
      const properties = await this.calls.call('properties', () => this.calls.sdk.crm.properties.coreApi.getAll(object));
      const standard = hubspotStaticCatalogue(object);
      let required = new Set(standard?.fields.filter((f) => f.required).map((f) => f.name));
      if (!standard) {
        const schema = await this.calls.call('schema', () => this.calls.sdk.crm.schemas.coreApi.getById(object));
        required = new Set(schema.requiredProperties);
      }
      const fields = properties.results.map((p) => {
        const def = fieldDefOf(object, p);
        if (required.has(def.name)) def.required = true;
        return def;
      });
      const catalogue = { object, fields };
      this.live.set(object, catalogue);
      return catalogue;
    } catch (error) {
      throw new ConnectorFailure(toConnectorError(error, object), this.settings.name);
    }
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
    const catalogue = this.live.get(object);
    if (catalogue) catalogue.fields = [...catalogue.fields.filter((f) => f.name !== def.name), def];
  }
}
