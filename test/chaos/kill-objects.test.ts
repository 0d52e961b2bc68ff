/**
 * Crash safety for objects without a match key: Salesforce tasks into HubSpot tasks (R9) and a
 * Salesforce custom object into a HubSpot custom object (R7). The CLI is killed (SIGKILL) at random
 * points of an apply while Salesforce keeps gaining records; each rerun finds the creates the killed
 * run sent by their marker instead of sending them again. Then: no duplicate, nothing lost, all
 * linked. A small set of kill points runs by default; CRMSYNC_CHAOS_FULL=1 runs at least 100.
 * Where the marker is turned off, the rerun says it could not check the journal.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { prng } from '../../src/connectors/shared/emulator-http.js';
import { addTasksAndInvoices, appRecords, census, CRM_ENV, runCrmCli, startCrmApps } from './crm-apps.js';

const FULL = !!process.env.CRMSYNC_CHAOS_FULL;
const KILLS = Number(process.env.CRMSYNC_KILL_POINTS ?? (FULL ? 110 : 6));
const SEED = FULL ? { tasks: 1000, invoices: 300 } : { tasks: 400, invoices: 120 };

test(`tasks and a custom object: killed at ${KILLS} points, rerun, no duplicate, nothing lost`, async () => {
  const apps = await startCrmApps(SEED);
  const random = prng(Number(process.env.CRMSYNC_CHAOS_SEED ?? 20261202));
  const expected = { ...SEED };
  let killed = 0;
  let runs = 0;
  // Records a killed run created but never recorded, found by marker and linked by the next run.
  let recovered = 0;
  const count = (out: string) => (recovered += Number(/Recovered (\d+) record/.exec(out)?.[1] ?? 0));
  try {
    const t0 = Date.now();
    const probe = await runCrmCli(apps.p.dir, ['plan']);
    assert.is(probe.code, 0, probe.out);
    // Kill points spread over how long an apply takes; a run that finishes sets the next span.
    let span = Math.max(800, (Date.now() - t0) * 3);
    let applySpan = 1500;
    for (let i = 0; i < KILLS; i++) {
      // Salesforce gains records, so every killed run has creates under way.
      if (i > 0) {
        const added = await addTasksAndInvoices(apps, `k${i}`, 60, 20);
        expected.tasks += added.tasks;
        expected.invoices += added.invoices;
      }
      // Every other kill counts from the printed plan, so it lands while creates are under way.
      const started = Date.now();
      const whileApplying = i % 2 === 1;
      const run = await runCrmCli(
        apps.p.dir,
        ['apply', '--auto-approve', '--lock-timeout', '10s'],
        whileApplying ? Math.floor(random() * applySpan) : 150 + Math.floor(random() * span),
        whileApplying ? 'Plan:' : undefined,
      );
      runs++;
      count(run.out);
      if (run.signal === 'SIGKILL') killed++;
      else {
        assert.is(run.code, 0, run.out.slice(-2000));
        if (!whileApplying) span = Math.max(200, Date.now() - started - 150);
        else applySpan = Math.max(50, applySpan / 2);
      }
      if (apps.p.exists('.crmsync/state.json.lock')) {
        const { id } = JSON.parse(apps.p.read('.crmsync/state.json.lock')) as { id: string };
        assert.is((await runCrmCli(apps.p.dir, ['force-unlock', id])).code, 0);
      }
    }
    for (let i = 0; i < 2; i++) {
      const done = await runCrmCli(apps.p.dir, ['apply', '--auto-approve']);
      runs++;
      count(done.out);
      assert.is(done.code, 0, done.out.slice(-2000));
      assert.not.match(done.out, 'warning[journal-unchecked]');
    }
    const settled = await runCrmCli(apps.p.dir, ['plan', '--detailed-exitcode']);
    assert.is(settled.code, 0, settled.out.slice(-2000));

    const recs = appRecords(apps);
    const tasks = census(recs.hubspot.tasks.map((r) => r.key));
    const invoices = census(recs.hubspot.invoices.map((r) => r.key));
    assert.is(recs.salesforce.tasks.length, expected.tasks);
    assert.is(recs.salesforce.invoices.length, expected.invoices);
    process.stdout.write(
      `  runs ${runs}, killed mid-run ${killed}, records recovered from killed runs ${recovered}; HubSpot tasks ${tasks.count} (${tasks.duplicates} duplicates, ${expected.tasks - (tasks.count - tasks.duplicates)} lost); invoices ${invoices.count} (${invoices.duplicates} duplicates, ${expected.invoices - (invoices.count - invoices.duplicates)} lost)\n`,
    );
    assert.ok(killed >= Math.ceil(KILLS / 3), `runs were killed mid-run (${killed} of ${KILLS})`);
    assert.equal([tasks.duplicates, tasks.count], [0, expected.tasks], 'HubSpot tasks: none twice, none missing');
    assert.equal([invoices.duplicates, invoices.count], [0, expected.invoices], 'HubSpot invoices: none twice, none missing');
    const state = apps.p.state();
    assert.is(state.journal.length, 0);
    for (const [name, [left, right]] of Object.entries({
      tasks: [recs.salesforce.tasks, recs.hubspot.tasks],
      invoices: [recs.salesforce.invoices, recs.hubspot.invoices],
    })) {
      const links = state.syncs[name]!.links.filter((l) => !l.deleted);
      assert.is(links.length, left.length, `${name}: one link per record`);
      assert.equal(new Set(links.map((l) => l.left)), new Set(left.map((r) => r.id)));
      assert.equal(new Set(links.map((l) => l.right)), new Set(right.map((r) => r.id)));
    }
  } finally {
    await apps.close();
  }
});

test('no marker: creates whose answers were lost stay in the journal, and the rerun warns that it could not check them', async () => {
  Object.assign(process.env, CRM_ENV);
  const apps = await startCrmApps({ tasks: 30 });
  try {
    apps.p.write('syncs/tasks.yaml', apps.p.read('syncs/tasks.yaml').replace('object: tasks }', 'object: tasks, marker_property: false }'));
    const plan = await apps.p.run('plan');
    assert.match(plan.stderr, 'syncs/tasks.yaml:5:65 warning[no-create-marker]');
    // HubSpot does the creates, and every answer is lost on the way back.
    apps.hubspot.setFaults({ rate: 1, kinds: ['drop'], methods: ['POST'], when: 'after' });
    const first = await apps.p.run('apply', '--yes');
    apps.hubspot.setFaults(null);
    assert.match(first.stdout, '30 create(s) got no answer and could not be looked up');
    assert.is(apps.p.state().journal.length, 30, 'kept for the next run');
    assert.is(appRecords(apps).hubspot.tasks.length, 30, 'HubSpot did create them');
    const rerun = await apps.p.run('apply', '--yes');
    // The 30 failed earlier and wait for their retry (R31): the run is honest about it (exit 3).
    assert.is(rerun.code, 3, rerun.stderr);
    assert.match(rerun.stdout, /^Apply incomplete: .*30 record\(s\) failed earlier and wait for their retry/m);
    assert.match(rerun.stderr, 'syncs/tasks.yaml:1:1 warning[journal-unchecked] an interrupted run sent 30 create(s) into `hubspot` (tasks)');
    assert.match(rerun.stderr, 'hint: give this side a marker');
  } finally {
    await apps.close();
  }
});

test.run();
