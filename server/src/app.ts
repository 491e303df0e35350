import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { PROTOCOL_VERSION, ProtocolError } from '@rs/protocol';
import type { Config } from './config.ts';
import type { Store } from './store/store.ts';
import { Hub } from './live/hub.ts';
import { Sessions } from './sessions/service.ts';
import { LiveGateway, authenticate, tokenFromSubprotocols } from './live/gateway.ts';
import { apiRouter, jsonBody } from './http/api.ts';
import { jsonErrors, route } from './http/errors.ts';
import type { Services } from './services.ts';
import { allowedOrigins, originPolicy } from './http/origins.ts';
import { cors, customerOnlyOrigins } from './http/cors.ts';
import { mountPeer, PEER_SOCKET_PATH } from './peer/mount.ts';
import { Permissions } from './permissions/service.ts';
import { permissionsRouter } from './permissions/routes.ts';
import { failSafeOnStart, followRepChanges } from './permissions/lifecycle.ts';
import { onSessionClosed } from './screen/handlers.ts';
import { Recordings } from './recordings/service.ts';
import { LocalDiskStorage } from './recordings/storage.ts';
import { recordingsRouter } from './recordings/routes.ts';
import { ClickToChat } from './click-to-chat/service.ts';
import { clickToChatRouter } from './click-to-chat/routes.ts';
import { mountWebChat } from './click-to-chat/web.ts';
import { Elevation } from './elevation/service.ts';
import { InstallerChecks, installersRouter } from './elevation/installers.ts';
import { startWorkflow } from './workflow/mount.ts';
import { FileTransfers } from './files/service.ts';
import { RelayStore } from './files/relay-store.ts';
import { filesRouter } from './files/routes.ts';
import { peopleRouter } from './people/routes.ts';
import type { Bus } from './cluster/bus.ts';
import { clusterParts } from './cluster/node.ts';
import { securityHeaders } from './hygiene/headers.ts';
import { rejectMalformedUrl } from './hygiene/url-encoding.ts';
import { ChatLimits } from './limits/chat-limits.ts';
import { SocketQuota } from './limits/socket-guard.ts';
import { clientAddress } from './throttle/client-address.ts';
import { limitConnectionsPerAddress } from './limits/connections.ts';
import { internalError } from './resilience/internal-error.ts';
import { healthCheck, readinessCheck } from './http/health.ts';
import { mount } from './http/operation.ts';
import { healthz, metricsOp, readyz } from './http/operations.ts';
import { Metrics } from './observability/metrics.ts';
import { metricsEndpoint } from './observability/metrics-route.ts';
import { requestLog } from './observability/http-log.ts';

export const VERSION = '0.1.0';
const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export interface RunningServer {
  server: Server;
  /** The address the server is bound to. */
  url: string;
  /** The address people use: PUBLIC_URL, or the bound address. */
  publicUrl: string;
  sessions: Sessions;
  permissions: Permissions;
  /** This node's Prometheus registry (also served at /metrics). */
  metrics: Metrics;
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}

/** Wires HTTP, the REST API, the live gateway and the PeerJS mount on one port, and starts listening. */
export interface StartOptions {
  /** The fan-out between nodes; default: one made from the config (in process unless REDIS_URL). Tests pass one to join two servers. */
  bus?: Bus;
}

/** An upgrading or upgraded socket's error: it is dropped (as `this`, so the listener holds nothing else). */
function destroySocket(this: Duplex): void {
  this.destroy();
}

