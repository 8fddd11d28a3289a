import { NotificationChannel, NotificationEvent } from './notification.enums';

export type Locale = 'vi' | 'en';
/** Leadership gets a short summary; responders an actionable message. */
export type Audience = 'leader' | 'responder';
/** How much of the incident a message may carry (see detailFor). */
export type Detail = 'full' | 'minimal';

export interface IncidentFacts {
  code: string;
  title: string;
  description: string;
  severity: string;
  tlp: string;
  status: string;
  agencyName?: string | null;
  /** Only those the recipient may see (already filtered). */
  observables: { type: string; value: string }[];
}

export interface MessageInput {
  event: NotificationEvent;
  payload: Record<string, unknown>;
  locale: Locale;
  audience: Audience;
  detail: Detail;
  openUrl: string;
  /** Email: the signed confirmation link; chat: shown as an instruction or a button. */
  ackUrl?: string;
  /** Zalo: the reply that acknowledges. */
  ackReply?: string;
  canAck: boolean;
}

/** TLP levels whose content never goes through third-party chat services. */
const CHAT_RESTRICTED = new Set(['RED', 'AMBER_STRICT']);

/**
 * What may leave the system about an incident, by channel:
 * - Telegram and Zalo are third-party services: TLP:RED and TLP:AMBER+STRICT messages carry only
 *   the code, the severity and a link; other TLPs may carry the title, never observables;
 * - web push follows the same rule: the payload is encrypted to the browser, but the text lands on
 *   a lock screen (and Apple's and Google's services decide when it is shown);
 * - email follows the recipient's clearance: full content only to someone who may see the
 *   incident in Tocsin itself (the same visibility rule as the app).
 */
export function detailFor(channel: NotificationChannel, tlp: string, recipientMaySee: boolean): Detail {
  if (!recipientMaySee) return 'minimal';
  if (channel === NotificationChannel.EMAIL || channel === NotificationChannel.IN_APP) return 'full';
  return CHAT_RESTRICTED.has(tlp) ? 'minimal' : 'full';
}

