import { describe, expect, it } from 'vitest';
import specs from '@asyncapi/specs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { ClientMessageSchema, ServerMessageSchema } from '@rs/protocol';
import { asyncApiDocument } from './asyncapi.ts';

const doc = asyncApiDocument('https://support.example.com');

/** The official AsyncAPI 3.0.0 JSON Schema (it carries its own copy of draft-07, so ajv must not load another). */
function asyncApiValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false, logger: false });
  addFormats.default(ajv);
  return ajv.compile(specs.schemas['3.0.0'] as object);
}

/** Resolves a local `$ref` (`#/a/b`) in the document, or undefined. */
const resolve = (ref: string): unknown => ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);

describe('the AsyncAPI document of the live socket', () => {
  it('is valid AsyncAPI 3.0, and every reference in it resolves', { timeout: 30_000 }, () => {
    const validate = asyncApiValidator();
    expect(validate(structuredClone(doc)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // The validator does catch a broken document.
    expect(validate({ ...structuredClone(doc), operations: { chatSend: { action: 'answer', channel: { $ref: '#/channels/live' } } } })).toBe(false);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"(#[^"]+)"/g)].map((m) => m[1]!);
    expect(refs.filter((ref) => resolve(ref) === undefined)).toEqual([]);
    expect(doc.servers.server).toMatchObject({ host: 'support.example.com', protocol: 'wss' });
  });

  it('has a message for every type of the protocol, and an operation for each', () => {
    const types = [...ClientMessageSchema.options, ...ServerMessageSchema.options].map((o) => o.shape.type.value).sort();
    expect(Object.values(doc.components.messages).map((m) => m.name).sort()).toEqual(types);
    const operated = new Set(Object.values(doc.operations).flatMap((o) => [...(o.messages as { $ref: string }[]), ...((o.reply as { messages: { $ref: string }[] } | undefined)?.messages ?? [])].map((m) => m.$ref)));
    expect(operated.size).toBe(types.length);
    expect(doc.operations.chatSend).toMatchObject({ action: 'receive', reply: { messages: [{ $ref: '#/channels/live/messages/Reply' }, { $ref: '#/channels/live/messages/ErrorMessage' }] } });
    expect(doc.components.schemas.ChatSend).toMatchObject({ required: expect.arrayContaining(['type', 'id', 'sessionId', 'text']) });
  });
});
