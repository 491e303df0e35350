import { z } from 'zod';
import {
  ApiTokenListResponseSchema,
  CreateApiTokenRequestSchema,
  CreateApiTokenResponseSchema,
  CreateIntegrationRequestSchema,
  CreateIntegrationResponseSchema,
  DeliveryListResponseSchema,
  HistoryDetailSchema,
  IdSchema,
  IncidentSchema,
  IntegrationListResponseSchema,
  JournalResponseSchema,
} from '@rs/protocol';
import { operation } from '../http/operation.ts';

const integration = { id: IdSchema };
const signed = z.object({
  expires: z.number().int().describe('When the link stops working (epoch ms), as signed'),
  signature: z.string().describe("The link's signature"),
});

export const addIntegration = operation({
  method: 'post', path: '/api/integrations', operationId: 'addIntegration', tag: 'Integrations', auth: 'admin',
  summary: 'Adds an ITSM webhook; the answer carries its secret, once',
  description: '400 `bad_message` for a URL to a loopback, private, link-local, unique-local, CGNAT, unspecified, multicast or metadata address or name, unless `WEBHOOK_ALLOW_PRIVATE=true`.',
  body: CreateIntegrationRequestSchema,
  responses: { 201: CreateIntegrationResponseSchema },
});

export const listIntegrations = operation({
  method: 'get', path: '/api/integrations', operationId: 'listIntegrations', tag: 'Integrations', auth: 'admin',
  summary: 'Every ITSM webhook (without secrets)',
  responses: { 200: IntegrationListResponseSchema },
});

export const webhookDeliveries = operation({
  method: 'get', path: '/api/integrations/:id/deliveries', operationId: 'webhookDeliveries', tag: 'Integrations', auth: 'admin',
  summary: "A webhook's delivery log (`lastError` names the outcome only; `lastStatus` is always null)",
  params: integration,
  responses: { 200: DeliveryListResponseSchema },
});

export const issueApiToken = operation({
  method: 'post', path: '/api/integrations/:id/tokens', operationId: 'issueApiToken', tag: 'Integrations', auth: 'admin',
  summary: 'Issues a scoped, expiring API token; the answer carries it, once',
  params: integration,
  body: CreateApiTokenRequestSchema,
  responses: { 201: CreateApiTokenResponseSchema },
});

export const listApiTokens = operation({
  method: 'get', path: '/api/integrations/:id/tokens', operationId: 'listApiTokens', tag: 'Integrations', auth: 'admin',
  summary: "An integration's API tokens (never the tokens themselves)",
  params: integration,
  responses: { 200: ApiTokenListResponseSchema },
});

export const revokeApiToken = operation({
  method: 'delete', path: '/api/integrations/:id/tokens/:tokenId', operationId: 'revokeApiToken', tag: 'Integrations', auth: 'admin',
  summary: 'Revokes an API token',
  params: { id: IdSchema, tokenId: IdSchema },
  responses: { 204: null },
});

export const incidentJournal = operation({
  method: 'get', path: '/api/itsm/incidents/:incident/journal', operationId: 'incidentJournal', tag: 'ITSM', auth: 'journal',
  summary: "An incident's journal",
  description: 'A representative who is not an admin gets only the entries of sessions they may read.',
  params: { incident: IncidentSchema },
  responses: { 200: JournalResponseSchema },
});

export const itsmHistory = operation({
  method: 'get', path: '/api/itsm/history/:id', operationId: 'itsmHistory', tag: 'ITSM', auth: 'reader',
  summary: "One session's Remote Support History, for an ITSM tool",
  params: { id: IdSchema },
  responses: { 200: HistoryDetailSchema },
});

export const signedTranscript = operation({
  method: 'get', path: '/api/history/:id/transcript', operationId: 'signedTranscript', tag: 'ITSM', auth: 'signed',
  summary: "A session's transcript as text, through a signed link from a webhook payload",
  params: { id: IdSchema },
  query: signed,
  responses: { 200: { raw: ['text/plain'], description: 'The transcript' } },
});

export const signedRecording = operation({
  method: 'get', path: '/api/history/:id/recording', operationId: 'signedRecording', tag: 'ITSM', auth: 'signed',
  summary: "The session's first complete screen recording, through a signed link from a webhook payload",
  params: { id: IdSchema },
  query: signed,
  responses: { 200: { raw: ['video/webm'], description: 'The recording' } },
});

export const itsmOperations = [addIntegration, listIntegrations, webhookDeliveries, issueApiToken, listApiTokens, revokeApiToken, incidentJournal, itsmHistory, signedTranscript, signedRecording];
