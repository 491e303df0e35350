import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CONSOLE_EXTENSION,
  CUSTOMER_EXTENSION,
  ERROR_CODES,
  LIVE_MESSAGE_MAX_CHARS,
  parseClientMessage,
  parseServerMessage,
} from './index.ts';

const idFromKey = (key: string) =>
  createHash('sha256')
    .update(Buffer.from(key, 'base64'))
    .digest('hex')
    .slice(0, 32)
    .replace(/./g, (c) => String.fromCharCode(97 + parseInt(c, 16)));

describe('extension identities', () => {
  it.each([CUSTOMER_EXTENSION, CONSOLE_EXTENSION])('$name id is derived from its key', (ext) => {
    expect(idFromKey(ext.key)).toBe(ext.id);
  });
});

describe('error codes', () => {
  it('are unique numbers', () => {
    const values = Object.values(ERROR_CODES);
    expect(new Set(values).size).toBe(values.length);
  });
});

describe('parseClientMessage', () => {
  it('accepts a hello and a chat request', () => {
    expect(parseClientMessage('{"type":"hello","v":1}')).toEqual({ ok: true, value: { type: 'hello', v: 1 } });
    const chat = parseClientMessage(JSON.stringify({ type: 'chat.send', id: 'r1', sessionId: 'abcdefgh12', text: '  hi  ' }));
    expect(chat).toEqual({ ok: true, value: { type: 'chat.send', id: 'r1', sessionId: 'abcdefgh12', text: 'hi' } });
  });

  it.each([
    ['not json', '{', 'bad_json'],
    ['an array', '[1]', 'bad_message'],
    ['null', 'null', 'bad_message'],
    ['no type', '{"v":1}', 'unknown_type'],
    ['an unknown type', '{"type":"launch.missiles"}', 'unknown_type'],
    ['a wrong field type', '{"type":"hello","v":"1"}', 'bad_message'],
    ['an empty chat', '{"type":"chat.send","id":"1","sessionId":"abcdefgh12","text":"   "}', 'bad_message'],
    ['a malformed session id', '{"type":"chat.send","id":"1","sessionId":"../etc","text":"x"}', 'bad_message'],
    ['an oversized frame', `{"type":"hello","v":1,"pad":"${'x'.repeat(LIVE_MESSAGE_MAX_CHARS)}"}`, 'too_large'],
  ])('rejects %s with a typed error', (_what, text, code) => {
    const result = parseClientMessage(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('strips control characters from chat text', () => {
    const r = parseClientMessage(JSON.stringify({ type: 'chat.send', id: '1', sessionId: 'abcdefgh12', text: 'a\u0000b\nc' }));
    expect(r.ok && r.value.type === 'chat.send' && r.value.text).toBe('ab\nc');
  });
});

describe('parseServerMessage', () => {
  it('reads a typed error', () => {
    const r = parseServerMessage('{"type":"error","id":null,"code":"too_large","message":"big"}');
    expect(r).toEqual({ ok: true, value: { type: 'error', id: null, code: 'too_large', message: 'big' } });
  });
});
