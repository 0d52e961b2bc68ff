/**
 * One Salesforce connection: the jsforce Connection (access token, OAuth 2.0 client credentials or
 * JWT bearer, OAuth username-password, or SOAP login against production or sandbox, R4; see
 * auth.ts), and the single path every HTTP call takes: daily-budget check (R33), client-side
 * limiter, retry with our own policy, call counting.
 */
import type { Connection, HttpRequest } from 'jsforce';
import { AccountGate } from '../shared/account-gate.js';
import type { LimiterOptions, RollingLimiter } from '../shared/limiter.js';
import { Pacing } from '../shared/pacing.js';
import { backoffMs, CALL_TIMEOUT_MS, DEFAULT_RETRY, sleep, withRetry, withTimeout, type RetryHooks, type RetryPolicy } from '../shared/retry.js';
import { ConnectorFailure, type CallStats } from '../types.js';
import { DailyBudget } from './budget.js';
import { isRetryable, QuotaStop, toConnectorError } from './errors.js';
import { clockOffset } from './app-clock.js';
import { authFlow, connectionFor, soapLoginAvailable, soapRetirementWarning, type Credentials } from './auth.js';
import { DEFAULT_API_VERSION, DEFAULT_LIMITER, DEFAULT_MAX_DAILY_SHARE, MAX_IN_FLIGHT } from './limits.js';

export interface SessionOptions extends Credentials {
  /** The connection's name in the sync files (R1). */
  name: string;
  /** Where warnings go (SOAP login() retirement); default standard error. */
  onWarning?: (message: string) => void;
  /** REST API version, default '59.0'. */
  version?: string;
  limiter?: LimiterOptions;
  retry?: RetryPolicy;
  /** How long one call may take (default 60 s). */
  timeoutMs?: number;
  /** Observes retry waits (reported by the CLI). */
  retryHooks?: RetryHooks;
  /** Stop cleanly before spending more than this share of the daily API allowance (R33); default 0.8. */
  maxDailyShare?: number;
  /** The org's gate, shared with the run's other connections to the same org (default: one of its own). */
  gate?: AccountGate;
}

/**
 * jsforce retries GET/DELETE on 429/5xx itself, sleeping 0.5–8 s between five attempts; switch
 * that off per request so retries follow the injectable policy (and tests stay fast).
 */
const NO_CLIENT_RETRY = { retry: { maxRetries: 0 } };

export class SalesforceSession {
  readonly stats: CallStats = { calls: 0, byKind: {} };
  /** Time the limiter held calls back (connector stats() adds it). */
  readonly pacing: Pacing;
  private readonly gate: AccountGate;
  private readonly limiter: RollingLimiter;
  private readonly budget: DailyBudget;
  private readonly retry: RetryPolicy;
  private connecting: Promise<Connection> | undefined;
  /** Metered calls let through whose answer (and so the usage it reports) has not come yet. */
  private unreported = 0;

  /** The connection's name, for errors. */
  readonly name: string;

