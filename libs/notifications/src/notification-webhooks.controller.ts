import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Logger,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Redis from 'ioredis';

import { RequestInfo, RequestMeta } from '@tocsin/access';
import { APP_CONFIG, AppConfig, AppException, Clock, Public, REDIS_CLIENT } from '@tocsin/core';

import { sameSecret, zaloEventFresh, zaloSignatureValid } from './delivery-rules';
import { AckResult, MessageAckService, TokenCheck } from './message-ack.service';
import { escapeHtml } from './message-templates';
import { NotificationChannels } from './notification-channels';
import { NotificationChannel } from './notification.enums';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function answerText(result: AckResult): string {
  switch (result.outcome) {
    case 'acknowledged':
      return `Đã nhận xử lý ${result.code} / Acknowledged ${result.code}`;
    case 'verified':
      return 'Đã xác nhận kênh liên lạc / Contact method confirmed';
    case 'already':
      return `${result.code ?? ''} đã được nhận xử lý / already acknowledged`.trim();
    case 'not-allowed':
      return 'Bạn không thể nhận xử lý sự cố này / You may not acknowledge this incident';
  }
}

/** The reply to a link code, in both languages. */
const linkedText = (linked: { displayName: string } | null): string =>
  linked
    ? `Đã liên kết với ${linked.displayName} / Linked to ${linked.displayName}`
    : 'Mã không hợp lệ hoặc đã hết hạn / The code is invalid or expired';

