/** `--redact`: the plan with every field value masked, for logs and plan files that leave the team. */
import type { Plan } from './types.js';

const MASK = '(redacted)';

export function redactPlan(plan: Plan): Plan {
  return {
    ...plan,
    redacted: true,
    ops: plan.ops.map((op) => {
      switch (op.type) {
        case 'create':
          return { ...op, fields: Object.fromEntries(Object.keys(op.fields).map((k) => [k, MASK])), base: { left: {}, right: {} } };
        case 'update':
          return { ...op, changes: op.changes.map((c) => ({ ...c, old: MASK, new: MASK })), base: { left: {}, right: {} } };
        case 'link':
        case 'link-created':
        case 'rebase':
          return { ...op, base: { left: {}, right: {} } };
        default:
          return op;
      }
    }),
  };
}
