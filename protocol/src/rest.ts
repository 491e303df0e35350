import { z } from 'zod';
import { PeerjsStatsSchema } from './peerjs.ts';
import { WireErrorSchema } from './errors.ts';
import { ChatMessageSchema, IdSchema, PersonNameSchema, RepSchema, SessionViewSchema, TimestampSchema, lineText } from './common.ts';

/** Body of every non-2xx REST answer. */
export const ErrorBodySchema = z.object({ error: WireErrorSchema });

/** POST /api/auth/login: a representative signs in. */
export const LoginRequestSchema = z.object({
  username: lineText(64, { min: 1 }),
  password: z.string().min(1).max(256),
});
export const LoginResponseSchema = z.object({ token: z.string(), rep: RepSchema, expiresAt: TimestampSchema });
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** GET /api/me */
export const MeResponseSchema = z.object({ rep: RepSchema });

/** POST /api/sessions: a customer starts a chat. The token is the customer's only credential for this session. */
export const CreateSessionRequestSchema = z.object({
  customerName: PersonNameSchema,
  /** The public site's path; `/` (the default site) when absent. */
  sitePath: z.string().max(200).optional(),
  /** Required (true) when the site has a customer agreement. */
  agreementAccepted: z.boolean().optional(),
  /** The customer's answer to the recording prompt, when the site asks. */
  recordingAllowed: z.boolean().optional(),
});
export const CreateSessionResponseSchema = z.object({
  session: SessionViewSchema,
  customerToken: z.string(),
});
export type CreateSessionResponse = z.infer<typeof CreateSessionResponseSchema>;

/** GET /api/sessions?limit=N (representatives): the most recent sessions, newest first. */
export const SessionListResponseSchema = z.object({ sessions: z.array(SessionViewSchema) });
export type SessionListResponse = z.infer<typeof SessionListResponseSchema>;

/** GET /api/sessions/:id/transcript (representatives only). */
export const TranscriptResponseSchema = z.object({
  session: SessionViewSchema,
  messages: z.array(ChatMessageSchema),
});
export type TranscriptResponse = z.infer<typeof TranscriptResponseSchema>;

/** GET /api/sessions/:id/peer: this party's server-issued PeerJS identity (one per session and party: the customer, each representative), and the id of the other CURRENT party once it has one (for the customer: the representative who holds the session now). */
export const PeerCredentialsSchema = z.object({
  peerId: z.string(),
  peerToken: z.string(),
  remotePeerId: z.string().nullable(),
  path: z.string(),
  iceServers: z.array(
    z.object({
      urls: z.union([z.string(), z.array(z.string())]),
      username: z.string().optional(),
      credential: z.string().optional(),
    }),
  ),
});
export type PeerCredentials = z.infer<typeof PeerCredentialsSchema>;

/**
 * GET /healthz: 200 with ok true while this node can reach what it needs (the database; Redis when configured),
 * 503 with ok false and what failed otherwise, so a load balancer takes the node out of rotation.
 */
export const HealthSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  protocol: z.number(),
  /** What this node could not reach within the check's time (absent when ok). */
  failing: z.array(z.enum(['database', 'redis'])).optional(),
  /** This node's PeerJS signalling counters. */
  peerjs: PeerjsStatsSchema,
});

/**
 * GET /readyz: 200 while this node can serve (a real database query, and a Redis ping when configured, each
 * answered within the check's time), 503 with what failed otherwise, or while the node shuts down.
 */
/** What the server knows of one OS's helper installer: served only when `ok` (installers/src/check.ts). */
export const InstallerStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ok') }),
  z.object({ state: z.literal('missing') }),
  z.object({ state: z.literal('broken'), reason: z.string() }),
]);
export type InstallerState = z.infer<typeof InstallerStateSchema>;

export const ReadinessSchema = z.object({
  ready: z.boolean(),
  /** What failed (absent when ready); `shutting_down` while the node drains; `installers` when one is broken (it is not served). */
  failing: z.array(z.enum(['database', 'redis', 'shutting_down', 'installers'])).optional(),
  /** Each OS's helper installer: a missing one is not a failure (that OS's customers are told so). */
  installers: z.object({ linux: InstallerStateSchema, windows: InstallerStateSchema, macos: InstallerStateSchema }).optional(),
});
export type Readiness = z.infer<typeof ReadinessSchema>;

export const SessionIdParamSchema = IdSchema;