const SEVERITY: Record<Locale, Record<string, string>> = {
  vi: { LOW: 'Thấp', MEDIUM: 'Trung bình', HIGH: 'Cao', CRITICAL: 'Nghiêm trọng' },
  en: { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', CRITICAL: 'Critical' },
};

const HEADLINE: Record<Locale, Record<NotificationEvent, string>> = {
  vi: {
    [NotificationEvent.ESCALATION_STEP]: 'Sự cố cần người nhận xử lý',
    [NotificationEvent.MANUAL_ESCALATION]: 'Sự cố được chuyển cấp',
    [NotificationEvent.SLA_WARNING]: 'Sự cố sắp quá hạn xử lý',
    [NotificationEvent.SLA_BREACH]: 'Sự cố đã quá hạn xử lý',
    [NotificationEvent.CONTACT_TEST]: 'Tin nhắn thử của Tocsin',
    [NotificationEvent.RECIPIENT_UNREACHED]: 'Không liên lạc được người được giao',
  },
  en: {
    [NotificationEvent.ESCALATION_STEP]: 'Incident needs a responder',
    [NotificationEvent.MANUAL_ESCALATION]: 'Incident escalated',
    [NotificationEvent.SLA_WARNING]: 'Incident SLA deadline approaching',
    [NotificationEvent.SLA_BREACH]: 'Incident SLA deadline missed',
    [NotificationEvent.CONTACT_TEST]: 'Tocsin test message',
    [NotificationEvent.RECIPIENT_UNREACHED]: 'A person paged could not be reached',
  },
};

const WORDS = {
  vi: {
    severity: 'Mức độ',
    status: 'Trạng thái',
    agency: 'Đơn vị',
    observables: 'Dấu hiệu (IOC)',
    open: 'Mở',
    ack: 'Nhận xử lý',
    ackEmail: 'Nhận xử lý sự cố',
    reason: 'Lý do',
    level: 'Cấp',
    due: 'Hạn',
    unreached: 'Không liên lạc được',
    restricted: 'Nội dung được hạn chế theo TLP; xem chi tiết trong Tocsin.',
    replyAck: (reply: string) => `Trả lời "${reply}" để nhận xử lý.`,
    summary: 'Báo cáo tóm tắt',
    testBody:
      'Đây là tin nhắn thử để xác nhận kênh liên lạc của bạn. Hãy xác nhận để đánh dấu kênh này đã sẵn sàng.',
    testConfirm: 'Xác nhận',
    footer: 'Tin nhắn tự động từ Tocsin, hệ thống điều phối ứng cứu sự cố.',
    acknowledged: 'Đã nhận xử lý',
    ackFailed: 'Chưa nhận xử lý được; hãy mở Tocsin.',
  },
  en: {
    severity: 'Severity',
    status: 'Status',
    agency: 'Agency',
    observables: 'Observables',
    open: 'Open',
    ack: 'Acknowledge',
    ackEmail: 'Acknowledge the incident',
    reason: 'Reason',
    level: 'Level',
    due: 'Due',
    unreached: 'Not reached',
    restricted: 'Content restricted by TLP; see the details in Tocsin.',
    replyAck: (reply: string) => `Reply "${reply}" to acknowledge.`,
    summary: 'Summary',
    testBody: 'This is a test message to check your contact method. Confirm it to mark this method ready.',
    testConfirm: 'Confirm',
    footer: 'Automatic message from Tocsin, the incident response coordination service.',
    acknowledged: 'Acknowledged',
    ackFailed: 'Could not acknowledge; open Tocsin.',
  },
};

export const labels = (locale: Locale) => WORDS[locale];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function extras(input: MessageInput): string[] {
  const w = WORDS[input.locale];
  const lines: string[] = [];
  const p = input.payload;
  if (typeof p.level === 'number') lines.push(`${w.level}: ${p.level}`);
  if (typeof p.reason === 'string' && input.detail === 'full')
    lines.push(`${w.reason}: ${clip(p.reason, 300)}`);
  if (typeof p.dueAt === 'string') lines.push(`${w.due}: ${p.dueAt}`);
  if (typeof p.unreached === 'string' && p.unreached) lines.push(`${w.unreached}: ${clip(p.unreached, 120)}`);
  return lines;
}

/** Email: subject with the incident code, plain text and HTML. */
export function renderEmail(
  incident: IncidentFacts,
  input: MessageInput,
): { subject: string; text: string; html: string } {
  const w = WORDS[input.locale];
  const headline = HEADLINE[input.locale][input.event];
  const sev = SEVERITY[input.locale][incident.severity] ?? incident.severity;
  const full = input.detail === 'full';
  const subject = full
    ? `[${incident.code}] ${headline}: ${clip(incident.title, 120)}`
    : `[${incident.code}] ${headline} (${sev})`;
  const facts = [
    `${w.severity}: ${sev}`,
    `${w.status}: ${incident.status}`,
    `TLP: ${incident.tlp.replace('_', '+')}`,
  ];
  if (full && incident.agencyName) facts.push(`${w.agency}: ${incident.agencyName}`);
  const body: string[] = [`${headline} — ${incident.code}`];
  if (full) body.push('', incident.title);
  body.push('', ...facts, ...extras(input));
  if (full && input.audience === 'responder') body.push('', clip(incident.description, 2000));
  if (full && input.audience === 'responder' && incident.observables.length) {
    body.push(
      '',
      `${w.observables}:`,
      ...incident.observables.slice(0, 20).map((o) => `- ${o.type}: ${o.value}`),
    );
  }
  if (!full) body.push('', w.restricted);
  body.push('', `${w.open}: ${input.openUrl}`);
  if (input.canAck && input.ackUrl) body.push(`${w.ackEmail}: ${input.ackUrl}`);
  body.push('', w.footer);
  const html = [
    `<!doctype html><html lang="${input.locale}"><body style="font-family:sans-serif">`,
    `<h2>${escapeHtml(headline)} — ${escapeHtml(incident.code)}</h2>`,
    full ? `<p><strong>${escapeHtml(incident.title)}</strong></p>` : '',
    `<ul>${[...facts, ...extras(input)].map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`,
    full && input.audience === 'responder' ? `<p>${escapeHtml(clip(incident.description, 2000))}</p>` : '',
    full && input.audience === 'responder' && incident.observables.length
      ? `<p>${escapeHtml(w.observables)}:</p><ul>${incident.observables
          .slice(0, 20)
          .map((o) => `<li>${escapeHtml(o.type)}: <code>${escapeHtml(o.value)}</code></li>`)
          .join('')}</ul>`
      : '',
    full ? '' : `<p><em>${escapeHtml(w.restricted)}</em></p>`,
    `<p><a href="${escapeHtml(input.openUrl)}">${escapeHtml(w.open)}</a>`,
    input.canAck && input.ackUrl
      ? ` · <a href="${escapeHtml(input.ackUrl)}">${escapeHtml(w.ackEmail)}</a>`
      : '',
    `</p><p style="color:#666">${escapeHtml(w.footer)}</p></body></html>`,
  ].join('');
  return { subject, text: body.join('\n'), html };
}

/** Telegram and Zalo: short plain text (no markup to escape, nothing a chat client could misread). */
export function renderChat(incident: IncidentFacts, input: MessageInput): string {
  const w = WORDS[input.locale];
  const headline = HEADLINE[input.locale][input.event];
  const sev = SEVERITY[input.locale][incident.severity] ?? incident.severity;
  const lines = [
    `${input.audience === 'leader' ? `${w.summary}: ` : ''}${headline}`,
    `${incident.code} · ${w.severity}: ${sev}`,
  ];
  if (input.detail === 'full') {
    lines.push(clip(incident.title, 200));
    if (input.audience === 'responder') lines.push(`${w.status}: ${incident.status}`);
  }
  lines.push(...extras({ ...input, detail: 'minimal' }));
  lines.push(input.openUrl);
  if (input.canAck && input.ackReply) lines.push(w.replyAck(input.ackReply));
  return lines.join('\n');
}

/**
 * Web push: a title and a short body for the phone's notification. The title is the code and the
 * event; the body the severity, then (when the TLP allows) the title and status, then the extras.
 */
export function renderPush(incident: IncidentFacts, input: MessageInput): { title: string; body: string } {
  const w = WORDS[input.locale];
  const headline = HEADLINE[input.locale][input.event];
  const sev = SEVERITY[input.locale][incident.severity] ?? incident.severity;
  const lines = [`${w.severity}: ${sev}`];
  if (input.detail === 'full') {
    lines.push(clip(incident.title, 200));
    if (input.audience === 'responder') lines.push(`${w.status}: ${incident.status}`);
  }
  lines.push(...extras({ ...input, detail: 'minimal' }));
  return {
    title: `${incident.code} · ${input.audience === 'leader' ? `${w.summary}: ` : ''}${headline}`,
    body: lines.join('\n'),
  };
}

/** A contact test (no incident). */
export function renderTest(
  locale: Locale,
  confirmUrl?: string,
  reply?: string,
): { subject: string; text: string; html: string } {
  const w = WORDS[locale];
  const headline = HEADLINE[locale][NotificationEvent.CONTACT_TEST];
  const text = [headline, '', w.testBody];
  if (confirmUrl) text.push('', `${w.testConfirm}: ${confirmUrl}`);
  if (reply) text.push('', w.replyAck(reply));
  return {
    subject: `[Tocsin] ${headline}`,
    text: text.join('\n'),
    html: `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif"><h2>${escapeHtml(headline)}</h2><p>${escapeHtml(
      w.testBody,
    )}</p>${confirmUrl ? `<p><a href="${escapeHtml(confirmUrl)}">${escapeHtml(w.testConfirm)}</a></p>` : ''}</body></html>`,
  };
}
