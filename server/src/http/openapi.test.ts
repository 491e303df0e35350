import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ERROR_CODES, type ErrorCode } from '@rs/protocol';
import { OPERATIONS, openApiDocument } from './openapi.ts';
import { STATUS } from './errors.ts';

type Doc = ReturnType<typeof openApiDocument>;
type Op = { operationId: string; tags: string[]; security: unknown[]; parameters?: { name: string; in: string }[]; responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }> };
const doc = openApiDocument('https://support.example.com');
const operations = (d: Doc) => Object.entries(d.paths).flatMap(([path, methods]) => Object.entries(methods as Record<string, Op>).map(([method, op]) => ({ path, method, op })));

type ErrorAnswer = { allOf: [unknown, { properties: { error: { properties: { code: { enum: ErrorCode[] } } } } }] };
/** The codes the documented error answers name in their narrowed schemas (a 503 of /healthz is no error body). */
const codesOf = (op: Op): ErrorCode[] =>
  Object.values(op.responses)
    .map((answer) => answer.content?.['application/json']?.schema as Partial<ErrorAnswer> | undefined)
    .flatMap((schema) => schema?.allOf?.[1].properties.error.properties.code.enum ?? []);

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', { timeout: 30_000 }, async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://support.example.com' }]);
  });

  it('gives every operation a unique id, a tag, its security and the typed error answers it can give', () => {
    const all = operations(doc);
    expect(all).toHaveLength(OPERATIONS.length);
    expect(new Set(all.map((o) => o.op.operationId)).size).toBe(all.length);
    const tags = new Set(doc.tags.map((t) => t.name));
    for (const { path, method, op } of all) {
      expect(op.tags.every((t) => tags.has(t)), `${method} ${path}`).toBe(true);
      expect(Array.isArray(op.security), `${method} ${path}`).toBe(true);
      // Every route can fail unexpectedly, and says so with the typed body.
      expect(codesOf(op), `${method} ${path}`).toContain('internal');
      for (const [status, answer] of Object.entries(op.responses)) {
        const codes = codesOf({ ...op, responses: { [status]: answer } });
        expect(codes.every((c) => (STATUS[c] ?? 500) === Number(status) && c in ERROR_CODES), `${method} ${path} ${status}`).toBe(true);
      }
    }
  });

  it('documents the parameters, the auth and the refusals of a route from its declaration', () => {
    const history = doc.paths['/api/history']!.get as unknown as Op;
    expect(history.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(['query:incident', 'query:customer', 'query:from', 'query:to', 'query:limit']);
    expect(history.security).toEqual([{ repToken: [] }, { apiToken: ['history:read'] }]);
    expect(codesOf(history)).toEqual(expect.arrayContaining(['bad_message', 'unauthorized', 'forbidden', 'rate_limited']));
    expect(history.responses['429']).toMatchObject({ headers: { 'Retry-After': expect.any(Object) } });

    const chunk = doc.paths['/api/sessions/{id}/files/{transferId}/chunks/{seq}']!.put as unknown as Op & { requestBody: { content: Record<string, unknown> } };
    expect(chunk.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'path:transferId', 'path:seq']);
    expect(Object.keys(chunk.requestBody.content)).toEqual(['application/octet-stream']);
    expect(codesOf(chunk)).toEqual(expect.arrayContaining(['limit_reached', 'too_large', 'not_found', 'unauthorized']));

    const signIn = doc.paths['/api/auth/login']!.post as unknown as Op & { requestBody: unknown };
    expect(signIn.security).toEqual([]);
    expect(signIn.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/LoginRequest' } } } });
    expect(doc.components.schemas.LoginRequest).toMatchObject({ type: 'object', required: ['username', 'password'] });
  });

  it('refers to every component it names, and names every component it refers to', () => {
    const text = JSON.stringify(doc);
    const referred = new Set([...text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!));
    expect([...referred].sort()).toEqual(Object.keys(doc.components.schemas).sort());
  });
});
