/**
 * The plumbing every emulator shares: a loopback HTTP server, body parsing, JSON answers,
 * per-route call counting, and fault injection (429s, 5xx, latency, dropped connections) at a
 * set rate, so the engine's handling of each can be tested against the real clients.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultKind = 'rate-limit' | 'server-error' | 'latency' | 'drop';

export interface FaultOptions {
  /** Share of eligible requests that get a fault, 0..1. */
  rate: number;
  kinds: FaultKind[];
  /** Only requests whose method is listed get faults (jsforce and gaxios never retry POST/PATCH). */
  methods?: string[];
  latencyMs?: number;
  /** With `latency`: each delay is drawn evenly between latencyMs and this (a latent app's spread). */
  latencyMaxMs?: number;
  /** Deterministic fault choice for repeatable tests. */
  seed?: number;
  /**
   * When the fault strikes (default `before`): `before` the app does anything; `after` the app has
   * processed and committed the request, and then its answer is lost (a 5xx in its place, or the
   * connection dropped), as a proxy or a network can do to a real API; `either` picks one per fault.
   * Latency and 429s always strike before: an app refuses for its rate limit up front.
   */
  when?: 'before' | 'after' | 'either';
}

export interface EmulatorRequest {
  method: string;
  url: URL;
  path: string;
  headers: IncomingMessage['headers'];
  rawBody: string;
  /** Parsed JSON body, or undefined when there is none / it is not JSON. */
  body: unknown;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is a string. */
  body?: unknown;
}

export type Handler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

/** What the app answers for an injected fault; each emulator speaks its own error format. */
export interface FaultResponses {
  rateLimit(): EmulatorResponse;
  serverError(): EmulatorResponse;
}

export interface HttpEmulator {
  url: string;
  port: number;
  server: Server;
  /** Requests served, by `METHOD /route-name`, and in total (injected faults included). */
  calls: { total: number; byRoute: Record<string, number>; faults: number; faultsBefore: number; faultsAfter: number };
  setFaults(faults: FaultOptions | null): void;
  close(): Promise<void>;
}

/** A small deterministic PRNG (mulberry32), so seeded data and faults repeat exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function send(res: ServerResponse, out: EmulatorResponse): void {
  const headers: Record<string, string> = { ...out.headers };
  let payload = '';
  if (out.body !== undefined) {
    payload = typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
    headers['content-type'] ??= 'application/json;charset=utf-8';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(out.status, headers);
  res.end(payload);
}

export async function startHttpEmulator(options: {
  port?: number;
  handler: Handler;
  /** Names a request for the call counters (`search contacts`); defaults to method + path. */
  routeName?: (req: EmulatorRequest) => string;
  faults?: FaultOptions | null;
  faultResponses: FaultResponses;
}): Promise<HttpEmulator> {
  let faults = options.faults ?? null;
  let random = prng(faults?.seed ?? 1);
  const calls = { total: 0, byRoute: {} as Record<string, number>, faults: 0, faultsBefore: 0, faultsAfter: 0 };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: unknown;
      if (rawBody) {
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = undefined;
        }
      }
      const request: EmulatorRequest = { method: req.method ?? 'GET', url, path: url.pathname, headers: req.headers, rawBody, body };
      const route = options.routeName?.(request) ?? `${request.method} ${request.path}`;
      calls.total++;
      calls.byRoute[route] = (calls.byRoute[route] ?? 0) + 1;

      let after: FaultKind | undefined;
      if (faults && faults.rate > 0 && (!faults.methods || faults.methods.includes(request.method))) {
        if (random() < faults.rate) {
          calls.faults++;
          const kind = faults.kinds[Math.floor(random() * faults.kinds.length)]!;
          const when = faults.when === 'either' ? (random() < 0.5 ? 'before' : 'after') : (faults.when ?? 'before');
          if (when === 'after' && (kind === 'server-error' || kind === 'drop')) after = kind;
          else {
            calls.faultsBefore++;
            if (kind === 'drop') {
              req.socket.destroy();
              return;
            }
            if (kind === 'latency') {
              const least = faults.latencyMs ?? 200;
              const most = Math.max(least, faults.latencyMaxMs ?? least);
              await new Promise((r) => setTimeout(r, least + random() * (most - least)));
            } else return send(res, kind === 'rate-limit' ? options.faultResponses.rateLimit() : options.faultResponses.serverError());
          }
        }
      }
      let out: EmulatorResponse;
      try {
        out = await options.handler(request);
      } catch (error) {
        out = { status: 500, body: { message: `emulator error: ${(error as Error).message}` } };
      }
      // The app has done the work; only its answer is lost.
      if (after) {
        calls.faultsAfter++;
        if (after === 'drop') return void req.socket.destroy();
        return send(res, options.faultResponses.serverError());
      }
      send(res, out);
    });
  });
  // Keep-alive sockets would hold close() open; the clients reconnect as needed.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    calls,
    setFaults(next) {
      faults = next;
      random = prng(next?.seed ?? 1);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
