import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONSOLE_EXTENSION, CUSTOMER_EXTENSION } from '@rs/protocol';
import { loadConfig } from './config.ts';
import { openStore } from './store/open.ts';
import { ensureAdmin } from './auth/admin.ts';
import { startServer } from './app.ts';
import { installLastResort } from './resilience/last-resort.ts';
import { InstallerChecks } from './elevation/installers.ts';

/** Composition root: config, store, first admin, server, and a clean shutdown. */
installLastResort();
const config = loadConfig();
const { store, description: storage } = await openStore(config).catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
console.log(`Storage: ${storage}`);
const admin = await ensureAdmin(store, config.adminUsername, config.adminPassword);
const running = await startServer(config, store);

const lines = [
  `Remote support server listening on ${running.url} (storage: ${storage})`,
  `  Public support page:  ${running.publicUrl}/`,
  `  Console sign-in:      server ${running.publicUrl}, username ${config.adminUsername}`,
];
if (admin.created && admin.generatedPassword)
  lines.push(`  Admin password (generated, shown only this once): ${admin.generatedPassword}`);
else if (admin.created) lines.push('  Admin password: the one given in ADMIN_PASSWORD');
else lines.push('  Admin password: set on first start (not shown again)');
for (const [label, ext] of [['Customer extension', CUSTOMER_EXTENSION], ['Console extension', CONSOLE_EXTENSION]] as const) {
  const dir = fileURLToPath(new URL(`../../extension/.output/${ext.name}/chrome-mv3`, import.meta.url));
  lines.push(`  ${label} (load unpacked): ${existsSync(dir) ? dir : `${dir} (not built: npm run build)`}`);
}
lines.push(`  Extension ids: customer ${CUSTOMER_EXTENSION.id}, console ${CONSOLE_EXTENSION.id}`);
console.log(lines.join('\n'));
// Each installer is checked before it is served; a broken one is named now (and at /readyz), not at a customer's download.
void new InstallerChecks(config.installersDir).all().then((states) =>
  console.log(`  Helper installers: ${Object.entries(states).map(([os, s]) => `${os} ${s.state === 'broken' ? `BROKEN (${s.reason})` : s.state}`).join(', ')}`),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void running.close().then(() => process.exit(0));
  });
