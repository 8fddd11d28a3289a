import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

import type { NotificationsConfig } from '../config/app-config';

/**
 * A plain (not pooled) SMTP transport over the notification settings, for the few mails sent
 * outside the notification channel: password reset links, audit checkpoints to the auditors.
 * Null when e-mail is not configured.
 */
export function smtpTransport(config: NotificationsConfig): Transporter | null {
  const email = config.email;
  if (!email) return null;
  return nodemailer.createTransport({
    host: email.host,
    port: email.port,
    secure: email.secure,
    requireTLS: email.requireTls,
    auth: email.user ? { user: email.user, pass: email.password } : undefined,
    tls: { rejectUnauthorized: email.rejectUnauthorized, minVersion: 'TLSv1.2' },
    connectionTimeout: 10_000,
    socketTimeout: config.sendTimeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}
