import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from './config.ts';
import { openStore } from './store/open.ts';
import { ensureAdmin } from './auth/admin.ts';
import { startServer } from './app.ts';
import { installLastResort } from './resilience/last-resort.ts';
import { configureLogging, log } from './observability/log.ts';
import { InstallerChecks } from './elevation/installers.ts';

/** A start that cannot go on: one line on stderr (the sentence alone, no stack trace) and a non-zero exit. */
function stop(err: unknown, code: number): never {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(code);
}

/** Composition root: config, logger, store, first admin, server, and a clean shutdown. */
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  stop(err, 2);
}
// A person at a terminal (npm start) reads lines; a service manager or container collects JSON.
configureLogging(config.observability.logLevel, config.observability.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json'));
installLastResort();
const { store, description: storage } = await openStore(config).catch((err: unknown) => stop(err, 1));
log.info(`Storage: ${storage}`);
const admin = await ensureAdmin(store, config.adminUsername, config.adminPassword);
const running = await startServer(config, store);

// The first screen of a start, one line each (the first is what scripts and tests wait for; its fields are for log pipelines).
log.info({ url: running.url, publicUrl: running.publicUrl, storage }, `Remote support server listening on ${running.url} (storage: ${storage})`);
log.info(`Public support page: ${running.publicUrl}/`);
log.info(`Console sign-in: server ${running.publicUrl}, username ${config.adminUsername}`);
if (admin.created && admin.generatedPassword) log.info(`Admin password (generated, shown only this once): ${admin.generatedPassword}`);
else if (admin.created) log.info('Admin password: the one given in ADMIN_PASSWORD');
else log.info('Admin password: set on first start (not shown again)');
for (const [label, name] of [['Customer extension', 'customer'], ['Console extension', 'console']] as const) {
  const dir = fileURLToPath(new URL(`../../extension/.output/${name}/chrome-mv3`, import.meta.url));
  log.info(`${label} (load unpacked): ${existsSync(dir) ? dir : `${dir} (not built: npm run build)`}`);
}
log.info(`Extension ids: customer ${config.extensions.customerIds.join(', ')}, console ${config.extensions.consoleIds.join(', ')}`);
// Each installer is checked before it is served; a broken one is named now (and at /readyz), not at a customer's download.
void new InstallerChecks(config.installersDir).all().then((states) =>
  log.info(`Helper installers: ${Object.entries(states).map(([os, s]) => `${os} ${s.state === 'broken' ? `BROKEN (${s.reason})` : s.state}`).join(', ')}`),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log.info({ signal }, 'shutting down');
    void running.close().then(() => process.exit(0));
  });
