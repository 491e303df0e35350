import { z } from 'zod';

/**
 * Stable error codes, shared by the server, the extensions and the native host
 * (whose exit codes are the numbers). Append only: never renumber or reuse.
 */
export const ERROR_CODES = {
  internal: 1,
  bad_json: 2,
  bad_message: 3,
  unknown_type: 4,
  too_large: 5,
  incompatible: 6,
  unauthorized: 7,
  forbidden: 8,
  not_found: 9,
  invalid_state: 10,
  rate_limited: 11,
  handshake_required: 12,
  timeout: 13,
  closed: 14,
  conflict: 15,
  /** A configured bound was reached (transcript length, relayed bytes): retrying will not help. */
  limit_reached: 16,
  /** The native host could not draw the watermark (no overlay process, or it ended before it reported that it was up). */
  watermark_unavailable: 17,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ErrorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);

/** A typed error as it travels: in a socket `error` message or as a REST error body. */
export const WireErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string().max(2000),
  /** Set with `rate_limited`: how long to wait before trying again (REST also sends `Retry-After`). */
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type WireError = z.infer<typeof WireErrorSchema>;

/** An Error that carries a stable code; what every layer throws and what the wire turns into `WireError`. */
export class ProtocolError extends Error {
  readonly code: ErrorCode;
  /** With `rate_limited`: milliseconds until the caller may try again. */
  readonly retryAfterMs: number | undefined;
  constructor(code: ErrorCode, message: string, options: { retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    this.retryAfterMs = options.retryAfterMs === undefined ? undefined : Math.max(0, Math.ceil(options.retryAfterMs));
  }
  toWire(): WireError {
    return { code: this.code, message: this.message, ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }) };
  }
}
