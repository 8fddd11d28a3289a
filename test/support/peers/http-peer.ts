import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a scripted peer does with one request. */
export type Behaviour = 'ok' | '500' | '429' | 'timeout' | 'permanent' | 'rate' | 'window' | 'token';

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  at: number;
}

/**
 * A small HTTP server on loopback that records every request and answers through a handler;
 * behaviours can be scripted per key (a chat id, a follower id) and are consumed in order.
 */
export class HttpPeer {
  readonly requests: RecordedRequest[] = [];
  private readonly scripts = new Map<string, Behaviour[]>();
  private readonly hanging = new Set<http.ServerResponse>();
  private server?: http.Server;
  latencyMs = 0;

  constructor(
    private readonly handle: (
      req: RecordedRequest,
      behaviour: Behaviour,
    ) => { status: number; body: unknown; headers?: Record<string, string> } | 'hang',
    private readonly keyOf: (req: RecordedRequest) => string | undefined,
  ) {}

  /** The next requests for this key behave like this, in order; then 'ok'. */
  script(key: string, ...behaviours: Behaviour[]): void {
    this.scripts.set(key, [...(this.scripts.get(key) ?? []), ...behaviours]);
  }

  /** Puts a behaviour back at the head of a key's script (the request did not get to use it). */
  unshift(key: string, behaviour: Behaviour): void {
    this.scripts.set(key, [behaviour, ...(this.scripts.get(key) ?? [])]);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const type = String(req.headers['content-type'] ?? '');
        const body: Record<string, unknown> = type.includes('application/json')
          ? raw
            ? (JSON.parse(raw) as Record<string, unknown>)
            : {}
          : Object.fromEntries(new URLSearchParams(raw));
        const recorded: RecordedRequest = { path: req.url ?? '', headers: req.headers, body, at: Date.now() };
        this.requests.push(recorded);
        const key = this.keyOf(recorded);
        const queue = key ? this.scripts.get(key) : undefined;
        const behaviour = queue?.shift() ?? 'ok';
        const answer = this.handle(recorded, behaviour);
        if (answer === 'hang') {
          this.hanging.add(res);
          return;
        }
        const send = () => {
          res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
          res.end(JSON.stringify(answer.body));
        };
        if (this.latencyMs) setTimeout(send, this.latencyMs);
        else send();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.requests.length = 0;
    this.scripts.clear();
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
