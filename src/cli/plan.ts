import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { load, plan as planSyncs, type Options } from '../index.js';
import { redactPlan } from '../plan/redact.js';
import { refreshOnly } from '../plan/refresh.js';
import { EXIT, println, type CliIO } from './io.js';
import { printPlan, type PlanFormat } from './plan-file.js';
import { configFailed, printEnvelope, warnings } from './envelope.js';
import { renderDiagnostics } from './render-diagnostics.js';
import { countChanges, countStateChanges, incompleteReads } from './render-plan.js';
import { pacingLines } from './render-summary.js';
import { selectSyncs } from './select.js';
import { retryReporter } from './retry-notice.js';
import { progressReporter } from './progress.js';

export interface PlanArgs {
  json: boolean;
  out?: string;
  detailedExitcode: boolean;
  redact: boolean;
  /** `--sync`: plan only these syncs. */
  syncs?: string[];
  /** `--refresh-only`: state changes only, nothing written to the apps. */
  refreshOnly?: boolean;
  format?: PlanFormat;
  /** R31: plan every failed record again now, whatever its backoff. */
  retryFailed?: boolean;
  /** Every record, however large the plan. */
  verbose?: boolean;
  /** `--progress` / `--no-progress`; unset: progress when stderr is a terminal. */
  progress?: boolean;
}

export async function planCommand(io: CliIO, args: PlanArgs): Promise<number> {
  const loaded = await load({ root: io.cwd, env: io.env });
  if (configFailed(io, 'plan', loaded, args.json)) return EXIT.error;
  const only = selectSyncs(loaded.project!, args.syncs);
  const progress = progressReporter(io, { force: args.progress });
  const options: Options = {
    root: io.cwd,
    env: io.env,
    onRetry: retryReporter(io),
    ...(progress.on ? { progress: progress.update, onHeld: progress.held } : {}),
  };
  // Warnings do not stop a plan, but are shown as `validate` shows them (on stderr: stdout carries the plan).
  if (loaded.diagnostics.length) println(io.stderr, renderDiagnostics(loaded.diagnostics, loaded.files));
  const planned = await planSyncs(options, { ...(only ? { only } : {}), retryFailed: args.retryFailed }, loaded);
  progress.done();
  const made = args.refreshOnly ? refreshOnly(planned.plan, planned.project) : planned.plan;
  const plan = args.redact ? redactPlan(made) : made;
  if (args.out) {
    await writeFile(resolve(io.cwd, args.out), JSON.stringify(plan, null, 2));
  }
  const format = args.json ? 'json' : (args.format ?? 'text');
  const changes = plan.refreshOnly ? countStateChanges(plan) : countChanges(plan);
  // Incomplete as apply would be: a partial read, or records apply would leave failed or waiting.
  const code = incompleteReads(plan).length || plan.findings.length ? EXIT.incomplete : args.detailedExitcode && changes > 0 ? EXIT.changes : EXIT.ok;
  if (format === 'json')
    printEnvelope(io, 'plan', code === EXIT.incomplete ? 'incomplete' : changes > 0 ? 'changes' : 'ok', warnings(loaded), { plan, calls: planned.usage });
  else printPlan(io, plan, format, args.redact, args.verbose);
  // What the apps' rate limits cost the reads, when they cost anything.
  const pacing = format === 'text' ? pacingLines(planned.usage) : [];
  if (pacing.length) println(io.stdout, ['', 'Rate limits:', ...pacing.map((l) => `  ${l}`)].join('\n'));
  if (args.out && format === 'text') println(io.stdout, `\nSaved the plan to ${args.out}. Apply exactly it with: crmsync apply ${args.out}`);
  return code;
}
