/** Users and session ids of the emulated org: who may log in and which bearer tokens are valid. */
import { randomBytes } from 'node:crypto';
import type { EmulatorUser } from './options.js';

export const DEFAULT_USER: EmulatorUser = { username: 'admin@crmsync.example.com', password: 'password1', securityToken: 'TOKEN123' };
/** The connected app an org has unless told otherwise (id shaped like a consumer key). */
export const DEFAULT_CONNECTED_APP = { clientId: '3MVG9crmsync.emulator.consumer.key', clientSecret: 'emulator-consumer-secret' };

export class Sessions {
  private readonly tokens = new Set<string>();

  constructor(
    private readonly orgId: string,
    readonly users: EmulatorUser[],
    staticToken: string,
  ) {
    this.tokens.add(staticToken);
  }

  /** The user whose password (optionally followed by the security token) matches. */
  authenticate(username: string, password: string): EmulatorUser | undefined {
    return this.users.find(
      (u) =>
        u.username.toLowerCase() === username.toLowerCase() && (password === u.password || (!!u.securityToken && password === u.password + u.securityToken)),
    );
  }

  /** A new session id shaped like the app's (`00D…!AQ…`). */
  open(): string {
    const token = `${this.orgId.slice(0, 15)}!AQ${randomBytes(24).toString('base64url')}`;
    this.tokens.add(token);
    return token;
  }

  close(token: string): void {
    this.tokens.delete(token);
  }

  /** Invalidates every session (as when an admin revokes them), including the static token. */
  expireAll(): void {
    this.tokens.clear();
  }

  /** The bearer token of a request, when it is a live session. */
  check(authorization: string | string[] | undefined): string | undefined {
    const value = Array.isArray(authorization) ? authorization[0] : authorization;
    const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(value ?? '');
    return m && this.tokens.has(m[1]!) ? m[1] : undefined;
  }
}
