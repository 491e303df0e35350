import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { ConfigError } from './env.ts';
import { DEV_EXTENSION_IDENTITY, extensionIdentity } from '@rs/protocol';
import { allowedOrigins, isAllowedOrigin, originPolicy } from './http/origins.ts';

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
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT="eighty" is not accepted: expected an integer from 0 to 65535.');
    expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ ICE_SERVERS: '{}' })).toThrow(/ICE_SERVERS/);
  });

  it('bounds file transfers at 100 MiB unless FILE_MAX_BYTES says otherwise', () => {
    expect(loadConfig({}).fileMaxBytes).toBe(100 * 1024 * 1024);
    expect(loadConfig({}).fileRelayDir).toMatch(/data\/transfers$/);
    expect(loadConfig({ FILE_MAX_BYTES: '5000' }).fileMaxBytes).toBe(5000);
    expect(() => loadConfig({ FILE_MAX_BYTES: '0' })).toThrow('FILE_MAX_BYTES="0" is not accepted: expected an integer of at least 1.');
  });

  it('picks PostgreSQL only for a PostgreSQL DATABASE_URL', () => {
    expect([loadConfig({}).databaseUrl, loadConfig({}).databasePoolSize]).toEqual([null, 10]);
    expect(loadConfig({ DATABASE_URL: 'postgres://rs:pw@db:5432/rs' }).databaseUrl).toBe('postgres://rs:pw@db:5432/rs');
    expect(loadConfig({ DATABASE_URL: 'postgresql:///rs?host=/run/postgresql', DATABASE_POOL_SIZE: '4' })).toMatchObject({ databasePoolSize: 4 });
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/rs' })).toThrow(/^DATABASE_URL="mysql:\/\/db\/rs" is not accepted: expected a PostgreSQL URL/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });
});

describe('allowed origins', () => {
  const allowed = allowedOrigins('https://help.example.com', [], 'http://127.0.0.1:8080', DEV_EXTENSION_IDENTITY);
  it('allow the extensions and the server itself, nothing else', () => {
    expect(isAllowedOrigin(allowed, 'https://help.example.com')).toBe(true);
    expect(isAllowedOrigin(allowed, 'http://127.0.0.1:8080')).toBe(true);
    expect([...allowed].filter((o) => o.startsWith('chrome-extension://'))).toHaveLength(2);
    expect(isAllowedOrigin(allowed, 'null')).toBe(false);
    expect(isAllowedOrigin(allowed, undefined)).toBe(false);
    expect(isAllowedOrigin(allowed, 'https://help.example.com.evil.example')).toBe(false);
  });
});

describe('extension ids from settings', () => {
  const store = { CUSTOMER_EXTENSION_IDS: `${'c'.repeat(32)},${'e'.repeat(32)}`, CONSOLE_EXTENSION_IDS: 'k'.repeat(32) };
  it('replace the development ids in the allow-list, each exactly', () => {
    const allowed = allowedOrigins('https://help.example.com', [], 'http://127.0.0.1:8080', loadConfig(store).extensions);
    expect([...allowed].filter((o) => o.startsWith('chrome-extension://')).sort()).toEqual([`chrome-extension://${'c'.repeat(32)}`, `chrome-extension://${'e'.repeat(32)}`, `chrome-extension://${'k'.repeat(32)}`]);
    expect(loadConfig(store).customerExtensionUrl).toBe(`https://chromewebstore.google.com/detail/${'c'.repeat(32)}`);
  });
  it('a malformed id is one sentence naming the variable, its value and what is expected', () => {
    expect(() => loadConfig({ CUSTOMER_EXTENSION_IDS: 'abc' })).toThrow('CUSTOMER_EXTENSION_IDS="abc" is not valid: expected comma-separated Chromium extension ids of 32 letters a-p ("abc" is not one).');
    expect(() => loadConfig({ CUSTOMER_GECKO_ID: 'no at sign' })).toThrow(/^CUSTOMER_GECKO_ID="no at sign" is not valid: expected a Firefox add-on id/);
    expect(extensionIdentity({ CUSTOMER_GECKO_ID: ' help@example.com ' }).customerGeckoId).toBe('help@example.com');
  });
});

describe('a Firefox extension origin (random per install)', () => {
  const policy = originPolicy(allowedOrigins('https://help.example.com', [], 'http://127.0.0.1:8080', DEV_EXTENSION_IDENTITY));
  const firefox = 'moz-extension://0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
  it('is trusted for the customer role only; Chromium origins stay exact', () => {
    expect(policy.allows(firefox)).toBe(true);
    expect(policy.trustedAs(firefox, 'customer')).toBe(true);
    expect(policy.trustedAs(firefox, 'rep')).toBe(false);
    expect(policy.exact.has(firefox)).toBe(false);
    expect(policy.allows(`chrome-extension://${'a'.repeat(32)}`)).toBe(false);
    expect(policy.trustedAs(`chrome-extension://${DEV_EXTENSION_IDENTITY.customerIds[0]}`, 'rep')).toBe(true);
  });
  it.each(['moz-extension://', 'moz-extension://x', `${firefox}/`, `${firefox}.evil.example`, 'moz-extension://0F1E2D3C-4B5A-4978-8A6B-5C4D3E2F1A0B', 'null'])('refuses %j', (origin) => {
    expect(policy.allows(origin)).toBe(false);
  });
  it('a pinned install (ALLOWED_ORIGINS) is exact, so it may be a console', () => {
    const pinned = originPolicy(allowedOrigins('https://help.example.com', [`${firefox}/`], 'http://127.0.0.1:8080', DEV_EXTENSION_IDENTITY));
    expect(pinned.trustedAs(firefox, 'rep')).toBe(true);
  });
});

