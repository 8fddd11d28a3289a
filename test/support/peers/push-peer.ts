import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  ECDH,
  hkdfSync,
  randomBytes,
  randomUUID,
  verify,
} from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the push service does with the next message for a subscription. */
export type PushBehaviour = '201' | '404' | '410' | '429' | '500' | 'slow';

/** A browser's subscription as the test made it: what the browser would send to Tocsin, and its private half. */
export interface PeerSubscription {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** The browser's private key and secret: only the peer (the "phone") can decrypt. */
  ecdh: ECDH;
  authSecret: Buffer;
}

export interface PushedMessage {
  subscriptionId: string;
  headers: http.IncomingHttpHeaders;
  /** The VAPID JWT's claims, after its signature was checked against `k`. */
  vapid: { aud: string; exp: number; sub: string; publicKey: string };
  /** The decrypted payload, parsed (what the service worker gets from event.data.json()). */
  payload: Record<string, unknown>;
  status: number;
  at: number;
}

const b64url = (b: Buffer): string => b.toString('base64url');

/**
 * RFC 8291 (aes128gcm, one record): header salt(16) | rs(4) | idlen(1) | keyid = the sender's
 * ephemeral public key; the CEK and nonce derived from the ECDH secret and the auth secret.
 */
export function decryptAes128gcm(body: Buffer, ecdh: ECDH, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  const senderPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  if (idlen !== 65) throw new Error(`keyid must be a 65-byte P-256 key, got ${idlen}`);
  if (ciphertext.length > rs) throw new Error('more than one record');
  const shared = ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  // Padding: the last record ends with 0x02 followed by zeros.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('missing last-record delimiter');
  return padded.subarray(0, end);
}

/** RFC 8292: `vapid t=<JWT>, k=<public key>`; the ES256 signature verified with k. Throws when wrong. */
export function verifyVapid(header: string | undefined): PushedMessage['vapid'] {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header ?? '');
  if (!match) throw new Error(`not a VAPID Authorization header: ${header}`);
  const [jwt, k] = [match[1], match[2]];
  const [h, p, s] = jwt.split('.');
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 key');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)) },
    format: 'jwk',
  });
  const header0 = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
  if (header0.alg !== 'ES256') throw new Error(`alg ${header0.alg}`);
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  if (!ok) throw new Error('VAPID signature does not verify');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
  return { ...claims, publicKey: k };
}

/**
 * A push service on loopback (RFC 8030): `POST /push/<id>` with TTL, Urgency and a VAPID
 * Authorization, the body encrypted to the subscription's keys. It checks the headers and the JWT
 * signature, decrypts the message as the phone would, records it, and answers as scripted per
 * subscription: 201 with a Location, 404/410 (gone), 429 with Retry-After, 500, or slow.
 */
export class PushPeer {
  readonly messages: PushedMessage[] = [];
  /** Requests that failed the protocol checks, with why (a test asserts there are none). */
  readonly refused: { path: string; reason: string }[] = [];
  private readonly subscriptions = new Map<string, PeerSubscription>();
  private readonly scripts = new Map<string, PushBehaviour[]>();
  private server?: http.Server;
  private origin = '';
  /** How long a 'slow' answer takes. */
  slowMs = 3_000;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks), res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  /** A new subscription, as `pushManager.subscribe()` would make in a browser. */
  subscribe(): PeerSubscription {
    const id = randomUUID();
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const authSecret = randomBytes(16);
    const subscription = {
      id,
      endpoint: `${this.origin}/push/${id}`,
      keys: { p256dh: b64url(ecdh.getPublicKey()), auth: b64url(authSecret) },
      ecdh,
      authSecret,
    };
    this.subscriptions.set(id, subscription);
    return subscription;
  }

  /** The next messages for this subscription get these answers, in order; then 201. */
  script(subscription: PeerSubscription, ...behaviours: PushBehaviour[]): void {
    this.scripts.set(subscription.id, [...(this.scripts.get(subscription.id) ?? []), ...behaviours]);
  }

  /** Messages the service accepted (201) for a subscription. */
  delivered(subscription: PeerSubscription): PushedMessage[] {
    return this.messages.filter((m) => m.subscriptionId === subscription.id && m.status === 201);
  }

  received(subscription: PeerSubscription): PushedMessage[] {
    return this.messages.filter((m) => m.subscriptionId === subscription.id);
  }

  private handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    const refuse = (status: number, reason: string) => {
      this.refused.push({ path: req.url ?? '', reason });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
    };
    const id = /^\/push\/([0-9a-f-]{36})$/.exec(req.url ?? '')?.[1];
    const subscription = id ? this.subscriptions.get(id) : undefined;
    if (req.method !== 'POST' || !subscription) return refuse(404, 'no such subscription');
    const ttl = String(req.headers.ttl ?? '');
    if (!/^\d+$/.test(ttl)) return refuse(400, 'TTL header missing or not a number');
    const urgency = req.headers.urgency;
    if (urgency !== undefined && !['very-low', 'low', 'normal', 'high'].includes(String(urgency)))
      return refuse(400, `bad Urgency ${String(urgency)}`);
    let vapid: PushedMessage['vapid'];
    try {
      vapid = verifyVapid(req.headers.authorization);
    } catch (error) {
      return refuse(401, (error as Error).message);
    }
    if (vapid.aud !== this.origin) return refuse(403, `JWT aud ${vapid.aud} is not ${this.origin}`);
    const now = Date.now() / 1000;
    if (!(vapid.exp > now && vapid.exp <= now + 24 * 3600)) return refuse(403, 'JWT exp not within 24 h');
    if (!/^(mailto:|https:\/\/)/.test(vapid.sub)) return refuse(403, `JWT sub ${vapid.sub}`);
    if (req.headers['content-encoding'] !== 'aes128gcm')
      return refuse(415, 'Content-Encoding must be aes128gcm');
    if (body.length > 4096) return refuse(413, 'payload too large');
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(
        decryptAes128gcm(body, subscription.ecdh, subscription.authSecret).toString('utf8'),
      ) as Record<string, unknown>;
    } catch (error) {
      return refuse(400, `cannot decrypt: ${(error as Error).message}`);
    }
    const behaviour = this.scripts.get(subscription.id)?.shift() ?? '201';
    const status = behaviour === 'slow' ? 201 : Number(behaviour);
    this.messages.push({
      subscriptionId: subscription.id,
      headers: req.headers,
      vapid,
      payload,
      status,
      at: Date.now(),
    });
    const answer = () => {
      if (res.destroyed) return;
      if (status === 201) {
        res.writeHead(201, { location: `${this.origin}/message/${randomUUID()}` }).end();
      } else {
        res.writeHead(status, status === 429 ? { 'retry-after': '1' } : {}).end();
      }
    };
    if (behaviour === 'slow') setTimeout(answer, this.slowMs);
    else answer();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
