/**
 * This browser's push subscription (see docs/notifications.md, "Web push"). The server keeps the
 * subscription as a WEB_PUSH contact method; this device remembers which one is its own, so the
 * settings screen can say whether push is on *here*.
 */
const METHOD_KEY = 'tocsin.push.method';
const PROMPT_KEY = 'tocsin.push.prompted';

export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

export class PushSetupError extends Error {
  constructor(readonly reason: 'unsupported' | 'denied' | 'no-worker' | 'subscribe') {
    super(reason);
  }
}

export function pushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** A phone or tablet: a coarse pointer on a narrow screen. */
export function isPhone(): boolean {
  return window.matchMedia('(pointer: coarse)').matches && window.matchMedia('(max-width: 900px)').matches;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const view = new Uint8Array(a);
  return view.every((x, i) => x === b[i]);
}

/** "Android · Chrome": how this device is listed among the contact methods. */
export function deviceLabel(ua = navigator.userAgent): string {
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\/|Chromium\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : '';
  return [os, browser].filter(Boolean).join(' · ') || 'Browser';
}

async function registration(): Promise<ServiceWorkerRegistration> {
  const ready = navigator.serviceWorker.ready;
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new PushSetupError('no-worker')), 10_000),
  );
  return Promise.race([ready, timeout]);
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported()) return null;
  const reg = await navigator.serviceWorker.getRegistration();
  return (await reg?.pushManager.getSubscription()) ?? null;
}

/** Whether push is on here: the browser has a subscription and the server lists its method. */
export async function pushState(methodIds: string[]): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const mine = localStorage.getItem(METHOD_KEY);
  const subscription = await currentSubscription().catch(() => null);
  return subscription && mine && methodIds.includes(mine) ? 'on' : 'off';
}

export interface SubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  deviceLabel: string;
}

/**
 * Asks for permission, subscribes with the server's VAPID key (replacing a subscription made with
 * another key, or one the server no longer knows), and hands it to `save`.
 */
export async function enablePush(publicKey: string, save: (input: SubscriptionInput) => Promise<string>) {
  if (!pushSupported()) throw new PushSetupError('unsupported');
  if ((await Notification.requestPermission()) !== 'granted') throw new PushSetupError('denied');
  const reg = await registration();
  const key = keyBytes(publicKey);
  let subscription = await reg.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  try {
    subscription ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  } catch {
    throw new PushSetupError('subscribe');
  }
  const json = subscription.toJSON();
  const methodId = await save({
    endpoint: subscription.endpoint,
    keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
    deviceLabel: deviceLabel(),
  });
  localStorage.setItem(METHOD_KEY, methodId);
  localStorage.setItem(PROMPT_KEY, 'done');
}

/** Removes this browser's subscription on the server, then in the browser. */
export async function disablePush(remove: (endpoint: string) => Promise<unknown>) {
  const subscription = await currentSubscription();
  if (subscription) {
    await remove(subscription.endpoint);
    await subscription.unsubscribe();
  }
  localStorage.removeItem(METHOD_KEY);
}

export const promptSeen = (): boolean => localStorage.getItem(PROMPT_KEY) !== null;
export const markPromptSeen = (): void => localStorage.setItem(PROMPT_KEY, 'dismissed');
