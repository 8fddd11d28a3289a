import { Api, NetworkError, TelegramApiError, TimeoutError } from 'node-telegram-bot-api';

import type { NotificationsConfig } from '@tocsin/core';

import { NotificationChannel } from '../notification.enums';
import {
  ChannelSender,
  ClaimLost,
  DeliveryError,
  HandOver,
  neverLeft,
  OutboundMessage,
  scrub,
  SendResult,
} from './channel';
import { gatedFetch, handOverContext } from './gated-fetch';

/** Descriptions Telegram gives when a chat can never be reached by this bot. */
const UNREACHABLE =
  /bot was blocked|user is deactivated|chat not found|bot was kicked|not enough rights|PEER_ID_INVALID|have no rights|bot can't initiate/i;

/** Classifies a node-telegram-bot-api error (see the FailureKind notes in channel.ts). */
export function classifyTelegramError(error: unknown): DeliveryError {
  if (error instanceof TelegramApiError) {
    const what = `Telegram ${error.errorCode}: ${error.description}`.slice(0, 300);
    if (error.errorCode === 429) {
      return new DeliveryError('retry', what, Math.max(1, error.retryAfter ?? 1) * 1000);
    }
    if (error.errorCode >= 500) return new DeliveryError('retry', what);
    if (error.errorCode === 403 || UNREACHABLE.test(error.description))
      return new DeliveryError('permanent', what);
    return new DeliveryError('rejected', what);
  }
  if (error instanceof TimeoutError) {
    return new DeliveryError(
      'unknown',
      'Telegram: no answer in time after sending; the message may have been delivered',
    );
  }
  if (error instanceof NetworkError) {
    // With retries off, a 5xx without an error body also arrives as a NetworkError.
    if (/Server error \d+/.test(error.message) || neverLeft(error)) {
      return new DeliveryError('retry', `Telegram: ${error.message}`);
    }
    return new DeliveryError(
      'unknown',
      'Telegram: connection lost after sending; the message may have been delivered',
    );
  }
  return new DeliveryError('rejected', `Telegram: ${(error as Error)?.message ?? 'failed'}`);
}

/** A URL Telegram accepts on a button (it refuses localhost and bare addresses). */
function buttonUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host.includes('.') && !/^(localhost|127\.|\d+\.\d+\.\d+\.\d+$)/.test(host);
  } catch {
    return false;
  }
}

/**
 * Telegram through node-telegram-bot-api v2's `Api` (its API origin comes from configuration, so
 * tests point it at a local peer). The library's own retries are off: BullMQ retries with our
 * back-off, and a time-out is never retried blindly.
 */
export class TelegramChannel implements ChannelSender {
  readonly channel = NotificationChannel.TELEGRAM;
  readonly configured: boolean;
  readonly api?: Api;

  constructor(private readonly config: NotificationsConfig) {
    const telegram = config.telegram;
    this.configured = Boolean(telegram);
    if (!telegram) return;
    this.api = new Api(telegram.botToken, {
      apiRoot: telegram.apiUrl,
      maxRetries: 0,
      timeoutMs: config.sendTimeoutMs,
      // The message body leaves only once the hand-over is recorded (gated-fetch.ts).
      fetch: (input, init) => gatedFetch(input, init),
    });
  }

  async send(message: OutboundMessage, handOver?: HandOver): Promise<SendResult> {
    if (!this.api) throw new DeliveryError('rejected', 'Telegram is not configured');
    const row: { text: string; callback_data?: string; url?: string }[] = [];
    if (message.buttons.ack)
      row.push({ text: message.buttons.ack.label, callback_data: message.buttons.ack.data });
    if (message.buttons.open && buttonUrl(message.buttons.open.url)) {
      row.push({ text: message.buttons.open.label, url: message.buttons.open.url });
    }
    try {
      const api = this.api;
      const sent = await handOverContext.run(handOver ?? (async () => true), () =>
        api.sendMessage({
          chat_id: message.address,
          text: message.text,
          link_preview_options: { is_disabled: true },
          ...(row.length ? { reply_markup: { inline_keyboard: [row] } } : {}),
        }),
      );
      return { providerMessageId: `${message.address}/${sent.message_id}` };
    } catch (error) {
      if (error instanceof ClaimLost) throw error;
      const failure = classifyTelegramError(error);
      throw new DeliveryError(
        failure.kind,
        scrub(failure.message, [this.config.telegram?.botToken]),
        failure.retryAfterMs,
      );
    }
  }

  /** Answers a button press (the spinner on the user's button stops). */
  async answerCallback(callbackQueryId: string, text: string): Promise<void> {
    await this.api?.answerCallbackQuery({ callback_query_id: callbackQueryId, text: text.slice(0, 200) });
  }

  /** A plain reply in a chat (link confirmations, errors). */
  async reply(chatId: string, text: string): Promise<void> {
    await this.api?.sendMessage({ chat_id: chatId, text });
  }
}
