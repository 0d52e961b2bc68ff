/**
 * Fills a store with realistic contacts from shared/fake-data.ts: person `from + i` for contact i,
 * so two emulators seeded with overlapping ranges share exactly those people by email.
 */
import { fakePerson, type FakePerson } from '../../shared/fake-data.js';
import type { GoogleStore, PersonData } from './store.js';

export interface GoogleSeed {
  /** Contacts in My Contacts. */
  contacts?: number;
  /** Other contacts (people the user emailed), after the contacts in the index range. */
  otherContacts?: number;
  /** First fake-person index. */
  from?: number;
  /** Star every n-th contact (R20's starred filter); 0 stars none. Default 10. */
  starredEvery?: number;
}

/** The Person fields of a fake person: two numbers (R17: a work number first, then a mobile). */
export function fakePersonData(p: FakePerson): PersonData {
  return {
    names: [{ givenName: p.firstName, familyName: p.lastName }],
    emailAddresses: [{ value: p.email, type: 'work' }],
    phoneNumbers: [
      { value: p.phone, type: 'work' },
      { value: p.mobile, type: 'mobile' },
    ],
    organizations: [{ name: p.company, title: p.jobTitle, type: 'work' }],
    addresses: [{ city: p.city, country: p.country, type: 'work' }],
  };
}

export function seedStore(store: GoogleStore, seed: GoogleSeed): void {
  const from = seed.from ?? 0;
  const contacts = seed.contacts ?? 0;
  const every = seed.starredEvery ?? 10;
  for (let i = 0; i < contacts; i++) {
    const starred = every > 0 && i % every === 0;
    store.insert(fakePersonData(fakePerson(from + i)), { groups: starred ? ['myContacts', 'starred'] : ['myContacts'] });
  }
  for (let i = 0; i < (seed.otherContacts ?? 0); i++) {
    const p = fakePerson(from + contacts + i);
    store.insert({ names: [{ givenName: p.firstName, familyName: p.lastName }], emailAddresses: [{ value: p.email }] }, { kind: 'other' });
  }
}
