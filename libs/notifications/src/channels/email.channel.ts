import { Readable } from 'node:stream';

import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

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

interface SmtpError {
  code?: string;
  responseCode?: number;
  command?: string;
  timeoutType?: string;
  message?: string;
}

/** Timeouts that happen before anything of the message was sent. */
const BEFORE_SENDING = new Set(['CONNECTION_TIMEOUT', 'GREETING_TIMEOUT', 'DNS_TIMEOUT', 'TLS_TIMEOUT']);

/** Classifies a nodemailer error (see the FailureKind notes in channel.ts). */
export function classifySmtpError(error: SmtpError): DeliveryError {
  const rc = error.responseCode;
  const what = `SMTP ${error.command ?? ''} ${rc ?? error.code ?? ''}`.replace(/\s+/g, ' ').trim();
  if (rc && rc >= 500) {
    // 5xx to RCPT TO: this mailbox does not exist or refuses mail for good.
    return new DeliveryError(error.command === 'RCPT TO' ? 'permanent' : 'rejected', `${what}: refused`);
  }
  if (rc && rc >= 400) return new DeliveryError('retry', `${what}: temporary failure`);
  if (error.code === 'ETIMEDOUT') {
    return BEFORE_SENDING.has(error.timeoutType ?? '')
      ? new DeliveryError('retry', `${what}: no connection`)
      : new DeliveryError('unknown', `${what}: no answer after sending; the mail may have been delivered`);
  }
  if (error.code === 'EDNS' || error.code === 'ECONNECTION' || error.code === 'ESOCKET' || neverLeft(error)) {
    return new DeliveryError('retry', `${what}: connection failed`);
  }
  if (error.code === 'EAUTH' || error.code === 'ETLS' || error.code === 'EREQUIRETLS') {
    return new DeliveryError('rejected', `${what}: check the SMTP settings`);
  }
  return new DeliveryError('rejected', `${what}: ${error.message ?? 'failed'}`);
}

/**
 * The message body as nodemailer streams it into the DATA phase, held back until the hand-over
 * is recorded: nothing of the message is read (so nothing leaves) before the server accepted the
 * envelope and the DATA command, and before the database says "may have been sent".
 */
function gated(input: Readable, handOver: HandOver, lost: () => void): Readable {
  let opened = false;
  const output = new Readable({
    read() {
      if (opened) {
        input.resume();
        return;
      }
      opened = true;
      handOver().then(
        (ours) => {
          if (!ours) {
            lost();
            output.destroy(new ClaimLost());
            input.destroy();
            return;
          }
          input.on('data', (chunk: Buffer) => {
            if (!output.push(chunk)) input.pause();
          });
          input.on('end', () => output.push(null));
          input.on('error', (error) => output.destroy(error));
        },
        (error: unknown) => {
          output.destroy(error as Error);
          input.destroy();
        },
      );
    },
  });
  return output;
}

/** What sendMail carries for the stream plugin (not a nodemailer option). */
interface GatedMail {
  tocsinHandOver?: { handOver: HandOver; lost: () => void };
}

/**
 * Email over SMTP with nodemailer: a pooled connection, STARTTLS or implicit TLS as configured,
 * HTML and plain text, and one thread per incident (Message-ID / In-Reply-To / References).
 */
export class EmailChannel implements ChannelSender {
  readonly channel = NotificationChannel.EMAIL;
  readonly configured: boolean;
  private readonly transport?: Transporter;

  constructor(private readonly config: NotificationsConfig) {
    const email = config.email;
    this.configured = Boolean(email);
    if (!email) return;
    this.transport = nodemailer.createTransport({
      pool: true,
      host: email.host,
      port: email.port,
      secure: email.secure,
      requireTLS: email.requireTls,
      maxConnections: email.maxConnections,
      maxMessages: 500,
      auth: email.user ? { user: email.user, pass: email.password } : undefined,
      tls: { rejectUnauthorized: email.rejectUnauthorized, minVersion: 'TLSv1.2' },
      connectionTimeout: Math.min(config.sendTimeoutMs, 10_000),
      greetingTimeout: Math.min(config.sendTimeoutMs, 10_000),
      socketTimeout: config.sendTimeoutMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    this.transport.use('stream', (mail, done) => {
      const gate = (mail.data as GatedMail).tocsinHandOver;
      if (gate) mail.message.processFunc((input) => gated(input, gate.handOver, gate.lost));
      done();
    });
  }

  async send(message: OutboundMessage, handOver?: HandOver): Promise<SendResult> {
    if (!this.transport || !this.config.email) throw new DeliveryError('rejected', 'Email is not configured');
    let claimLost = false;
    const gate: GatedMail = handOver ? { tocsinHandOver: { handOver, lost: () => (claimLost = true) } } : {};
    try {
      const info = await this.transport.sendMail({
        ...gate,
        from: this.config.email.from,
        to: message.address,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.thread?.messageId,
        ...(message.thread
          ? { inReplyTo: message.thread.references, references: [message.thread.references] }
          : {}),
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Tocsin-Notification': message.notificationId },
      });
      return { providerMessageId: typeof info.messageId === 'string' ? info.messageId.slice(0, 200) : null };
    } catch (error) {
      if (claimLost) throw new ClaimLost();
      const failure = classifySmtpError(error as SmtpError);
      throw new DeliveryError(
        failure.kind,
        scrub(failure.message, [this.config.email.password]),
        failure.retryAfterMs,
      );
    }
  }

  async close(): Promise<void> {
    this.transport?.close();
  }
}
