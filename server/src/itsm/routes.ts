import express, { type Router } from 'express';
import { IncidentSchema, ProtocolError } from '@rs/protocol';
import type { Request } from 'express';
import type { Services } from '../services.ts';
import { hashToken, randomId } from '../auth/secrets.ts';
import { mount } from '../http/operation.ts';
import * as ops from './operations.ts';
import { requireRep } from '../http/auth.ts';
import { idParam } from '../workflow/routes.ts';
import { historyDetail, transcriptText } from '../workflow/history.ts';
import { API_TOKEN_PREFIX, apiTokenOf, apiTokenView } from './tokens.ts';
import { verifySignedPath } from './signing.ts';
import { recordingPath, transcriptPath } from './webhooks.ts';
import { urlRefusal } from './targets.ts';
import { requireSessionReader } from '../access/readers.ts';
import { audit } from '../observability/audit.ts';

async function requireAdmin(services: Services, req: Request) {
  const { rep } = await requireRep(services.store, req);
  if (rep.role !== 'admin') throw new ProtocolError('forbidden', 'administrators only');
  return rep;
}

/** The journal: an integration API token with journal:read, or a signed-in representative (who sees the entries of sessions they may read). */
async function requireJournalReader(services: Services, req: Request): Promise<((sessionId: string | null) => Promise<boolean>)> {
  if (await apiTokenOf(services, req, 'journal:read')) return async () => true;
  const { rep } = await requireRep(services.store, req);
  if (rep.role === 'admin') return async () => true;
  return async (sessionId) => sessionId !== null && (await services.store.access.mayRead(sessionId, rep.id));
}

const integrationView = ({ secret: _hidden, ...rest }: { id: string; name: string; webhookUrl: string; createdAt: number; secret: string }) => rest;

/** ITSM integrations: webhooks and their delivery log, API tokens, the journal pull endpoint, signed transcript links. */
export function itsmRouter(services: Services, urlSecret: string): Router {
  const { store } = services;
  const api = express.Router();

  mount(api, ops.addIntegration, async (req, res, input) => {
    await requireAdmin(services, req);
    const { name, webhookUrl } = input.body();
    const refusal = services.config.workflow.webhookAllowPrivate ? null : urlRefusal(webhookUrl);
    if (refusal) throw new ProtocolError('bad_message', `webhook URLs must reach a public address (${refusal}); set WEBHOOK_ALLOW_PRIVATE=true on the server to allow internal ones`);
    const integration = { id: randomId(), name, webhookUrl, secret: randomId(32), createdAt: Date.now() };
    await store.workflow.createIntegration(integration);
    res.status(201).json({ integration: integrationView(integration), secret: integration.secret });
  });

  mount(api, ops.listIntegrations, async (req, res) => {
    await requireAdmin(services, req);
    res.json({ integrations: (await store.workflow.integrations()).map(integrationView) });
  });

  mount(api, ops.webhookDeliveries, async (req, res) => {
    await requireAdmin(services, req);
    res.json({ deliveries: await store.workflow.deliveries(idParam(req.params.id, 'integration'), 200) });
  });

  mount(api, ops.issueApiToken, async (req, res, input) => {
    const admin = await requireAdmin(services, req);
    const integrationId = idParam(req.params.id, 'integration');
    if (!(await store.workflow.integration(integrationId))) throw new ProtocolError('not_found', 'no such integration');
    const { name, scopes, ttlDays } = input.body();
    const token = API_TOKEN_PREFIX + randomId(32);
    const now = Date.now();
    const record = { id: randomId(), integrationId, tokenHash: hashToken(token), name, scopes: [...new Set(scopes)], createdAt: now, expiresAt: now + ttlDays * 86_400_000, revokedAt: null };
    await store.workflow.createApiToken(record);
    audit('api_token.created', { repId: admin.id, username: admin.username, integrationId, tokenId: record.id, scopes: record.scopes, expiresAt: record.expiresAt, reqId: req.id }, 'API token created');
    res.status(201).json({ token, apiToken: apiTokenView(record) });
  });

  mount(api, ops.listApiTokens, async (req, res) => {
    await requireAdmin(services, req);
    res.json({ tokens: (await store.workflow.apiTokens(idParam(req.params.id, 'integration'))).map(apiTokenView) });
  });

  mount(api, ops.revokeApiToken, async (req, res) => {
    const admin = await requireAdmin(services, req);
    const integrationId = idParam(req.params.id, 'integration');
    const tokenId = idParam(req.params.tokenId, 'token');
    const ok = await store.workflow.revokeApiToken(integrationId, tokenId, Date.now());
    if (!ok) throw new ProtocolError('not_found', 'no such active token');
    audit('api_token.revoked', { repId: admin.id, username: admin.username, integrationId, tokenId, reqId: req.id }, 'API token revoked');
    res.status(204).end();
  });

  mount(api, ops.incidentJournal, async (req, res) => {
    const visible = await requireJournalReader(services, req);
    const parsed = IncidentSchema.safeParse(req.params.incident);
    if (!parsed.success) throw new ProtocolError('not_found', 'no such incident');
    const entries = [];
    for (const entry of await store.workflow.journal(parsed.data)) if (await visible(entry.sessionId)) entries.push(entry);
    res.json({ incident: parsed.data, entries });
  });

  mount(api, ops.itsmHistory, async (req, res) => {
    const id = idParam(req.params.id, 'history');
    await requireSessionReader(services, req, id, 'no history for this session');
    const detail = await historyDetail(store, id);
    if (!detail) throw new ProtocolError('not_found', 'no history for this session');
    res.json(detail);
  });

  // Signed links carried in webhook payloads: the signature is the credential, limited to this path and time.
  mount(api, ops.signedTranscript, async (req, res) => {
    const id = idParam(req.params.id, 'history');
    if (!verifySignedPath(urlSecret, transcriptPath(id), req.query.expires, req.query.signature, Date.now()))
      throw new ProtocolError('unauthorized', 'the link is invalid or has expired');
    const detail = await historyDetail(store, id);
    if (!detail) throw new ProtocolError('not_found', 'no history for this session');
    res.type('text/plain; charset=utf-8').send(transcriptText(detail));
  });

  mount(api, ops.signedRecording, async (req, res) => {
    const id = idParam(req.params.id, 'history');
    if (!verifySignedPath(urlSecret, recordingPath(id), req.query.expires, req.query.signature, Date.now()))
      throw new ProtocolError('unauthorized', 'the link is invalid or has expired');
    // Only a complete recording plays (an empty or incomplete one answers 409 at its media).
    const recording = (await store.recordingsOfSession(id)).find((r) => r.finished && r.bytes > 0);
    if (!recording) throw new ProtocolError('not_found', 'this session has no complete recording');
    const media = await services.recordings.media(recording.id);
    res.setHeader('content-type', media.mimeType);
    res.setHeader('content-length', String(media.size));
    media.stream.on('error', () => res.destroy());
    media.stream.pipe(res);
  });

  return api;
}
