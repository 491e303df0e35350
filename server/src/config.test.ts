import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { allowedOrigins, isAllowedOrigin } from './http/origins.ts';

describe('loadConfig', () => {
  it('has embedded defaults', () => {
    const c = loadConfig({});
    expect([c.port, c.host, c.publicUrl, c.adminUsername, c.adminPassword]).toEqual([8080, '127.0.0.1', 'http://localhost:8080', 'admin', null]);
    expect(loadConfig({ PORT: '0' }).publicUrl).toBeNull();
    expect(c.databaseFile).toMatch(/data\/remote-support\.sqlite$/);
  });

  it('reads the environment and rejects nonsense clearly', () => {
    const c = loadConfig({ PORT: '9000', PUBLIC_URL: 'https://help.example.com/', ALLOWED_ORIGINS: 'https://a.example, https://b.example' });
    expect([c.port, c.publicUrl, c.extraOrigins]).toEqual([9000, 'https://help.example.com', ['https://a.example', 'https://b.example']]);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be an integer/);
    expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ ICE_SERVERS: '{}' })).toThrow(/ICE_SERVERS/);
  });

  it('bounds file transfers at 100 MiB unless FILE_MAX_BYTES says otherwise', () => {
    expect(loadConfig({}).fileMaxBytes).toBe(100 * 1024 * 1024);
    expect(loadConfig({}).fileRelayDir).toMatch(/data\/transfers$/);
    expect(loadConfig({ FILE_MAX_BYTES: '5000' }).fileMaxBytes).toBe(5000);
    expect(() => loadConfig({ FILE_MAX_BYTES: '0' })).toThrow(/FILE_MAX_BYTES must be an integer >= 1/);
  });

  it('picks PostgreSQL only for a PostgreSQL DATABASE_URL', () => {
    expect([loadConfig({}).databaseUrl, loadConfig({}).databasePoolSize]).toEqual([null, 10]);
    expect(loadConfig({ DATABASE_URL: 'postgres://rs:pw@db:5432/rs' }).databaseUrl).toBe('postgres://rs:pw@db:5432/rs');
    expect(loadConfig({ DATABASE_URL: 'postgresql:///rs?host=/run/postgresql', DATABASE_POOL_SIZE: '4' })).toMatchObject({ databasePoolSize: 4 });
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/rs' })).toThrow(/DATABASE_URL must be a PostgreSQL URL/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });
});

describe('allowed origins', () => {
  const allowed = allowedOrigins('https://help.example.com', [], 'http://127.0.0.1:8080');
  it('allow the extensions and the server itself, nothing else', () => {
    expect(isAllowedOrigin(allowed, 'https://help.example.com')).toBe(true);
    expect(isAllowedOrigin(allowed, 'http://127.0.0.1:8080')).toBe(true);
    expect([...allowed].filter((o) => o.startsWith('chrome-extension://'))).toHaveLength(2);
    expect(isAllowedOrigin(allowed, 'null')).toBe(false);
    expect(isAllowedOrigin(allowed, undefined)).toBe(false);
    expect(isAllowedOrigin(allowed, 'https://help.example.com.evil.example')).toBe(false);
  });
});
