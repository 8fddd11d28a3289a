import { createECDH, createHash } from 'node:crypto';
import { isIP } from 'node:net';

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AccessPolicy, Action, Actor, RequestMeta } from '@tocsin/access';
import { AuditService } from '@tocsin/audit';
import { APP_CONFIG, AppConfig, AppException } from '@tocsin/core';

import { ContactMethodModel, WebPushSubscriptionInput } from './notification.model';
import { NotificationChannel } from './notification.enums';
import { ContactRow, toContact } from './notifications.service';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Refuses what a browser would never give: push services are named https hosts. A bare address,
 * `localhost` or a single-label name could only point the worker at our own network. Plain http
 * on loopback only where a setting allows it (local test peers; never in production).
 */
export function endpointProblem(endpoint: string, allowLoopbackHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'endpoint must be a URL';
  }
  if (url.username || url.password) return 'endpoint may not carry credentials';
  if (url.protocol === 'http:' && allowLoopbackHttp && LOOPBACK.has(url.hostname)) return null;
  if (url.protocol !== 'https:') return 'endpoint must be an https:// URL';
  const host = url.hostname;
  if (isIP(host.replace(/^\[|\]$/g, '')) || LOOPBACK.has(host) || !host.includes('.')) {
    return 'endpoint must name a push service, not an address on this network';
  }
  return null;
}

/** The keys must be a point on P-256 and a 16-byte secret, or nothing could ever be encrypted to them. */
export function keysProblem(p256dh: string, auth: string): string | null {
  const point = Buffer.from(p256dh, 'base64url');
  if (point.length !== 65 || point[0] !== 0x04) return 'keys.p256dh must be an uncompressed P-256 key';
  try {
    const probe = createECDH('prime256v1');
    probe.generateKeys();
    probe.computeSecret(point);
  } catch {
    return 'keys.p256dh is not a point on P-256';
  }
  if (Buffer.from(auth, 'base64url').length !== 16) return 'keys.auth must be 16 bytes';
  return null;
}

/**
 * Browsers' push subscriptions as WEB_PUSH contact methods. Subscribing needs a signed-in session
 * on that browser, which is what proves the device is the person's: the method is verified at
 * once. An endpoint belongs to one browser profile, so when someone else subscribes the same
 * browser it moves to them (a shared phone rings for whoever turned it on last).
 */
@Injectable()
export class WebPushService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** The VAPID public key browsers subscribe with (applicationServerKey); null while push is off. */
  publicKey(): string | null {
    return this.config.notifications.webPush?.publicKey ?? null;
  }

  private self(actor: Actor): string {
    if (
      actor.kind !== 'user' ||
      !AccessPolicy.can(actor, Action.ManageContactMethods, { userId: actor.id })
    ) {
      throw AppException.forbidden('People subscribe their own browsers');
    }
    return actor.id;
  }

  async subscribe(
    actor: Actor,
    meta: RequestMeta,
    input: WebPushSubscriptionInput,
  ): Promise<ContactMethodModel> {
    const userId = this.self(actor);
    const settings = this.config.notifications.webPush;
    if (!settings) {
      throw AppException.badInput('Web push is not configured on this installation', { field: 'endpoint' });
    }
    const problem = endpointProblem(input.endpoint, settings.allowLoopbackHttp);
    if (problem) throw AppException.badInput(problem, { field: 'endpoint' });
    const keys = { p256dh: input.keys.p256dh.replace(/=+$/, ''), auth: input.keys.auth.replace(/=+$/, '') };
    const keyProblem = keysProblem(keys.p256dh, keys.auth);
    if (keyProblem) throw AppException.badInput(keyProblem, { field: 'keys' });
    const host = new URL(input.endpoint).host;
    // The label people see, made unique per endpoint (two phones on the same push service).
    const suffix = createHash('sha256').update(input.endpoint).digest('hex').slice(0, 6);
    const address = `${input.deviceLabel || host} · ${suffix}`;
    return this.dataSource.transaction(async (em) => {
      const [existing] = await em.query<{ contact_method_id: string; user_id: string }[]>(
        `SELECT ws.contact_method_id, m.user_id FROM web_push_subscription ws
           JOIN contact_method m ON m.id = ws.contact_method_id
          WHERE ws.endpoint = $1 FOR UPDATE OF ws, m`,
        [input.endpoint],
      );
      if (existing && existing.user_id !== userId) {
        await em.query('DELETE FROM contact_method WHERE id = $1', [existing.contact_method_id]);
        await this.audit.append(em, {
          actor,
          action: 'contact_method.removed',
          entityType: 'contact_method',
          entityId: existing.contact_method_id,
          before: { userId: existing.user_id, channel: NotificationChannel.WEB_PUSH, endpointHost: host },
          after: { reason: 'the browser was subscribed by someone else', userId },
          meta,
        });
      }
      let row: ContactRow;
      if (existing && existing.user_id === userId) {
        [row] = await em.query<ContactRow[]>(
          // A CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
          `WITH u AS (UPDATE contact_method SET address = $2, verified_at = now(), failed_at = NULL,
                  failure_reason = NULL, updated_at = now() WHERE id = $1 RETURNING *)
           SELECT * FROM u`,
          [existing.contact_method_id, address],
        );
        await em.query(
          'UPDATE web_push_subscription SET p256dh = $2, auth = $3, updated_at = now() WHERE contact_method_id = $1',
          [row.id, keys.p256dh, keys.auth],
        );
      } else {
        [row] = await em.query<ContactRow[]>(
          `INSERT INTO contact_method (user_id, channel, address, verified_at) VALUES ($1, 'WEB_PUSH', $2, now())
           RETURNING *`,
          [userId, address],
        );
        await em.query(
          'INSERT INTO web_push_subscription (contact_method_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)',
          [row.id, input.endpoint, keys.p256dh, keys.auth],
        );
      }
      // The endpoint is a capability (anyone holding it can push to the device): only its host is audited.
      await this.audit.append(em, {
        actor,
        action: 'contact_method.web_push_subscribed',
        entityType: 'contact_method',
        entityId: row.id,
        after: {
          userId,
          channel: NotificationChannel.WEB_PUSH,
          address,
          endpointHost: host,
          renewed: Boolean(existing && existing.user_id === userId),
        },
        meta,
      });
      return toContact(row);
    });
  }

  /** Turns push off for one browser of yours (it knows its endpoint). False: there was none. */
  async unsubscribe(actor: Actor, meta: RequestMeta, endpoint: string): Promise<boolean> {
    const userId = this.self(actor);
    if (endpoint.length > 1024) throw AppException.badInput('endpoint is too long', { field: 'endpoint' });
    return this.dataSource.transaction(async (em) => {
      const [removed] = await em.query<{ id: string; address: string }[]>(
        `WITH d AS (DELETE FROM contact_method m USING web_push_subscription ws
                     WHERE ws.contact_method_id = m.id AND ws.endpoint = $1 AND m.user_id = $2
                     RETURNING m.id, m.address)
         SELECT * FROM d`,
        [endpoint, userId],
      );
      if (!removed) return false;
      await this.audit.append(em, {
        actor,
        action: 'contact_method.removed',
        entityType: 'contact_method',
        entityId: removed.id,
        before: { userId, channel: NotificationChannel.WEB_PUSH, address: removed.address },
        meta,
      });
      return true;
    });
  }
}
