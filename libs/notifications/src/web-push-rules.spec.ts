import { createECDH } from 'node:crypto';

import { classifyPushStatus, retryAfterMs } from './channels/web-push.channel';
import { detailFor } from './message-templates';
import { NotificationChannel } from './notification.enums';
import { endpointProblem, keysProblem } from './web-push.service';

describe('web push rules', () => {
  it('keeps TLP:RED and AMBER+STRICT content off push, as off chat', () => {
    expect(detailFor(NotificationChannel.WEB_PUSH, 'RED', true)).toBe('minimal');
    expect(detailFor(NotificationChannel.WEB_PUSH, 'AMBER_STRICT', true)).toBe('minimal');
    expect(detailFor(NotificationChannel.WEB_PUSH, 'AMBER', true)).toBe('full');
    expect(detailFor(NotificationChannel.WEB_PUSH, 'GREEN', false)).toBe('minimal');
  });

  it('classifies push service answers', () => {
    expect(classifyPushStatus(410).kind).toBe('permanent');
    expect(classifyPushStatus(404).kind).toBe('permanent');
    const limited = classifyPushStatus(429, 2000);
    expect([limited.kind, limited.retryAfterMs, limited.waitScope]).toEqual(['retry', 2000, 'address']);
    expect(classifyPushStatus(503).kind).toBe('retry');
    expect(classifyPushStatus(413).kind).toBe('rejected');
    expect(classifyPushStatus(403).kind).toBe('rejected');
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('0')).toBe(1000);
    expect(retryAfterMs(new Date(10_000 + 5000).toUTCString(), 10_000)).toBe(5000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('accepts named https push services only, loopback http where allowed', () => {
    expect(endpointProblem('https://fcm.googleapis.com/fcm/send/abc', false)).toBeNull();
    expect(endpointProblem('https://web.push.apple.com/QH', false)).toBeNull();
    expect(endpointProblem('http://fcm.googleapis.com/fcm/send/abc', true)).toMatch(/https/);
    expect(endpointProblem('http://127.0.0.1:9000/push/x', false)).toMatch(/https/);
    expect(endpointProblem('http://127.0.0.1:9000/push/x', true)).toBeNull();
    expect(endpointProblem('https://192.168.1.1/x', false)).toMatch(/push service/);
    expect(endpointProblem('https://[::1]/x', false)).toMatch(/push service/);
    expect(endpointProblem('https://intranet/x', false)).toMatch(/push service/);
    expect(endpointProblem('https://u:p@push.example.com/x', false)).toMatch(/credentials/);
    expect(endpointProblem('nothing', false)).toMatch(/URL/);
  });

  it('accepts only a P-256 point and a 16-byte secret', () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const key = ecdh.getPublicKey();
    const auth = Buffer.alloc(16, 7).toString('base64url');
    expect(keysProblem(key.toString('base64url'), auth)).toBeNull();
    expect(keysProblem(ecdh.getPublicKey(undefined, 'compressed').toString('base64url'), auth)).toMatch(
      /uncompressed/,
    );
    const off = Buffer.from(key);
    off[64] ^= 1;
    expect(keysProblem(off.toString('base64url'), auth)).toMatch(/not a point/);
    expect(keysProblem(key.toString('base64url'), Buffer.alloc(12).toString('base64url'))).toMatch(
      /16 bytes/,
    );
  });
});
