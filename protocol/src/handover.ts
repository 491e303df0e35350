import { z } from 'zod';
import { IdSchema } from './common.ts';

/**
 * Elevating from the web chat: the customer allowed the representative's
 * request on the public support page, which has no helper to start, so the
 * page hands the live session to the customer extension (the full client).
 */

/** A customer token as the server issues it (base64url). */
export const CustomerTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'malformed token');

/**
 * public support page (web chat) -> customer extension (chrome.runtime.sendMessage, externally_connectable),
 * expects `{ ok }`: open the chat on this live session. The server is the sender's origin, stamped by the browser.
 */
export const OpenSessionMessageSchema = z.object({
  type: z.literal('open-session'),
  sessionId: IdSchema,
  customerToken: CustomerTokenSchema,
});
export type OpenSessionMessage = z.infer<typeof OpenSessionMessageSchema>;
