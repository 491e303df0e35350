import { z } from 'zod';
import {
  CreateSessionRequestSchema,
  CreateSessionResponseSchema,
  HealthSchema,
  IdSchema,
  LoginRequestSchema,
  LoginResponseSchema,
  MeResponseSchema,
  PeerCredentialsSchema,
  ReadinessSchema,
  SessionListResponseSchema,
  TranscriptResponseSchema,
} from '@rs/protocol';
import { operation } from './operation.ts';

const session = { id: IdSchema };
const json = { raw: ['application/json'] } as const;

/** The core routes: health, these documents, sign-in, sessions. */
export const healthz = operation({
  method: 'get', path: '/healthz', operationId: 'health', tag: 'Health', auth: 'none',
  summary: 'Whether this node can reach what it needs (the database; Redis when configured)',
  description: '200 with `ok: true`, or 503 with `ok: false` and `failing`, so a load balancer takes the node out of rotation.',
  responses: { 200: HealthSchema, 503: HealthSchema },
});

export const readyz = operation({
  method: 'get', path: '/readyz', operationId: 'readiness', tag: 'Health', auth: 'none',
  summary: 'Whether this node should get traffic now',
  description: '200 while a real database query (and a Redis ping when configured) answers in time and no helper installer is broken; 503 naming what failed (`installers`: one failed its check and is not served), or `shutting_down` while the node drains. Each OS\'s installer state is in the body.',
  responses: { 200: ReadinessSchema, 503: ReadinessSchema },
});

export const metricsOp = operation({
  method: 'get', path: '/metrics', operationId: 'metrics', tag: 'Health', auth: 'none',
  summary: "This node's metrics in Prometheus text format",
  description: 'Readable by a scraper on the same machine connecting directly, or from anywhere with `Authorization: Bearer <METRICS_TOKEN>` when that setting is made.',
  responses: { 200: { raw: ['text/plain'], description: 'Prometheus text exposition format 0.0.4' } },
  errors: ['unauthorized', 'forbidden'],
});

export const openApi = operation({
  method: 'get', path: '/api/openapi.json', operationId: 'openApiDocument', tag: 'Documents', auth: 'none',
  summary: 'This document: the REST API as OpenAPI 3.1',
  responses: { 200: { ...json, description: 'The OpenAPI 3.1 document' } },
});

export const asyncApi = operation({
  method: 'get', path: '/api/asyncapi.json', operationId: 'asyncApiDocument', tag: 'Documents', auth: 'none',
  summary: 'The live socket (`/api/ws`) as AsyncAPI 3.0',
  responses: { 200: { ...json, description: 'The AsyncAPI 3.0 document' } },
});

export const signIn = operation({
  method: 'post', path: '/api/auth/login', operationId: 'signIn', tag: 'Sign-in', auth: 'none',
  summary: 'A representative signs in',
  description: 'Wrong passwords make the account and the address wait (429 with `Retry-After`); a disabled account gets 403, only after the right password.',
  body: LoginRequestSchema,
  responses: { 200: LoginResponseSchema },
  errors: ['unauthorized', 'forbidden', 'rate_limited'],
});

export const signOut = operation({
  method: 'post', path: '/api/auth/logout', operationId: 'signOut', tag: 'Sign-in', auth: 'rep',
  summary: "Ends this sign-in; the token's live sockets close (4001)",
  responses: { 204: null },
});

export const me = operation({
  method: 'get', path: '/api/me', operationId: 'me', tag: 'Sign-in', auth: 'rep',
  summary: 'The signed-in representative',
  responses: { 200: MeResponseSchema },
});

export const createSession = operation({
  method: 'post', path: '/api/sessions', operationId: 'createSession', tag: 'Sessions', auth: 'none',
  summary: "A customer starts a chat; the answer's customer token is their only credential for it",
  description: "Takes the public site's intake answers: a disabled site is 403, a missing answer 409 `invalid_state`. Each address may start `SESSION_CREATE_MAX_PER_ADDRESS` sessions per window.",
  body: CreateSessionRequestSchema,
  responses: { 201: CreateSessionResponseSchema },
  errors: ['forbidden', 'not_found', 'invalid_state', 'rate_limited'],
});

export const listSessions = operation({
  method: 'get', path: '/api/sessions', operationId: 'listSessions', tag: 'Sessions', auth: 'reader',
  summary: 'The most recent sessions the reader may read, newest first',
  query: z.object({ limit: z.number().int().min(1).max(500).default(50).describe('How many (out of range: clamped)') }),
  responses: { 200: SessionListResponseSchema },
});

export const transcript = operation({
  method: 'get', path: '/api/sessions/:id/transcript', operationId: 'sessionTranscript', tag: 'Sessions', auth: 'reader',
  summary: "A session's transcript",
  params: session,
  responses: { 200: TranscriptResponseSchema },
});

export const peerCredentials = operation({
  method: 'get', path: '/api/sessions/:id/peer', operationId: 'peerCredentials', tag: 'Sessions', auth: 'party',
  summary: "This party's server-issued PeerJS identity, and the other current party's peer id",
  params: session,
  responses: { 200: PeerCredentialsSchema },
  errors: ['invalid_state'],
});

export const coreOperations = [healthz, readyz, metricsOp, openApi, asyncApi, signIn, signOut, me, createSession, listSessions, transcript, peerCredentials];
