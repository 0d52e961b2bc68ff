/** `crmsync show PLANFILE`: a saved plan, rendered as `plan` renders it (text, Markdown or JSON). */
import { resolve } from 'node:path';
import { redactPlan } from '../plan/redact.js';
import { EXIT, type CliIO } from './io.js';
import { printEnvelope } from './envelope.js';
import { countChanges } from './render-plan.js';
import { printPlan, readPlanFile, type PlanFormat } from './plan-file.js';

export interface ShowArgs {
  file: string;
  format: PlanFormat;
  redact: boolean;
  verbose?: boolean;
}

export async function showCommand(io: CliIO, args: ShowArgs): Promise<number> {
  const plan = await readPlanFile(resolve(io.cwd, args.file), args.file);
  const shown = args.redact ? redactPlan(plan) : plan;
  if (args.format === 'json') printEnvelope(io, 'show', countChanges(shown) > 0 ? 'changes' : 'ok', [], { plan: shown });
  else printPlan(io, shown, args.format, args.redact || !!plan.redacted, args.verbose);
  return EXIT.ok;
}
