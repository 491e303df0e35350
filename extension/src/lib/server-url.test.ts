import { describe, expect, it } from 'vitest';
import { normalizeServerUrl, wsUrl } from './server-url.ts';

describe('server URLs', () => {
  it('normalizes what people type', () => {
    expect(normalizeServerUrl(' https://support.example.com/ ')).toBe('https://support.example.com');
    expect(normalizeServerUrl('http://127.0.0.1:8080/rs/')).toBe('http://127.0.0.1:8080/rs');
    expect(normalizeServerUrl('support.example.com')).toBeNull();
    expect(normalizeServerUrl('javascript:alert(1)')).toBeNull();
    expect(normalizeServerUrl('')).toBeNull();
  });

  it('maps http to ws and https to wss', () => {
    expect(wsUrl('http://127.0.0.1:8080', '/api/ws')).toBe('ws://127.0.0.1:8080/api/ws');
    expect(wsUrl('https://support.example.com', '/api/ws')).toBe('wss://support.example.com/api/ws');
  });
});
