/**
 * What the core may know about an app: one entry per app in the registry (registry.ts). The config
 * phase, the planner and the pipeline ask an entry's capabilities, never the app's name, so a new
 * app is its folder plus one registry line.
 */
import type { AccountGates } from './shared/account-gate.js';
import type { DiagnosticCode, Severity } from '../config/diagnostics.js';
import type { CompiledConnection } from '../config/model.js';
import type { Catalogue, Connector } from './types.js';
import type { StandardFields } from './vocabulary.js';

export type SyncObject = 'contacts' | 'companies' | 'deals' | 'tasks' | 'custom';

export type MatchRole = 'email' | 'domain' | 'name' | 'secondaryEmails' | 'firstName' | 'lastName' | 'companyDomain';

/** A connection's settings as written in YAML (its shape is the app's own). */
export type ConnectionConfig = CompiledConnection['config'];

export interface OpenOptions {
  /** Folders the syncs read (R20): `all` when some sync asks for folder: all. */
  folder?: 'contacts' | 'all';
  /** Custom objects the syncs name (R7). */
  customObjects?: string[];
  /** Associations to read with records, by object (R27). */
  associations?: Record<string, string[]>;
  /** The field that keeps the create marker, by object (`marker_property`). */
  markers?: Record<string, string>;
  root: string;
  env: NodeJS.ProcessEnv;
  secrets: Record<string, string>;
  /** Told before each retry wait (a rate limit, a passing error), to report it. */
  onRetry?: (connection: string, attempt: number, waitMs: number, error: unknown) => void;
  /** Told when the client-side limiter held a call `ms` for the app's rate limit, to show it in progress. */
  onHeld?: (connection: string, ms: number) => void;
  /**
   * The run's gates by account: connections that reach the same account (same address and
   * credential) share its rate limiters and in-flight cap. Without it, each connection has its own.
   */
  gates?: AccountGates;
}

/** What the app can do, as the core asks it. Each flag cites the rule that needs it. */
export interface AppCapabilities {
  /** R21: records belong to lists an `in-list` filter can test. */
  lists: boolean;
  /** R20: contacts live in folders (`folder`, `starred` filters). */
  folders: boolean;
  /** R16: missing fields can be created (`create_missing_properties`, the marker property). */
  createFields: boolean;
  /** R23: an import of its contacts links by email only (email-first import). */
  emailFirstImport: boolean;
  /** Fields may be hidden per user (field-level security): mapped fields are re-checked live at plan time. */
  fieldSecurity: boolean;
  /** The built-in catalogue is the whole truth (no custom fields): an unknown field is an error offline. */
  completeCatalogue: boolean;
  /**
   * Where a created record keeps its idempotency marker: the app's own place (`built-in`), or a
   * field (`field`, by default `defaultField` when the app can create it, else only when named).
   */
  marker: { kind: 'built-in' } | { kind: 'field'; defaultField?: string };
  /** R7: the side it takes in a custom-object sync, which flows from source to target. */
  customObjects?: 'source' | 'target';
  /** R9: its timeline activity objects (they flow into the other app's tasks). */
  activities?: string[];
  /** R9: the task object that receives another app's activities, closed and typed on create. */
  activityTasks?: string;
  /** The sandbox takes `search_lag` (the emulator of a search index that lags behind writes). */
  sandboxSearchLag?: boolean;
}

/** Reports a problem at a path inside the connection (`['private_key']`), as the semantic rules do. */
export type ConnectionReport = (
  path: Array<string | number>,
  code: DiagnosticCode,
  message: string,
  hint?: string,
  options?: { key?: boolean; severity?: Severity },
) => void;

export interface AppEntry {
  /** How messages name the app (`HubSpot`). */
  label: string;
  /** R6: the app's own object names for each sync object it supports (the first is the default). */
  objects: Partial<Record<SyncObject, string[]>>;
  /** The built-in field catalogue of an object, for offline validation; not authoritative. */
  catalogue(object: string): Catalogue | undefined;
  /**
   * A catalogue kept beside the project (the local store's own file), read before any connection
   * is made; it is authoritative.
   */
  storedCatalogues?(root: string, name: string, config: ConnectionConfig): Promise<Record<string, Pick<Catalogue, 'fields'>> | undefined>;
  /** Field names that play each default matching role, per object (R25, R26). */
  matchRoles: Record<string, Partial<Record<MatchRole, string>>>;
  /**
   * R15: its part in recommended mappings, which HubSpot's integrations define between the hub and
   * each other app. A `hub` (HubSpot, and the local store, which names its fields as HubSpot does)
   * pairs its standard fields with any other app's by term, and every writable field with another
   * hub's field of the same name; two `app`s have no recommended mappings between them.
   */
  mappings: 'hub' | 'app';
  /**
   * R5, R15: its standard fields by object (its own object name), named by the shared vocabulary
   * (vocabulary.ts), in the order its recommended mappings list them.
   */
  standardFields?: Record<string, StandardFields>;
  capabilities: AppCapabilities;
  credentials: {
    /** The hint when a connection to the real app names no credentials; undefined when it needs none or has them. */
    missing(config: ConnectionConfig): string | undefined;
    /** Further checks of the credentials written, each reported at its key. */
    check?(config: ConnectionConfig, name: string, report: ConnectionReport): void;
    /** The commented lines `crmsync init` writes under a new connection. */
    template: string[];
    /** The connection key giving the app's address, which `crmsync init --left-url/--right-url` sets (a My Domain, an emulator). */
    url?: string;
  };
  /** Hints naming the app's conventions, for messages. */
  hints?: { customObject?: string; missingCustomObject?: string; hiddenField?: (object: string, field: string) => string };
  /** Opens a connector to the real app (or store) the connection names. */
  open(conn: CompiledConnection, options: OpenOptions): Promise<Connector>;
  /** Starts the app's emulator in-process (`sandbox: true`) and opens a connector to it; closing it stops the emulator. */
  sandbox?(conn: CompiledConnection, options: OpenOptions): Promise<Connector>;
  /** Runs the app's emulator as a server for `crmsync sandbox`, which starts every app that has one. */
  sandboxServer?: SandboxServer;
}

/** An app's emulator as a loopback server, reached through the real clients (`crmsync sandbox`). */
export interface SandboxServer {
  /** The default of its `--<app>-port` option. */
  port: number;
  start(options: SandboxServerOptions): Promise<RunningSandbox>;
}

export interface SandboxServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Where it keeps its data between runs (`crmsync sandbox --reset` removes it). */
  file: string;
  /** The folder of every app's data, for anything else it keeps (a login key). */
  dir: string;
  /** Demo contacts, when the data is fresh. */
  contacts: number;
}

export interface RunningSandbox {
  /** The connection's keys after `app:`, as YAML lines (`base_url: http://…`). */
  connection: string[];
  /** The environment variables those keys refer to, with their values. */
  env: Record<string, string>;
  /** Comment lines printed with the exports: other logins, the token's scopes. */
  notes: string[];
  close(): Promise<void>;
}

/** The apps a project may use, by the name its connections give in `app:`. */
export type Apps = Readonly<Record<string, AppEntry>>;

/** The entry for `app`, if the registry has one (own keys only: `constructor` is no app). */
export const entryOf = (apps: Apps, app: string | undefined): AppEntry | undefined => (app !== undefined && Object.hasOwn(apps, app) ? apps[app] : undefined);
