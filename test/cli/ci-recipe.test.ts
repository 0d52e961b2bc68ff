/**
 * The GitHub Actions recipe in examples/: the file parses as a workflow of the expected shape, and
 * its crmsync steps, run in order against the sandbox, plan on a pull request, render the comment
 * and apply the saved plan on merge.
 */
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { MARKDOWN_MARKER } from '../../src/cli/render-markdown.js';
import { project, records, twoStores } from '../helpers/project.js';

const test = suite('CI recipe');

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Workflow {
  on: { pull_request: { paths: string[] }; push: { branches: string[] } };
  jobs: Record<string, { if: string; steps: Step[]; concurrency?: { group: string }; permissions?: Record<string, string> }>;
}

const workflow = parse(readFileSync(new URL('../../examples/github-actions/crmsync.yml', import.meta.url), 'utf8'), {
  prettyErrors: true,
  strict: true,
  uniqueKeys: true,
}) as Workflow;

/** The crmsync commands of a job's `run:` steps: argv, and the file stdout is redirected to. */
const commands = (job: string) =>
  workflow.jobs[job]!.steps.filter((s) => s.run?.startsWith('npx crmsync')).map((s) => {
    const [command, redirect] = s.run!.split('>').map((x) => x.trim());
    return { argv: command!.split(/\s+/).slice(2), out: redirect };
  });

test('the workflow: plan on pull requests (may comment), apply on pushes to main, one apply at a time, state in the cache', () => {
  assert.equal(workflow.on.pull_request.paths, ['syncs/**']);
  assert.equal(workflow.on.push.branches, ['main']);
  assert.is(workflow.jobs.plan!.if, "github.event_name == 'pull_request'");
  assert.is(workflow.jobs.plan!.permissions!['pull-requests'], 'write');
  assert.is(workflow.jobs.apply!.if, "github.event_name == 'push'");
  assert.is(workflow.jobs.apply!.concurrency!.group, 'crmsync-apply');
  for (const job of ['plan', 'apply']) {
    const restore = workflow.jobs[job]!.steps.find((s) => s.uses?.startsWith('actions/cache/restore@'));
    // The project document, its links documents (one per sync) and its journal document travel together.
    assert.is(restore?.with?.path, '.crmsync/state.json\n.crmsync/state.json.*.links\n.crmsync/state.json.journal\n');
  }
  assert.ok(workflow.jobs.apply!.steps.some((s) => s.uses?.startsWith('actions/cache/save@') && s.if === 'always()'));
  const script = workflow.jobs.plan!.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!.with!.script as string;
  assert.match(script, MARKDOWN_MARKER);
  assert.match(script, 'updateComment');
});

test('its crmsync steps, run against the sandbox: the PR job comments a redacted plan; the merge job applies it', async () => {
  const p = project(twoStores());
  for (const { argv, out } of commands('plan')) {
    const r = await p.run(...argv);
    assert.is(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
    if (out) p.write(out, r.stdout);
  }
  const comment = p.read('crmsync-plan.md');
  assert.ok(comment.startsWith(MARKDOWN_MARKER));
  assert.match(comment, '**Plan: 9 change(s).**');
  assert.match(comment, '| contacts | a/contacts | 3 | 0 | 0 |');
  assert.match(comment, '<details><summary>sync contacts: a/contacts ↔ b/contacts');
  assert.match(comment, '(redacted)');
  assert.not.match(comment, '@');
  assert.is(records(p.store('a')).length, 6);
  for (const { argv } of commands('apply')) {
    const r = await p.run(...argv);
    assert.is(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
  }
  assert.is(records(p.store('a')).length, 9);
  assert.is(records(p.store('b')).length, 9);
  assert.match((await p.run('plan')).stdout, 'No changes');
});

test.run();
