import express, { type Router } from 'express';
import {
  IdSchema,
  ProtocolError,
  parseWith,
  type LoginResponse,
} from '@rs/protocol';
import type { Services } from '../services.ts';
import { hashToken, randomId, verifyPassword } from '../auth/secrets.ts';
import { mount } from './operation.ts';
import * as ops from './operations.ts';
import { bearer, requireParty, requireRep } from './auth.ts';
import { openApiDocument } from './openapi.ts';
import { asyncApiDocument } from '../live/asyncapi.ts';
import { readerRepId, requireReader, requireSessionReader } from '../access/readers.ts';
import { issuePeerCredentials } from '../peer/credentials.ts';
import { clientAddress } from '../throttle/client-address.ts';
import { SignInThrottle } from '../throttle/sign-in.ts';
import { sessionCreationLimiter } from '../throttle/session-creation.ts';
import { queryInt } from './query.ts';
import { publishRepSignedOut } from '../cluster/events.ts';
import { audit } from '../observability/audit.ts';

/** A password check that costs the same whether or not the user exists. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

function sessionId(raw: unknown): string {
  const parsed = parseWith(IdSchema, raw);
  if (!parsed.ok) throw new ProtocolError('not_found', 'no such session');
  return parsed.value;
}

/** JSON body parsing for every API route. */
export const jsonBody = express.json({ limit: '64kb' });

export function apiRouter(services: Services): Router {
  const { config, store, sessions, hub, clickToChat, counters } = services;
  const api = express.Router();
  const signIn = new SignInThrottle(counters, config.throttle);
  const creation = sessionCreationLimiter(counters, config.throttle);

  mount(api, ops.openApi, async (_req, res) => void res.json(openApiDocument(config.publicUrl)));
  mount(api, ops.asyncApi, async (_req, res) => void res.json(asyncApiDocument(config.publicUrl)));

  mount(api, ops.signIn, async (req, res, input) => {
    const { username, password } = input.body();
    const address = clientAddress(req, config.throttle.trustProxy);
    // Who and from where, never what was typed: the audit log must not become a password list.
    const who = { username: username.slice(0, 64), address, reqId: req.id };
    await signIn.check(username, address).catch((err: unknown) => {
      audit('sign_in.throttled', who, 'sign-in refused unchecked: too many wrong ones');
      throw err;
    });
    const rep = await store.repByUsername(username);
    const ok = await verifyPassword(password, rep?.passwordHash ?? DUMMY_HASH);
    if (!rep || !ok) {
      audit('sign_in.failed', who, 'sign-in failed: wrong username or password');
      await signIn.failed(username, address);
      throw new ProtocolError('unauthorized', 'wrong username or password');
    }
    await signIn.succeeded(username);
    // Told only after the right password, so it reveals nothing to a guesser.
    if ((await store.people.person(rep.id))?.disabledAt != null) {
      audit('sign_in.failed', { username: rep.username, repId: rep.id, address, reason: 'disabled', reqId: req.id }, 'sign-in refused: account disabled');
      throw new ProtocolError('forbidden', 'this account is disabled; ask an administrator to enable it');
    }
    const token = randomId(32);
    const expiresAt = Date.now() + config.repTokenTtlMs;
    await store.createRepToken(hashToken(token), rep.id, expiresAt);
    audit('sign_in.succeeded', { username: rep.username, repId: rep.id, role: rep.role, address, reqId: req.id }, 'signed in');
    const answer: LoginResponse = {
      token,
      expiresAt,
      rep: { id: rep.id, username: rep.username, displayName: rep.displayName, role: rep.role },
    };
    res.json(answer);
  });

  mount(api, ops.signOut, async (req, res) => {
    const { tokenHash, rep } = await requireRep(store, req);
    await store.deleteRepToken(tokenHash);
    hub.closeToken(tokenHash, 4001, 'signed out');
    await publishRepSignedOut(services.bus, { repId: rep.id, tokenHash });
    audit('sign_out', { username: rep.username, repId: rep.id, reqId: req.id }, 'signed out');
    res.status(204).end();
  });

  mount(api, ops.me, async (req, res) => {
    const { rep } = await requireRep(store, req);
    res.json({ rep: { id: rep.id, username: rep.username, displayName: rep.displayName, role: rep.role } });
  });

  mount(api, ops.createSession, async (req, res, input) => {
    // The site's intake rules (enabled, agreement, recording choice) live in click-to-chat.
    const request = input.body();
    await creation.consume(clientAddress(req, config.throttle.trustProxy));
    res.status(201).json(await clickToChat.createSession(request));
  });

  mount(api, ops.listSessions, async (req, res) => {
    const reader = await requireReader(services, req);
    const limit = queryInt(req.query.limit, 50, 1, 500);
    const records = await store.recentSessions(limit, readerRepId(reader));
    res.json({ sessions: await Promise.all(records.map((s) => sessions.view(s))) });
  });

  mount(api, ops.transcript, async (req, res) => {
    const id = sessionId(req.params.id);
    await requireSessionReader(services, req, id, 'no such session');
    res.json(await sessions.transcript(id));
  });

  mount(api, ops.peerCredentials, async (req, res) => {
    const session = await store.session(sessionId(req.params.id));
    if (!session) throw new ProtocolError('not_found', 'no such session');
    res.json(await issuePeerCredentials(services, session, await requireParty(store, req, session), hashToken(bearer(req) ?? '')));
  });

  return api;
}