  constructor(private readonly options: SessionOptions) {
    this.name = options.name;
    this.gate = options.gate ?? new AccountGate(MAX_IN_FLIGHT);
    this.limiter = this.gate.limiter('requests', options.limiter ?? DEFAULT_LIMITER);
    this.pacing = new Pacing(options.retryHooks);
    this.budget = new DailyBudget(options.maxDailyShare ?? DEFAULT_MAX_DAILY_SHARE);
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** The logged-in connection; a failed login throws ConnectorFailure and is tried again next time. */
  connection(): Promise<Connection> {
    this.connecting ??= this.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  private async connect(): Promise<Connection> {
    const { name } = this.options;
    const version = this.options.version ?? DEFAULT_API_VERSION;
    const flow = authFlow(this.options);
    if (flow === 'none') {
      throw new ConnectorFailure(
        {
          code: 'MISSING_CREDENTIALS',
          category: 'authentication',
          retryable: false,
          message: `Salesforce connection '${name}' has no credentials`,
          hint: 'Give client_id with client_secret (client credentials) or with private_key and username (JWT bearer), or access_token with instance_url.',
        },
        name,
      );
    }
    if (flow === 'soap') {
      if (!soapLoginAvailable(version)) {
        throw new ConnectorFailure(
          {
            code: 'SOAP_LOGIN_UNAVAILABLE',
            category: 'authentication',
            retryable: false,
            message: `Salesforce connection '${name}' uses API ${version}, which has no SOAP login(); a username and password alone cannot log in`,
            hint: "Use the OAuth 2.0 client credentials or JWT bearer flow (client_id with client_secret, or with private_key and username); SOAP login() retires for every version in Summer '27.",
          },
          name,
        );
      }
      (this.options.onWarning ?? ((m) => process.stderr.write(`warning: ${m}\n`)))(soapRetirementWarning(name, version));
    }
    const { conn, login } = connectionFor(flow, this.options, version);
    // An existing session needs no login call (and none is counted).
    if (flow === 'token') return conn;
    try {
      await this.attempt('login', login, true, false);
    } catch (error) {
      throw new ConnectorFailure(toConnectorError(error), name);
    }
    return conn;
  }

  /** How far the org's clock is ahead of ours (from the Date of its answers), once connected. */
  async clockOffset(): Promise<number | undefined> {
    return clockOffset((await this.connection()).instanceUrl);
  }

  /** Waits before sending again what the app refused for a passing reason (a locked row), by the retry policy. */
  pause(attempt: number): Promise<void> {
    return sleep(backoffMs(this.retry, attempt, undefined, Math.random));
  }

  /** How many times in all a record refused for a passing reason is sent. */
  get attempts(): number {
    return this.retry.attempts;
  }

  /** Runs one API call through budget, limiter and retry; throws QuotaStop when the budget says stop. */
  async call<T>(kind: string, fn: (conn: Connection) => Promise<T>, idempotent: boolean): Promise<T> {
    const conn = await this.connection();
    return this.attempt(kind, () => fn(conn), idempotent, true);
  }

  /** A raw REST request (GET query pages, describe, collection deletes) without jsforce's own retries. */
  request<T>(kind: string, request: HttpRequest, idempotent: boolean): Promise<T> {
    return this.call(kind, (conn) => conn.request<T>(request, NO_CLIENT_RETRY) as Promise<T>, idempotent);
  }

  private attempt<T>(kind: string, fn: () => Promise<T>, idempotent: boolean, metered: boolean): Promise<T> {
    return withRetry(
      () =>
        this.gate.slot(async () => {
          let reserved = false;
          if (metered && this.connecting) {
            const info = (await this.connecting).limitInfo;
            // Calls already let through are not in the last reported usage yet: count them too.
            const stop = this.budget.check(info, this.unreported + 1);
            if (stop) throw new QuotaStop(stop);
            this.unreported++;
            reserved = true;
          }
          await this.pacing.take(this.limiter);
          this.stats.calls++;
          this.stats.byKind[kind] = (this.stats.byKind[kind] ?? 0) + 1;
          try {
            const out = await withTimeout(fn(), this.options.timeoutMs ?? CALL_TIMEOUT_MS, 'Salesforce');
            // jsforce hands over the text of a JSON body it could not parse: an answer cut short.
            // (The REST API answers JSON or nothing.)
            if (typeof out === 'string' && out.length > 0)
              throw new SyntaxError(`Salesforce's answer to ${kind} was cut short (${out.length} characters of JSON that does not parse)`);
            return out;
          } catch (error) {
            const e = toConnectorError(error);
            if (e.code === 'REQUEST_LIMIT_EXCEEDED' && e.category === 'quota') this.budget.refuse(e.message);
            throw error;
          } finally {
            if (reserved) this.unreported--;
          }
        }),
      (error) => (error instanceof QuotaStop ? { retry: false } : { retry: isRetryable(toConnectorError(error), idempotent) }),
      this.retry,
      this.options.retryHooks,
    );
  }
}
