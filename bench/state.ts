/**
 * `npm run bench:state -- --n 1000000`: the state layer alone at N links (one sync, ten mapped
 * fields, realistic values). Writes the state through lowdb and its streaming adapter, reads it
 * back, checks that it round-tripped, saves it again with no link changed, and prints the CPU
 * times, the size of its documents and the peak RSS. The
 * old format (one JSON document) is tried too, for comparison: past ~830k links it cannot be
 * written at all.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { StateFileAdapter } from '../src/state/file.js';
import { newState } from '../src/state/store.js';
import type { LinkState, StateFile } from '../src/state/types.js';

const argv = process.argv.slice(2);
const N = Number(argv[argv.indexOf('--n') + 1] ?? 1_000_000) || 1_000_000;

function link(i: number): LinkState {
  const l = {
    email: `person.${i}@example${i % 97}.com`,
    firstname: `First${i % 5000}`,
    lastname: `Last${i}`,
    phone: `+4722${String(100000 + (i % 900000)).padStart(6, '0')}`,
    mobilephone: null,
    jobtitle: ['Engineer', 'Manager', 'Director'][i % 3]!,
    company: `Company ${i % 1000}`,
    city: 'Oslo',
    country: 'Norway',
    lifecyclestage: 'lead',
  };
  const r = {
    Email: l.email,
    FirstName: l.firstname,
    LastName: l.lastname,
    Phone: l.phone,
    MobilePhone: null,
    Title: l.jobtitle,
    Account_Name__c: l.company,
    MailingCity: l.city,
    MailingCountry: l.country,
    Lifecycle__c: l.lifecyclestage,
  };
  return {
    left: String(100_000_000 + i),
    right: `003${String(i).padStart(15, '0')}`,
    at: new Date(Date.UTC(2026, 0, 1) + i).toISOString(),
    base: { left: l, right: r },
  };
}

/** CPU seconds since `from` (wall time on a shared machine says more about its load than about us). */
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const seconds = (from: number) => ((cpu() - from) / 1e6).toFixed(2);
const dir = mkdtempSync(join(tmpdir(), 'crmsync-state-bench-'));
try {
  const state: StateFile = { ...newState(), lineage: 'bench', serial: 1 };
  state.syncs.bench = { links: Array.from({ length: N }, (_, i) => link(i)), failures: [], cursors: { left: 'x', right: 'y' } };
  const path = join(dir, 'state.json');
  const db = new Low<StateFile>(new StateFileAdapter(path), state);
  let t = cpu();
  await db.write();
  const write = seconds(t);
  // The project document and the links document beside it.
  const bytes = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  t = cpu();
  const back = new Low<StateFile>(new StateFileAdapter(path), newState());
  await back.read();
  const read = seconds(t);
  // A save with no link changed (a run with nothing to do): the project document only.
  back.data.serial++;
  back.data.syncs.bench!.cursors.left = 'z';
  t = cpu();
  await back.write();
  const unchangedWrite = seconds(t);
  const links = back.data.syncs.bench!.links;
  const sample = [0, Math.floor(N / 2), N - 1];
  const same = links.length === N && sample.every((i) => JSON.stringify(links[i]) === JSON.stringify(state.syncs.bench!.links[i]));
  let old: string;
  try {
    t = cpu();
    old = `${(JSON.stringify(state).length / N).toFixed(0)} bytes per link, JSON.stringify ${seconds(t)} s CPU`;
  } catch (error) {
    old = `cannot be written: ${(error as Error).message}`;
  }
  process.stdout.write(
    `${JSON.stringify({
      links: N,
      writeCpuS: Number(write),
      readCpuS: Number(read),
      unchangedSaveCpuS: Number(unchangedWrite),
      stateMb: Number((bytes / 1e6).toFixed(1)),
      bytesPerLink: Math.round(bytes / N),
      roundTrip: same,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      oneJsonDocument: old,
    })}\n`,
  );
  if (!same) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