function page(title: string, body: string, status = 200): { status: number; html: string } {
  return {
    status,
    html: `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(
      title,
    )}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
  };
}

function sendPage(reply: FastifyReply, out: { status: number; html: string }) {
  return reply
    .status(out.status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(out.html);
}

/** True the first time a provider's event id is seen in a day (providers redeliver without a 200). */
async function firstDelivery(redis: Redis, key: string): Promise<boolean> {
  return (await redis.set(key, '1', 'EX', 86_400, 'NX')) !== null;
}

/**
 * Email acknowledgement links and the web push "Acknowledge" action. GET only shows a confirmation
 * page (mail scanners follow links and must not acknowledge); the page's form POSTs back, and only
 * that acknowledges. The form is text/plain so it needs no form parser; the token in the path is
 * the credential. The service worker POSTs with `Accept: application/json` and gets
 * `{ outcome, code }` (or `{ outcome: 'refused', reason }`) with the same status codes.
 */
@Public()
@Controller('notifications/ack')
export class AckLinkController {
  constructor(private readonly acks: MessageAckService) {}

  private refusal(check: Exclude<TokenCheck, { ok: true }>): { status: number; html: string } {
    switch (check.reason) {
      case 'expired':
        return page('Liên kết đã hết hạn / Link expired', '<p>Mở sự cố trong Tocsin để nhận xử lý.</p>', 410);
      case 'used':
        return page(
          'Liên kết đã được dùng / Link already used',
          '<p>Mỗi liên kết chỉ dùng được một lần.</p>',
          409,
        );
      case 'invalid':
        return page('Liên kết không hợp lệ / Invalid link', '<p>Kiểm tra lại liên kết trong email.</p>', 400);
    }
  }

  @Get(':token')
  async confirmPage(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const check = await this.acks.checkToken(token);
    const out = check.ok
      ? page(
          check.code
            ? `Nhận xử lý ${check.code}? / Acknowledge ${check.code}?`
            : 'Xác nhận kênh liên lạc? / Confirm?',
          `<form method="post" enctype="text/plain"><input type="hidden" name="confirm" value="yes"><button type="submit">${
            check.code ? 'Nhận xử lý / Acknowledge' : 'Xác nhận / Confirm'
          }</button></form>`,
        )
      : this.refusal(check);
    await sendPage(reply, out);
  }

  @Post(':token')
  async confirm(
    @Param('token') token: string,
    @Headers('accept') accept: string | undefined,
    @RequestInfo() meta: RequestMeta,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await this.acks.confirmToken(token, meta);
    if (accept?.includes('application/json')) {
      const answer =
        'ok' in result
          ? {
              status: result.ok ? 500 : this.refusal(result).status,
              body: { outcome: 'refused', reason: result.ok ? 'error' : result.reason },
            }
          : {
              status: result.outcome === 'not-allowed' ? 403 : result.outcome === 'already' ? 409 : 200,
              body: { outcome: result.outcome, code: 'code' in result ? result.code : null },
            };
      await reply.status(answer.status).header('cache-control', 'no-store').send(answer.body);
      return;
    }
    const out =
      'ok' in result
        ? result.ok
          ? page('Lỗi / Error', '', 500)
          : this.refusal(result)
        : page(
            answerText(result),
            '',
            result.outcome === 'not-allowed' ? 403 : result.outcome === 'already' ? 409 : 200,
          );
    await sendPage(reply, out);
  }
}

interface TelegramUpdate {
  update_id?: number;
  message?: { chat?: { id?: number | string }; text?: string };
  callback_query?: {
    id?: string;
    data?: string;
    from?: { id?: number };
    message?: { chat?: { id?: number | string } };
  };
}

/**
 * Telegram's webhook: the secret-token header must match TELEGRAM_WEBHOOK_SECRET (constant-time),
 * otherwise 401 and nothing changes. Handles "Acknowledge"/"Confirm" button presses (answering
 * the callback) and `/start <code>` linking.
 */
@Public()
@Controller('webhooks/telegram')
export class TelegramWebhookController {
  private readonly logger = new Logger('TelegramWebhook');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly channels: NotificationChannels,
    private readonly acks: MessageAckService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  @Post()
  @HttpCode(200)
  async update(
    @Headers('x-telegram-bot-api-secret-token') secret: string | undefined,
    @Body() update: TelegramUpdate,
    @RequestInfo() meta: RequestMeta,
  ): Promise<{ ok: true }> {
    const telegram = this.config.notifications.telegram;
    if (!telegram) throw AppException.notFound('Telegram webhook (Telegram is not configured)');
    if (!sameSecret(secret, telegram.webhookSecret)) {
      throw AppException.unauthenticated('Wrong or missing X-Telegram-Bot-Api-Secret-Token');
    }
    if (!update || typeof update !== 'object' || typeof update.update_id !== 'number') {
      throw AppException.badInput('Not a Telegram update');
    }
    // Telegram redelivers when it gets no 200: handle each update once.
    if (!(await firstDelivery(this.redis, `${this.config.redis.prefix}:telegram-update:${update.update_id}`)))
      return { ok: true };
    if (update.callback_query) await this.button(update.callback_query, meta);
    else if (update.message?.text && update.message.chat?.id !== undefined) {
      await this.message(String(update.message.chat.id), update.message.text, meta);
    }
    return { ok: true };
  }

  private async button(
    query: NonNullable<TelegramUpdate['callback_query']>,
    meta: RequestMeta,
  ): Promise<void> {
    const match = /^([at]):(.+)$/.exec(query.data ?? '');
    const chatId = String(query.message?.chat?.id ?? query.from?.id ?? '');
    let text = 'Không hợp lệ / Not valid';
    if (match && UUID.test(match[2]) && query.id && chatId) {
      if (await this.acks.sentToTelegramChat(match[2], chatId)) {
        text = answerText(
          await this.acks.acknowledgeNotification(match[2], NotificationChannel.TELEGRAM, meta),
        );
      } else {
        text = 'Tin nhắn này không gửi cho bạn / This message was not sent to you';
      }
    }
    if (query.id)
      await this.channels.telegram.answerCallback(query.id, text).catch((e: unknown) => this.warn(e));
  }

  private async message(chatId: string, text: string, meta: RequestMeta): Promise<void> {
    const start = /^\/start(?:@\w+)?\s+(\d{6,10})\s*$/.exec(text.trim());
    if (!start) {
      if (/^\/start/.test(text.trim())) {
        await this.reply(
          chatId,
          'Gửi mã liên kết từ Tocsin: /start <mã> / Send the link code from Tocsin: /start <code>',
        );
      }
      return;
    }
    const linked = await this.acks.link(NotificationChannel.TELEGRAM, start[1], chatId, meta);
    await this.reply(chatId, linkedText(linked));
  }

  private async reply(chatId: string, text: string): Promise<void> {
    await this.channels.telegram.reply(chatId, text).catch((e: unknown) => this.warn(e));
  }

  private warn(error: unknown): void {
    this.logger.warn({ error: (error as Error)?.name }, 'Telegram reply failed');
  }
}

interface ZaloEvent {
  app_id?: string;
  event_name?: string;
  timestamp?: string | number;
  sender?: { id?: string };
  follower?: { id?: string };
  message?: { msg_id?: string; text?: string };
}

/**
 * Zalo OA's webhook: `X-ZEvent-Signature` must be Zalo's MAC over the raw body (see
 * zaloSignatureValid), otherwise 401 and nothing changes. Handles `LINK <code>`, `ACK <incident
 * code>` and `OK` (confirming a contact test). Any message from a follower reopens their
 * interaction window, so a Zalo method that failed for that reason works again.
 */
@Public()
@Controller('webhooks/zalo')
export class ZaloWebhookController {
  private readonly logger = new Logger('ZaloWebhook');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly channels: NotificationChannels,
    private readonly acks: MessageAckService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(200)
  async event(
    @Req() req: RawBodyRequest<FastifyRequest>,
    @Headers('x-zevent-signature') signature: string | undefined,
    @Body() event: ZaloEvent,
    @RequestInfo() meta: RequestMeta,
  ): Promise<{ ok: true }> {
    const zalo = this.config.notifications.zalo;
    if (!zalo) throw AppException.notFound('Zalo webhook (Zalo is not configured)');
    const raw = req.rawBody?.toString('utf8') ?? '';
    if (
      !event ||
      typeof event !== 'object' ||
      String(event.app_id ?? '') !== zalo.appId ||
      !zaloSignatureValid({
        header: signature,
        rawBody: raw,
        appId: zalo.appId,
        timestamp: String(event.timestamp ?? ''),
        oaSecretKey: zalo.oaSecretKey,
      })
    ) {
      throw AppException.unauthenticated('Wrong or missing X-ZEvent-Signature');
    }
    // After the signature (which covers the timestamp), before anything is read or remembered.
    if (!zaloEventFresh(event.timestamp, this.clock.now(), zalo.webhookMaxAgeSeconds)) {
      throw AppException.unauthenticated('The event is too old (or dated in the future) to be accepted', {
        reason: 'STALE_EVENT',
      });
    }
    const sender = event.sender?.id ?? event.follower?.id;
    if (!sender || !/^\d{1,30}$/.test(sender)) return { ok: true };
    const dedupe = event.message?.msg_id ?? `${event.event_name}:${sender}:${event.timestamp}`;
    if (!(await firstDelivery(this.redis, `${this.config.redis.prefix}:zalo-event:${dedupe}`)))
      return { ok: true };
    if (event.event_name === 'follow') {
      await this.reply(
        sender,
        'Gửi "LINK <mã>" với mã liên kết từ Tocsin / Send "LINK <code>" with your Tocsin link code',
      );
    } else if (event.event_name === 'user_send_text' && event.message?.text) {
      await this.text(sender, event.message.text, meta);
    }
    return { ok: true };
  }

  private async text(sender: string, text: string, meta: RequestMeta): Promise<void> {
    // The follower just wrote to the OA: its interaction window is open again.
    await this.acks.reopenZalo(sender);
    const link = /^\s*(?:link\s+)?(\d{6,10})\s*$/i.exec(text);
    if (link) {
      const linked = await this.acks.link(NotificationChannel.ZALO, link[1], sender, meta);
      await this.reply(sender, linkedText(linked));
      return;
    }
    const ack = /^\s*ack\s+([A-Z]{2,8}-\d{4}-\d{1,10})\s*$/i.exec(text);
    const ok = /^\s*ok\s*$/i.test(text);
    if (!ack && !ok) {
      await this.reply(
        sender,
        'Trả lời "ACK <mã sự cố>" để nhận xử lý / Reply "ACK <incident code>" to acknowledge',
      );
      return;
    }
    const notification = await this.acks.zaloTarget(sender, ack ? ack[1].toUpperCase() : null);
    if (!notification) {
      await this.reply(sender, 'Không tìm thấy tin nhắn để xác nhận / Nothing to acknowledge');
      return;
    }
    const result = await this.acks.acknowledgeNotification(notification, NotificationChannel.ZALO, meta);
    await this.reply(sender, answerText(result));
  }

  private async reply(userId: string, text: string): Promise<void> {
    await this.channels.zalo.client
      .sendText(userId, text)
      .catch((e: unknown) => this.logger.warn({ error: (e as Error)?.message }, 'Zalo reply failed'));
  }
}
