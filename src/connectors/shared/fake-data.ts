/**
 * Deterministic, realistic-looking people and companies for seeding emulators and the sandbox.
 * Person `i` is always the same person, so two apps seeded with overlapping index ranges share
 * exactly those people by email (the benchmark's 50% overlap).
 */
import { prng } from './emulator-http.js';

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Katherine',
  'Linus',
  'Margaret',
  'Dennis',
  'Barbara',
  'Ken',
  'Frances',
  'Edsger',
  'Radia',
  'Tim',
  'Hedy',
  'John',
  'Sophie',
  'Niklaus',
  'Joan',
  'Donald',
  'Annie',
  'Åsa',
  'Øyvind',
  'Zoë',
  'José',
  'Mārtiņš',
  'Chloé',
  'Søren',
  'Ines',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Johnson',
  'Torvalds',
  'Hamilton',
  'Ritchie',
  'Liskov',
  'Thompson',
  'Allen',
  'Dijkstra',
  'Perlman',
  'Berners-Lee',
  'Lamarr',
  'McCarthy',
  'Wilson',
  'Wirth',
  'Clarke',
  'Knuth',
  'Easley',
  "O'Brien",
  'Nygård',
  'Ørsted',
  'García',
  'Bērziņš',
  'Müller',
  'Kierkegaard',
  'Lindqvist',
];
const COMPANIES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Wonka',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Vandelay',
  'Pied Piper',
  'Aperture',
  'Massive Dynamic',
  'Nordlys',
  'Fjord Data',
  'Sjöberg & Co',
];
const TITLES = [
  'CEO',
  'CTO',
  'Head of Sales',
  'Account Executive',
  'RevOps Manager',
  'Marketing Lead',
  'Engineer',
  'Analyst',
  'Founder',
  'VP Customer Success',
];
const CITIES = ['Oslo', 'Stockholm', 'Bergen', 'Gothenburg', 'London', 'Berlin', 'Boston', 'Toronto', 'Dublin', 'Lisbon'];
const COUNTRIES: Record<string, string> = {
  Oslo: 'Norway',
  Bergen: 'Norway',
  Stockholm: 'Sweden',
  Gothenburg: 'Sweden',
  London: 'United Kingdom',
  Berlin: 'Germany',
  Boston: 'United States',
  Toronto: 'Canada',
  Dublin: 'Ireland',
  Lisbon: 'Portugal',
};

export interface FakePerson {
  index: number;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  mobile: string;
  company: string;
  domain: string;
  jobTitle: string;
  city: string;
  country: string;
}

export interface FakeCompany {
  index: number;
  name: string;
  domain: string;
  city: string;
  country: string;
  phone: string;
  employees: number;
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[øØ]/g, 'o')
    .replace(/[^A-Za-z0-9]+/g, '')
    .toLowerCase();

/** Person number `index`; the same index always yields the same person. */
export function fakePerson(index: number): FakePerson {
  const r = prng(index * 7919 + 17);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const firstName = pick(FIRST);
  const lastName = pick(LAST);
  const company = COMPANIES[index % COMPANIES.length]!;
  const domain = `${slug(company)}.example.com`;
  const city = pick(CITIES);
  const digits = String(10_000_000 + ((index * 48271) % 89_999_999)).slice(0, 8);
  return {
    index,
    firstName,
    lastName,
    email: `${slug(firstName)}.${slug(lastName)}.${index}@${domain}`,
    phone: `+47 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6, 8)}`,
    mobile: `+46 70 ${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5, 7)}`,
    company,
    domain,
    jobTitle: pick(TITLES),
    city,
    country: COUNTRIES[city]!,
  };
}

/** People `from` .. `from + count - 1`. */
export function fakePeople(count: number, from = 0): FakePerson[] {
  return Array.from({ length: count }, (_, i) => fakePerson(from + i));
}

export function fakeCompany(index: number): FakeCompany {
  const base = COMPANIES[index % COMPANIES.length]!;
  const round = Math.floor(index / COMPANIES.length);
  const name = round ? `${base} ${round + 1}` : base;
  const r = prng(index * 104729 + 3);
  const city = CITIES[Math.floor(r() * CITIES.length)]!;
  return {
    index,
    name,
    domain: `${slug(name)}.example.com`,
    city,
    country: COUNTRIES[city]!,
    phone: `+47 22 ${String(100000 + index).slice(-6, -3)} ${String(100000 + index).slice(-3)}`,
    employees: 5 + Math.floor(r() * 5000),
  };
}

export function fakeCompanies(count: number, from = 0): FakeCompany[] {
  return Array.from({ length: count }, (_, i) => fakeCompany(from + i));
}
