import type { z } from 'zod';
import { type WireError } from './errors.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: WireError };

const DESCRIBE_MAX_CHARS = 80;

/**
 * Names an untrusted value for an error message without touching it: a string
 * is quoted (escaped by JSON.stringify, so NUL and lone surrogates stay
 * visible) and cut short; anything else is named by its kind only. Never calls
 * the value's own toString/valueOf, never reads its properties, never throws.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, DESCRIBE_MAX_CHARS));
  if (value === null) return '(null)';
  if (value === undefined) return '(missing)';
  if (Array.isArray(value)) return '(an array)';
  const kind = typeof value;
  return `(${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind})`;
}

/** Describes the first few schema issues in one readable line, for error replies. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.map((p) => (typeof p === 'symbol' ? '(symbol)' : String(p))).join('.') : 'message'}: ${i.message}`)
    .join('; ')
    .slice(0, 500);
}

/**
 * Validates an already-decoded value; never throws. zod itself can throw on
 * values JSON cannot make (getters, proxies) and on refinements that throw;
 * those become a typed `bad_message` too.
 */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): Parsed<z.infer<S>> {
  try {
    const result = schema.safeParse(raw);
    if (result.success) return { ok: true, value: result.data };
    return { ok: false, error: { code: 'bad_message', message: describeIssues(result.error) } };
  } catch {
    return { ok: false, error: { code: 'bad_message', message: 'message could not be validated' } };
  }
}

/**
 * Checks a decoded value the way Chromium's native messaging reader does after
 * JSON: an object, then a known `type` (named with `describeValue`, so a
 * hostile `type` cannot throw), then the schema. Never throws.
 */
export function parseTyped<S extends z.ZodType>(schema: S, knownTypes: ReadonlySet<string>, raw: unknown, what = 'message'): Parsed<z.infer<S>> {
  let type: unknown;
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return { ok: false, error: { code: 'bad_message', message: `${what} must be a JSON object` } };
    }
    type = (raw as { type?: unknown }).type;
  } catch {
    return { ok: false, error: { code: 'bad_message', message: `${what} could not be read` } };
  }
  if (typeof type !== 'string' || !knownTypes.has(type)) {
    return { ok: false, error: { code: 'unknown_type', message: `unknown ${what} type ${describeValue(type)}` } };
  }
  return parseWith(schema, raw);
}

/**
 * Decodes a JSON text message in the order Chromium's native messaging reader
 * does: size, valid JSON, an object, a known `type`, then the schema. Never throws.
 */
export function parseJsonMessage<S extends z.ZodType>(
  schema: S,
  knownTypes: ReadonlySet<string>,
  text: string,
  maxChars: number,
): Parsed<z.infer<S>> {
  if (typeof text !== 'string') return { ok: false, error: { code: 'bad_message', message: 'message must be text' } };
  if (text.length > maxChars) {
    return { ok: false, error: { code: 'too_large', message: `message exceeds ${maxChars} characters` } };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'bad_json', message: 'message is not valid JSON' } };
  }
  return parseTyped(schema, knownTypes, raw);
}