export async function startServer(config: Config, store: Store, options: StartOptions = {}): Promise<RunningServer> {
  let closing: Promise<void> | null = null;
  const app = express();
  app.disable('x-powered-by');
  const metrics = new Metrics(store);
  // req.ip and req.protocol follow the same TRUST_PROXY rules as throttle/client-address.ts.
  app.set('trust proxy', config.throttle.trustProxy ?? false);
  const server = createServer(app);
  limitConnectionsPerAddress(server, config);
  const cluster = clusterParts(config.cluster, options.bus);
  const { bus, counters } = cluster;
  const hub = new Hub({ bus, presence: cluster.presence });
  await hub.start();
  const sessions = new Sessions(store, hub, {
    customerGraceMs: config.customerGraceMs,
    chatLimits: new ChatLimits(counters, config.limits),
    snapshotLines: config.limits.helloTranscriptLines,
    bus,
    sweepMs: config.cluster.sweepMs,
  });
  await sessions.start();
  const clickToChat = new ClickToChat(store, hub, sessions);
  await clickToChat.ensureDefaultSite();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // With PORT=0 the real port is known only now; the public URL's origin and the bound one are both allowed.
  const publicUrl = config.publicUrl ?? url;
  const origins = originPolicy(allowedOrigins(publicUrl, config.extraOrigins, url, config.extensions));

  const permissions = new Permissions(store, hub);
  const recordings = new Recordings(store, new LocalDiskStorage(config.recordingsDir));
  sessions.onSessionClosed((session) => onSessionClosed(session, { permissions }));
  const relay = new RelayStore(config.fileRelayDir, store, { perSession: config.limits.relayMaxBytesPerSession, total: config.limits.relayMaxBytesTotal });
  // Only files no open transfer holds: the folder may be shared with other nodes whose transfers are moving.
  await relay.sweep();
  const files = new FileTransfers(store, hub, permissions, relay, config.fileMaxBytes);
  sessions.onSessionClosed((session) => files.onSessionClosed(session));
  const services: Services = { config: { ...config, publicUrl }, store, hub, sessions, permissions, recordings, clickToChat, elevation: new Elevation(store, hub), files, counters, bus, metrics };
  const stopFollowingReps = await followRepChanges(services);
  await failSafeOnStart(services);
  const gateway = new LiveGateway(services);
  const workflow = await startWorkflow(services);

  app.use(requestLog(metrics));
  app.use(securityHeaders(config.security, [...new Set([publicUrl, url].map((u) => new URL(u).origin))]));
  app.use(rejectMalformedUrl);
  app.use(cors(origins));
  app.use('/api', customerOnlyOrigins(origins, store));
  // The PeerJS relay's counters on this node (frames relayed, dropped as not between one session's parties).
  const health = healthCheck(VERSION, store, config.cluster.redisUrl ? () => cluster.ping() : null, () => peer.stats());
  mount(app, healthz, async (req, res) => health(req, res, () => undefined), { under: '' });
  // Whether the installers served are whole (a broken one is refused and named here and in the log).
  const installerChecks = new InstallerChecks(config.installersDir);
  const ready = readinessCheck(store, config.cluster.redisUrl ? () => cluster.ping() : null, () => closing !== null, () => installerChecks.all());
  mount(app, readyz, async (req, res) => ready(req, res, () => undefined), { under: '' });
  const scrape = metricsEndpoint(metrics, config.observability.metricsToken);
  mount(app, metricsOp, async (req, res) => scrape(req, res, () => undefined), { under: '' });
  app.use('/api', jsonBody);
  // Each feature mounts its own router here.
  app.use('/api', apiRouter(services));
  app.use('/api', permissionsRouter(services), recordingsRouter(services));
  app.use('/api', clickToChatRouter(services));
  app.use('/api', installersRouter(services, installerChecks));
  for (const router of workflow.routers) app.use('/api', router);
  app.use('/api', filesRouter(services));
  app.use('/api', peopleRouter(services));
  app.use('/api', route(async () => {
    throw new ProtocolError('not_found', 'no such API route');
  }));
  const peer = mountPeer(app, server, config.limits, { store, bus, maxPeers: config.peerMaxPeers });
  metrics.readPeer(() => peer.stats(), () => peer.socketCount());
  mountWebChat(app, store);
  app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));
  // Our own 404, so it keeps the security headers (Express's default one replaces the CSP with its own).
  app.use((_req, res) => void res.status(404).type('text/plain').send('Not Found'));
  app.use(jsonErrors);

  // Anonymous sockets (customers' live and PeerJS sockets) per address over all their sessions: each session has
  // its own limits, but one address may start a new session every few seconds and keep all of them open.
  const customerSockets = new SocketQuota();
  const customerMayOpen = (req: IncomingMessage, socket: Duplex) =>
    customerSockets.take(clientAddress(req, config.throttle.trustProxy), config.limits.customerSocketsPerAddress, socket);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Not a closure made here: one would keep this scope, and `req` in it, for the socket's whole life.
    socket.on('error', destroySocket);
    void (async () => {
      if (!origins.allows(req.headers.origin)) return refuse(socket, 403, 'Forbidden');
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/api/ws') {
        const token = tokenFromSubprotocols(req);
        const auth = token ? await authenticate(store, token, Date.now()) : null;
        if (!auth) return refuse(socket, 401, 'Unauthorized');
        if (!origins.trustedAs(req.headers.origin, auth.actor.role === 'customer' ? 'customer' : 'rep')) return refuse(socket, 403, 'Forbidden');
        if (auth.actor.role === 'customer' && !customerMayOpen(req, socket)) return gateway.refuseTooMany(req, socket, head);
        return gateway.upgrade(req, socket, head, auth);
      }
      if (path === PEER_SOCKET_PATH) {
        const issued = await peer.authorize(store, req);
        if (!issued) return refuse(socket, 401, 'Unauthorized');
        if (!origins.trustedAs(req.headers.origin, issued.side === 'customer' ? 'customer' : 'rep')) return refuse(socket, 403, 'Forbidden');
        if (issued.side === 'customer' && !customerMayOpen(req, socket)) return refuse(socket, 429, 'Too Many Requests');
        if (!peer.upgrade(req, socket, head)) refuse(socket, 429, 'Too Many Requests');
        return;
      }
      refuse(socket, 404, 'Not Found');
    })().catch((err: unknown) => {
      const { message } = internalError('upgrade', err);
      refuse(socket, 500, message);
    });
  });

  // Subscribed to the cluster's session and sign-in events before anyone is told the server is up.
  await peer.ready;
  return {
    server,
    url,
    publicUrl,
    sessions,
    permissions,
    metrics,
    close: () =>
      (closing ??= (async () => {
        sessions.close();
        await stopFollowingReps();
        clickToChat.close();
        workflow.close();
        hub.closeAll(1001, 'server shutting down');
        gateway.close();
        peer.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await hub.stop();
        await cluster.close();
        await store.close();
      })()),
  };
}