describe('a setting that cannot be used', () => {
  /** The sentence main.ts prints (no stack trace, exit code 2), for `env`. */
  const refusal = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error(`accepted: ${JSON.stringify(env)}`);
  };

  it('is one sentence naming the variable, its value and what is expected', () => {
    expect(refusal({ PORT: '70000' })).toBe('PORT="70000" is not accepted: expected an integer from 0 to 65535.');
    expect(refusal({ PORT: '-1' })).toBe('PORT="-1" is not accepted: expected an integer from 0 to 65535.');
    expect(refusal({ SMTP_PORT: '99999' })).toMatch(/^SMTP_PORT="99999" is not accepted: expected an integer from 1 to 65535\.$/);
    expect(refusal({ PUBLIC_URL: 'help.example.com' })).toBe('PUBLIC_URL="help.example.com" is not accepted: expected an http:// or https:// URL such as https://help.example.com.');
    expect(refusal({ LOG_LEVEL: 'loud' })).toBe('LOG_LEVEL="loud" is not accepted: expected one of fatal, error, warn, info, debug, trace, silent.');
    expect(refusal({ TRUST_PROXY: 'true' })).toMatch(/^TRUST_PROXY="true" is not accepted: expected a hop count/);
    expect(refusal({ REDIS_URL: 'http://u:pw@cache' })).toMatch(/^REDIS_URL="http:\/\/u:\*\*\*@cache" is not accepted/);
    for (const message of [refusal({ PORT: '70000' }), refusal({ ICE_SERVERS: '[' })]) expect(message.split(/\.\s/)).toHaveLength(1);
  });

  it('ICE_SERVERS: not JSON, a misspelt key or a URL without a STUN/TURN scheme is named, and a TURN password is not repeated', () => {
    expect(refusal({ ICE_SERVERS: "[{urls:'stun:x'}]" })).toMatch(/^ICE_SERVERS="\[\{urls:'stun:x'\}\]" is not accepted: expected a JSON array of RTCIceServer objects .*, but it is not JSON\.$/);
    expect(refusal({ ICE_SERVERS: '[{"url":"stun:stun.example.com"}]' })).toMatch(/\(at 0: Unrecognized key: "url"\)\.$/);
    expect(refusal({ ICE_SERVERS: '{"urls":"stun:x"}' })).toMatch(/at the top/);
    expect(refusal({ ICE_SERVERS: '[{"urls":"http://x"}]' })).toMatch(/at 0\.urls/);
    const typo = refusal({ ICE_SERVERS: '[{"urls":"turn:t.example.com","username":"u","credential":"hunter2","credentail":"x"}]' });
    expect(typo).toMatch(/Unrecognized key: "credentail"/);
    expect(typo).not.toContain('hunter2');
    expect(loadConfig({ ICE_SERVERS: '[{"urls":["stun:a.example.com","turns:b.example.com:5349"],"username":"u","credential":"p"}]' }).iceServers).toHaveLength(1);
  });

  it('yes/no settings take true/false, 1/0, yes/no, on/off, and refuse anything else instead of reading it as false', () => {
    for (const yes of ['true', '1', 'YES', 'on']) expect(loadConfig({ SMTP_SECURE: yes }).workflow.smtp.secure).toBe(true);
    for (const no of ['false', '0', 'no', 'Off', '']) expect(loadConfig({ SMTP_SECURE: no }).workflow.smtp.secure).toBe(false);
    expect(refusal({ SMTP_SECURE: 'ture' })).toBe('SMTP_SECURE="ture" is not accepted: expected true or false (also 1/0, yes/no, on/off).');
    expect(refusal({ WEBHOOK_ALLOW_PRIVATE: 'y' })).toMatch(/^WEBHOOK_ALLOW_PRIVATE="y"/);
  });

  it('METRICS_TOKEN must be long enough, and is never repeated', () => {
    expect(loadConfig({}).observability).toEqual({ logLevel: 'info', logFormat: null, metricsToken: null });
    expect(loadConfig({ LOG_FORMAT: 'JSON' }).observability.logFormat).toBe('json');
    expect(refusal({ LOG_FORMAT: 'text' })).toBe('LOG_FORMAT="text" is not accepted: expected json or pretty.');
    expect(refusal({ METRICS_TOKEN: 'secret' })).toBe('METRICS_TOKEN="***" is not accepted: expected at least 16 characters without spaces (openssl rand -hex 24).');
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(32), LOG_LEVEL: 'WARN' }).observability).toEqual({ logLevel: 'warn', logFormat: null, metricsToken: 'a'.repeat(32) });
  });
});
