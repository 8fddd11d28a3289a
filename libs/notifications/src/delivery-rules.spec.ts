import { createHash } from 'node:crypto';

import { classifySmtpError } from './channels/email.channel';
import { classifyTelegramError } from './channels/telegram.channel';
import { classifyZaloError, ZaloApiError } from './channels/zalo.client';
import {
  ackKey,
  backoffMs,
  quietUntil,
  signAckToken,
  verifyAckToken,
  zaloEventFresh,
  zaloSignatureValid,
} from './delivery-rules';
import { detailFor } from './message-templates';
import { NotificationChannel } from './notification.enums';

describe('delivery rules', () => {
  it('backs off exponentially, with jitter between half and all of the step, capped at an hour', () => {
    expect(backoffMs(1, 1000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, () => 1)).toBe(1000);
    expect(backoffMs(4, 1000, () => 1)).toBe(8000);
    expect(backoffMs(40, 1000, () => 1)).toBe(3_600_000);
  });

  it('finds quiet hours in the person’s time zone, across midnight', () => {
    // 23:30 in Hanoi = 16:30 UTC.
    const at = new Date('2026-11-25T16:30:00Z');
    expect(quietUntil(at, 'Asia/Ho_Chi_Minh', '22:00', '06:00')?.toISOString()).toBe(
      '2026-11-25T23:00:00.000Z',
    );
    expect(quietUntil(at, 'Asia/Ho_Chi_Minh', '08:00', '17:00')).toBeNull();
    expect(quietUntil(at, 'Asia/Ho_Chi_Minh', '22:00', '22:00')).toBeNull();
    expect(quietUntil(at, 'Asia/Ho_Chi_Minh', null, null)).toBeNull();
  });

  it('signs ack tokens that cannot be altered and expire', () => {
    const key = ackKey('a'.repeat(40));
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const now = new Date('2026-11-25T00:00:00Z');
    const token = signAckToken(key, id, new Date(now.getTime() + 60_000));
    expect(verifyAckToken(key, token, now)).toEqual({ ok: true, id });
    expect(verifyAckToken(key, token, new Date(now.getTime() + 61_000))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifyAckToken(ackKey('b'.repeat(40)), token, now)).toEqual({ ok: false, reason: 'invalid' });
    const [a, , c] = token.split('.');
    expect(verifyAckToken(key, `${a}.zzzzzz.${c}`, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyAckToken(key, 'garbage', now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('checks Zalo’s MAC over app id, raw body, timestamp and OA secret', () => {
    const body = '{"event_name":"user_send_text"}';
    const mac = createHash('sha256').update(`42${body}1700secret-key`).digest('hex');
    const input = { rawBody: body, appId: '42', timestamp: '1700', oaSecretKey: 'secret-key' };
    expect(zaloSignatureValid({ ...input, header: `mac=${mac}` })).toBe(true);
    expect(zaloSignatureValid({ ...input, header: mac })).toBe(true);
    expect(zaloSignatureValid({ ...input, header: `mac=${mac}`, rawBody: `${body} ` })).toBe(false);
    expect(zaloSignatureValid({ ...input, header: undefined })).toBe(false);
  });

  it('accepts a Zalo event only within the allowed age of now, either way', () => {
    const now = new Date('2026-12-01T08:00:00Z');
    const at = (offsetMs: number) => String(now.getTime() + offsetMs);
    expect(zaloEventFresh(at(-299_000), now, 300)).toBe(true);
    expect(zaloEventFresh(now.getTime() + 299_000, now, 300)).toBe(true);
    expect(zaloEventFresh(at(-301_000), now, 300)).toBe(false);
    expect(zaloEventFresh(at(301_000), now, 300)).toBe(false);
    expect(zaloEventFresh(String(Date.parse('2023-05-01T08:00:00Z')), now, 300)).toBe(false);
    for (const junk of [undefined, '', 'abc', '0', -5, {}])
      expect(zaloEventFresh(junk, now, 300)).toBe(false);
  });

  it('never lets TLP:RED or AMBER+STRICT content into chat services; email follows clearance', () => {
    expect(detailFor(NotificationChannel.TELEGRAM, 'RED', true)).toBe('minimal');
    expect(detailFor(NotificationChannel.ZALO, 'AMBER_STRICT', true)).toBe('minimal');
    expect(detailFor(NotificationChannel.ZALO, 'AMBER', true)).toBe('full');
    expect(detailFor(NotificationChannel.EMAIL, 'RED', true)).toBe('full');
    expect(detailFor(NotificationChannel.EMAIL, 'RED', false)).toBe('minimal');
  });

  it('classifies provider errors: retry, permanent, rejected, unknown', () => {
    expect(classifySmtpError({ responseCode: 550, command: 'RCPT TO' }).kind).toBe('permanent');
    expect(classifySmtpError({ responseCode: 451, command: 'DATA' }).kind).toBe('retry');
    expect(classifySmtpError({ code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT' }).kind).toBe('unknown');
    expect(classifySmtpError({ code: 'ETIMEDOUT', timeoutType: 'CONNECTION_TIMEOUT' }).kind).toBe('retry');
    expect(classifyZaloError(new ZaloApiError(-32, 'limit')).kind).toBe('retry');
    expect(classifyZaloError(new ZaloApiError(-211, 'quota')).kind).toBe('retry');
    expect(classifyZaloError(new ZaloApiError(-230, 'window')).kind).toBe('permanent');
    expect(classifyZaloError(new ZaloApiError(-232, 'window')).kind).toBe('permanent');
    expect(classifyZaloError(new ZaloApiError(-201, 'bad param')).kind).toBe('rejected');
    expect(classifyZaloError(Object.assign(new Error('t'), { name: 'TimeoutError' })).kind).toBe('unknown');
    expect(classifyTelegramError(new Error('x')).kind).toBe('rejected');
  });
});
