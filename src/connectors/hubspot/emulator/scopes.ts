/**
 * Scopes per endpoint: a private app's token (or an OAuth access token) carries the scopes it was
 * granted, and HubSpot answers a call needing another one with a 403 MISSING_SCOPES (apis.md §1.9).
 * The scope names are HubSpot's granular ones, as each endpoint's reference page lists them:
 * `crm.objects.<object>.read|write` for records (engagements ride on the contacts scopes, as the
 * activities guides say), `crm.objects.custom.*` for custom objects, `crm.schemas.<object>.*` for
 * properties, `crm.schemas.custom.*` for custom object schemas, `crm.lists.*` for lists.
 * Assumption: the properties of engagements need the contacts schema scopes and those of custom
 * objects `crm.schemas.custom.*` (the properties reference lists several scopes, any one of which
 * passes, without saying which object each is for).
 */
import type { EmulatorResponse } from '../../shared/emulator-http.js';
import { hsError } from './errors.js';
import type { HubSpotStore } from './store.js';

/** Objects whose scopes carry their own name. */
const OWN_SCOPE = new Set(['contacts', 'companies', 'deals', 'tickets', 'invoices']);

/** Every scope the emulator knows: what a token is granted when it is given no list. */
export const ALL_SCOPES: readonly string[] = [
  ...[...OWN_SCOPE, 'custom'].flatMap((o) => [`crm.objects.${o}.read`, `crm.objects.${o}.write`, `crm.schemas.${o}.read`, `crm.schemas.${o}.write`]),
  'crm.lists.read',
  'crm.lists.write',
];

/** The scope family an object's path resolves to: its own, contacts' (engagements), or custom. */
function family(store: HubSpotStore, ref: string): string | undefined {
  const type = store.resolveType(ref);
  if (!type) return undefined;
  if (type.custom) return 'custom';
  return OWN_SCOPE.has(type.name) ? type.name : 'contacts';
}

const READ_POSTS = /\/(search|batch\/read)$/;

/**
 * The scopes of which the call needs one ("One or more of the following scopes are required"), or
 * none when the endpoint needs no scope the emulator models (an unknown object type answers later,
 * with its own 400). Assumption: association endpoints need the `from` object's scope (read for
 * reads, write for changes); HubSpot's v4 reference lists the object scopes without saying which side.
 */
export function requiredScopes(store: HubSpotStore, method: string, path: string): string[] {
  const access = method === 'GET' || (method === 'POST' && READ_POSTS.test(path)) ? 'read' : 'write';
  let m = /^\/crm\/v3\/objects\/([^/]+)/.exec(path) ?? /^\/crm\/v4\/(?:objects|associations)\/([^/]+)/.exec(path);
  if (m) {
    const f = family(store, decodeURIComponent(m[1]!));
    return f ? [`crm.objects.${f}.${access}`] : [];
  }
  if ((m = /^\/crm\/v3\/properties\/([^/]+)/.exec(path))) {
    const f = family(store, decodeURIComponent(m[1]!));
    return f ? [`crm.schemas.${f}.${access}`] : [];
  }
  if (path.startsWith('/crm-object-schemas/v3/schemas')) return [`crm.schemas.custom.${access}`];
  if (path.startsWith('/crm/v3/lists')) return [`crm.lists.${access}`];
  return [];
}

/** HubSpot's 403 for a token that lacks every one of `scopes`. */
export function missingScopes(scopes: string[]): EmulatorResponse {
  return hsError(
    403,
    'MISSING_SCOPES',
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    {
      errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: scopes } }],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    },
  );
}
