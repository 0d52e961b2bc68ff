/**
 * Keeps a connection within its share of the org's daily API allowance (R33). The app reports
 * usage on every response (Sforce-Limit-Info, read by jsforce into conn.limitInfo); before each
 * call the connector checks that one more call stays within `maxDailyShare` of the limit, and
 * stops cleanly otherwise, so the sync resumes on a later run instead of starving the org.
 */
import type { LimitInfo } from 'jsforce';
import type { ConnectorError } from '../types.js';
import { fromCode, quotaError } from './errors.js';

export class DailyBudget {
  private refused: ConnectorError | undefined;

  constructor(private readonly share: number) {}

  /** The error to stop with when `calls` more calls (this one and those under way) would pass the share; undefined to go on. */
  check(info: LimitInfo, calls = 1): ConnectorError | undefined {
    if (this.refused) return this.refused;
    const usage = info.apiUsage;
    if (!usage) return undefined;
    const allowed = Math.floor(usage.limit * this.share);
    if (usage.used + calls <= allowed) return undefined;
    // Calls already under way (`calls` beyond this one) are used, though not reported yet.
    return quotaError(
      `Stopped before exceeding ${Math.round(this.share * 100)}% of the Salesforce daily API allowance (${usage.used + calls - 1}/${usage.limit} calls used, ${allowed} allowed for this connection)`,
    );
  }

  /** The app refused with REQUEST_LIMIT_EXCEEDED (TotalRequests): make no more calls this run. */
  refuse(message: string): void {
    this.refused = fromCode('REQUEST_LIMIT_EXCEEDED', message);
  }
}
