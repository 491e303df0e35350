import { createHmac, timingSafeEqual } from 'node:crypto';

/** `t=<epoch ms>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the webhook signature header, as an ITSM verifies it. */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const digest = (secret: string, path: string, expires: number) => createHmac('sha256', secret).update(`${path}\n${expires}`).digest('base64url');

/** A time-limited link to one path: anyone holding it may GET that path until it expires, nothing else. */
export function signedUrl(secret: string, publicUrl: string, path: string, expires: number): string {
  return `${publicUrl}${path}?expires=${expires}&signature=${digest(secret, path, expires)}`;
}

export function verifySignedPath(secret: string, path: string, expires: unknown, signature: unknown, now: number): boolean {
  // Query values may be qs objects whose own toString throws; only a plain string is a candidate.
  const exp = typeof expires === 'string' ? Number(expires) : NaN;
  if (!Number.isInteger(exp) || exp <= now || typeof signature !== 'string') return false;
  const expected = Buffer.from(digest(secret, path, exp));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
