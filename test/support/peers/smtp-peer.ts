import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  at: number;
}

/** Decodes RFC 2047 words (=?UTF-8?B?..?= / =?UTF-8?Q?..?=) in a header. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQbq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

function parts(raw: string): { headers: Record<string, string>; body: string }[] {
  const split = raw.indexOf('\r\n\r\n');
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split + 4);
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (!boundary) return [{ headers, body }];
  return body
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((p) => parts(p.replace(/^\r\n/, '')));
}

/**
 * A real SMTP server (the smtp-server package) on loopback that keeps every mail it accepts.
 * `refuse` answers 550 to RCPT TO for an address; `hangOnData` never answers the end of DATA for
 * an address (the client times out after sending); `tempFail` answers 451 once.
 */
export class SmtpPeer {
  readonly mails: ReceivedMail[] = [];
  readonly refuse = new Set<string>();
  readonly hangOnData = new Set<string>();
  readonly tempFail = new Map<string, number>();
  private server?: SMTPServer;
  latencyMs = 0;

  /** Listens on `port` (0: any free one; a restart passes the old one, like a server coming back). */
  async start(port = 0): Promise<number> {
    this.server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 10 * 1024 * 1024,
      onRcptTo: (address, _session, callback) => {
        if (this.refuse.has(address.address)) {
          const error = new Error('5.1.1 User unknown') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          if (to.some((a) => this.hangOnData.has(a))) {
            this.record(to, Buffer.concat(chunks).toString('utf8'));
            return; // never answers: the client's socket times out after the mail left
          }
          const temp = to.find((a) => (this.tempFail.get(a) ?? 0) > 0);
          if (temp) {
            this.tempFail.set(temp, this.tempFail.get(temp)! - 1);
            const error = new Error('4.3.0 Try again later') as Error & { responseCode: number };
            error.responseCode = 451;
            callback(error);
            return;
          }
          this.record(to, Buffer.concat(chunks).toString('utf8'));
          if (this.latencyMs) setTimeout(() => callback(), this.latencyMs);
          else callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', () => resolve()));
    return (this.server.server.address() as AddressInfo).port;
  }

  private record(to: string[], raw: string): void {
    const all = parts(raw);
    const top = parseHeaders(raw.slice(0, raw.indexOf('\r\n\r\n')));
    const find = (type: string) => all.find((p) => (p.headers['content-type'] ?? '').startsWith(type));
    const text = find('text/plain');
    const html = find('text/html');
    this.mails.push({
      to,
      raw,
      headers: top,
      subject: decodeWords(top.subject ?? ''),
      text: text ? decodeBody(text.body, text.headers['content-transfer-encoding']) : '',
      html: html ? decodeBody(html.body, html.headers['content-transfer-encoding']) : '',
      at: Date.now(),
    });
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
