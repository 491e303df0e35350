import type { z } from 'zod';
import { type WireError } from './errors.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** Describes the first few schema issues in one readable line, for error replies. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : 'message'}: ${i.message}`)
    .join('; ');
}

/** Validates an already-decoded value; never throws. */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: { code: 'bad_message', message: describeIssues(result.error) } };
}

/**
 * Decodes a JSON text message in the order Chromium's native messaging reader
 * does: size, valid JSON, an object, a known `type`, then the schema.
 */
export function parseJsonMessage<S extends z.ZodType>(
  schema: S,
  knownTypes: ReadonlySet<string>,
  text: string,
  maxChars: number,
): Parsed<z.infer<S>> {
  if (text.length > maxChars) {
    return { ok: false, error: { code: 'too_large', message: `message exceeds ${maxChars} characters` } };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'bad_json', message: 'message is not valid JSON' } };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, error: { code: 'bad_message', message: 'message must be a JSON object' } };
  }
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !knownTypes.has(type)) {
    return { ok: false, error: { code: 'unknown_type', message: `unknown message type ${JSON.stringify(String(type)).slice(0, 80)}` } };
  }
  return parseWith(schema, raw);
}
