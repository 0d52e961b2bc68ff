/**
 * A stored contact as the API returns it: only the requested person fields, each entry with its
 * field metadata (primary, source), the output-only values Google computes (displayName,
 * formattedType, canonicalForm, formattedValue, contactGroupId), memberships from groups, and
 * metadata.sources with the updateTime clients use as "last modified". Proto3 JSON leaves empty
 * lists out.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { GoogleStore, StoredGroup, StoredPerson } from './store.js';

type Json = Record<string, unknown>;

const FORMATTED: Record<string, string> = {
  home: 'Home',
  work: 'Work',
  other: 'Other',
  mobile: 'Mobile',
  homeFax: 'Home Fax',
  workFax: 'Work Fax',
  otherFax: 'Other Fax',
  pager: 'Pager',
  workMobile: 'Work Mobile',
  workPager: 'Work Pager',
  main: 'Main',
  googleVoice: 'Google Voice',
  school: 'School',
  homePage: 'Home Page',
  blog: 'Blog',
  profile: 'Profile',
  ftp: 'FTP',
  reservations: 'Reservations',
  appInstallPage: 'App Install Page',
};

const sourceType = (p: StoredPerson) => (p.kind === 'contact' ? 'CONTACT' : 'OTHER_CONTACT');

function computed(field: string, entry: Json): Json {
  const out: Json = {};
  if (typeof entry.type === 'string' && entry.type) out.formattedType = FORMATTED[entry.type] ?? entry.type;
  if (field === 'names') {
    const parts = [entry.honorificPrefix, entry.givenName, entry.middleName, entry.familyName, entry.honorificSuffix].filter(Boolean);
    const display = parts.join(' ') || (entry.unstructuredName as string | undefined) || '';
    if (display) {
      out.displayName = display;
      out.displayNameLastFirst = entry.familyName
        ? [entry.familyName, [entry.givenName, entry.middleName].filter(Boolean).join(' ')].filter(Boolean).join(', ')
        : display;
      if (!entry.unstructuredName) out.unstructuredName = display;
    }
  }
  if (field === 'phoneNumbers' && typeof entry.value === 'string') {
    const parsed = parsePhoneNumberFromString(entry.value);
    if (parsed?.isValid()) out.canonicalForm = parsed.number;
  }
  if (field === 'addresses' && !entry.formattedValue) {
    const line2 = [entry.postalCode, entry.city].filter(Boolean).join(' ');
    const value = [entry.streetAddress, line2, entry.region, entry.country].filter(Boolean).join('\n');
    if (value) out.formattedValue = value;
  }
  return out;
}

/**
 * A live person, limited to `fields` (resourceName and etag always). previousResourceNames is
 * "populated only for people.connections.list requests that include a sync token" [S].
 */
export function renderPerson(store: GoogleStore, p: StoredPerson, fields: Iterable<string>, syncing = false): Json {
  const out: Json = { resourceName: p.resourceName, etag: store.etag(p) };
  const source = { type: sourceType(p), id: p.sourceId };
  for (const field of fields) {
    if (field === 'metadata') {
      out.metadata = {
        sources: [{ type: source.type, id: p.sourceId, etag: store.sourceEtag(p), updateTime: p.updateTime }],
        ...(syncing && p.kind === 'contact' && p.previous?.length ? { previousResourceNames: p.previous } : {}),
        objectType: 'PERSON',
      };
    } else if (field === 'memberships') {
      if (p.groups.length) {
        out.memberships = p.groups.map((g) => ({
          metadata: { source },
          contactGroupMembership: { contactGroupId: g, contactGroupResourceName: `contactGroups/${g}` },
        }));
      }
    } else {
      const entries = p.data[field];
      if (!entries?.length) continue;
      out[field] = entries.map((entry, i) => ({
        metadata: { ...(i === 0 ? { primary: true } : {}), source },
        ...entry,
        ...computed(field, entry),
      }));
    }
  }
  return out;
}

/** What a sync reports for a deleted contact (apis.md §3.4). */
export function renderDeleted(store: GoogleStore, p: StoredPerson): Json {
  return {
    resourceName: p.resourceName,
    etag: store.etag(p),
    metadata: { sources: [{ type: sourceType(p), id: p.sourceId, updateTime: p.updateTime }], objectType: 'PERSON', deleted: true },
  };
}

/** A contact group; member names only when asked for (contactGroups.get with maxMembers). */
export function renderGroup(group: StoredGroup, memberCount: number, members?: string[]): Json {
  return {
    resourceName: `contactGroups/${group.id}`,
    etag: '#' + Buffer.from(`${group.id}.${group.version}`).toString('base64'),
    metadata: { updateTime: group.updateTime },
    groupType: group.type,
    // System groups are named by id (`myContacts`) with a display name beside it.
    name: group.type === 'SYSTEM_CONTACT_GROUP' ? group.id : group.name,
    formattedName: group.name,
    ...(group.clientData?.length ? { clientData: group.clientData } : {}),
    memberCount,
    ...(members?.length ? { memberResourceNames: members } : {}),
  };
}
