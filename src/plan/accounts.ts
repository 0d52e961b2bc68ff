/**
 * The state is bound to the accounts it was made with. Its links are record ids in one HubSpot
 * portal, one Salesforce org, one Google account, one local store; pointed at another account, the
 * same state would pair unrelated records and overwrite or delete them. So each connection's account
 * is recorded at the first apply, and a run that reaches another account is refused before anything
 * is read or written, until `crmsync state rebind` records the move as deliberate. Pure.
 */
import type { CompiledProject } from '../config/model.js';
import type { AccountIdentity, AppName } from '../connectors/types.js';
import { CrmsyncError } from '../errors.js';
import type { BoundAccount } from '../state/types.js';

export interface ReachedAccount {
  connection: string;
  app: AppName;
  identity: AccountIdentity;
}

export interface AccountMismatch {
  connection: string;
  recorded: BoundAccount;
  reached: ReachedAccount;
}

function recordedFor(accounts: Record<string, BoundAccount> | undefined, connection: string): BoundAccount | undefined {
  const found = accounts && typeof accounts === 'object' && Object.hasOwn(accounts, connection) ? accounts[connection] : undefined;
  return found && typeof found === 'object' && typeof found.id === 'string' ? found : undefined;
}

/** Connections whose account differs from the one the state recorded (none recorded: no mismatch). */
export function accountMismatches(accounts: Record<string, BoundAccount> | undefined, reached: ReachedAccount[]): AccountMismatch[] {
  const out: AccountMismatch[] = [];
  for (const r of reached) {
    const recorded = recordedFor(accounts, r.connection);
    if (recorded && (recorded.app !== r.app || recorded.id !== r.identity.id)) out.push({ connection: r.connection, recorded, reached: r });
  }
  return out;
}

/** The accounts with those not yet recorded added (first apply, or a connection new to the project). */
export function withRecorded(accounts: Record<string, BoundAccount> | undefined, reached: ReachedAccount[], at: string): Record<string, BoundAccount> {
  const out: Record<string, BoundAccount> = Object.assign(Object.create(null), accounts);
  for (const r of reached) if (!recordedFor(out, r.connection)) out[r.connection] = { app: r.app, id: r.identity.id, label: r.identity.label, at };
  return out;
}

/** The refusal: every connection that moved, both accounts, and the two ways out. */
export function accountMismatchError(mismatches: AccountMismatch[], project: CompiledProject, statePath: string): CrmsyncError {
  const lines = mismatches.map((m) => {
    const source = project.connections[m.connection]?.source;
    const where = source ? ` (${source.file}:${source.line}:${source.col})` : '';
    return `connection \`${m.connection}\`${where} reaches ${m.reached.identity.label}, but the state was made with ${m.recorded.label} (recorded ${m.recorded.at})`;
  });
  const names = mismatches.map((m) => m.connection);
  return new CrmsyncError(
    'state-account-mismatch',
    `${lines.join('; ')}. The state ${statePath} links records of the recorded account${names.length > 1 ? 's' : ''}: nothing was read or written`,
    `if the connection points at the wrong account, fix its credentials or URL; if this project uses another state for that account, point settings.state at it; if the move is deliberate, record it with: ${names.map((n) => `crmsync state rebind ${n}`).join(' && ')}`,
  );
}
