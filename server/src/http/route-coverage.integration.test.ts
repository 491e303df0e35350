import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { PEER_MOUNT } from '../peer/mount.ts';
import { login, startTestServer, type TestServer } from '../testing.ts';
import { openApiDocument } from './openapi.ts';

interface Mounted {
  method: string;
  /** The Express path under its routers' mount points, or a RegExp's source for a pattern route. */
  path: string;
  pattern: boolean;
}

/**
 * Mounted routes that are not the REST API, each with why. A new route belongs
 * in the document: declare it with `operation()` in its feature's
 * `operations.ts`, serve it with `mount()`, and list it in `OPERATIONS`
 * (server/src/http/openapi.ts). Only a route no API client calls goes here.
 */
const NOT_IN_DOCUMENT: { why: string; is: (route: Mounted) => boolean }[] = [
  { why: "the PeerJS signalling server's routes (docs/PROTOCOL.md, PeerJS)", is: (r) => r.path.startsWith(`${PEER_MOUNT}/`) },
  { why: "the public sites' web chat pages (HTML at each site's path)", is: (r) => r.pattern && r.method === 'get' },
];

/** The path an Express 4 router was mounted at, from the pattern `app.use(path, router)` compiled. */
function mountPath(layer: { regexp: RegExp & { fast_slash?: boolean } }): string {
  if (layer.regexp.fast_slash) return '';
  const path = layer.regexp.source.replace(/^\^/, '').replace('\\/?(?=\\/|$)', '').replaceAll('\\/', '/');
  if (!/^(\/[\w.-]+)+$/.test(path)) throw new Error(`cannot read the mount path of ${layer.regexp}`);
  return path;
}

/** Every route mounted on the app, walking routers mounted with app.use. */
function mountedRoutes(app: Express): Mounted[] {
  type Layer = { route?: { path: string | RegExp; methods: Record<string, boolean> }; handle: { stack?: Layer[] }; regexp: RegExp };
  const routes: Mounted[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const pattern = layer.route.path instanceof RegExp;
        const path = pattern ? String(layer.route.path) : prefix + String(layer.route.path);
        for (const [method, on] of Object.entries(layer.route.methods)) if (on) routes.push({ method, path, pattern });
      } else if (layer.handle.stack) walk(layer.handle.stack, prefix + mountPath(layer));
    }
  };
  walk((app as unknown as { _router: { stack: Layer[] } })._router.stack, '');
  return routes;
}

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
/** A value each path parameter's schema accepts, so a request reaches the route's own checks. */
const SAMPLE: Record<string, string> = { id: 'AAAAAAAAAAAA', repId: 'BBBBBBBBBBBB', teamId: 'CCCCCCCCCCCC', tokenId: 'DDDDDDDDDDDD', transferId: '0'.repeat(32), seq: '0', os: 'linux', incident: 'INC-1' };

let srv: TestServer;
let doc: ReturnType<typeof openApiDocument>;
beforeAll(async () => {
  srv = await startTestServer();
  doc = (await (await fetch(`${srv.url}/api/openapi.json`)).json()) as typeof doc;
});
afterAll(() => srv.close());

describe('the OpenAPI document against the running server', () => {
  it('describes every route the server mounts, and no route it does not', () => {
    const app = srv.server.listeners('request')[0] as Express;
    const mounted = mountedRoutes(app).filter((r) => !NOT_IN_DOCUMENT.some((rule) => rule.is(r)));
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => key(method, path.replace(/\{(\w+)\}/g, ':$1'))));
    const served = mounted.map((r) => key(r.method, r.path));
    expect(served.filter((route) => !documented.includes(route)), 'mounted but not in the document: declare it with operation(), serve it with mount() and list it in OPERATIONS (server/README.md)').toEqual([]);
    expect(documented.filter((route) => !served.includes(route)), 'in the document but not mounted').toEqual([]);
    expect(served.length).toBeGreaterThan(50);
  });

  /** Calls every documented operation (but `skip`) once, with sample parameters and an empty body; lists each status the document does not list, and any 500. */
  async function surprises(token: string | null, skip: string[] = []): Promise<string[]> {
    const found: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods as Record<string, { operationId: string; responses: Record<string, unknown>; requestBody?: { content: Record<string, unknown> } }>)) {
        if (skip.includes(op.operationId)) continue;
        const url = srv.url + path.replace(/\{(\w+)\}/g, (_all, name: string) => SAMPLE[name] ?? 'x');
        const type = Object.keys(op.requestBody?.content ?? {})[0];
        const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(type ? { 'content-type': type } : {}) };
        const res = await fetch(url, { method: method.toUpperCase(), headers, ...(type ? { body: type === 'application/json' ? '{}' : 'x' } : {}) });
        await res.arrayBuffer();
        // A 500 is documented everywhere, and a bug anywhere.
        if (res.status === 500 || !(String(res.status) in op.responses)) found.push(`${key(method, path)} answered ${res.status}, documented ${Object.keys(op.responses).join(' ')}`);
        if (process.env.SHOW_STATUSES) console.log(token ? 'admin' : 'anon', res.status, key(method, path));
      }
    }
    return found;
  }

  it('answers a caller without credentials only with statuses the document lists', { timeout: 30_000 }, async () => {
    expect(await surprises(null)).toEqual([]);
  });

  it('answers an administrator with an empty body and unknown ids only with statuses the document lists', { timeout: 30_000 }, async () => {
    // Signing out would end the token the rest of the calls use.
    expect(await surprises(await login(srv.url), ['signOut'])).toEqual([]);
  });

  it("serves the live socket's AsyncAPI document beside it, for this server's address", async () => {
    const res = await fetch(`${srv.url}/api/asyncapi.json`);
    const asyncApi = (await res.json()) as { asyncapi: string; servers: { server: { host: string; protocol: string } }; channels: { live: { address: string } } };
    expect(asyncApi).toMatchObject({ asyncapi: '3.0.0', servers: { server: { host: new URL(srv.publicUrl).host, protocol: 'ws' } }, channels: { live: { address: '/api/ws' } } });
  });
});
