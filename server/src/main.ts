import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.ts';
import { openStore } from './store/open.ts';
import { ensureAdmin } from './auth/admin.ts';
import { startServer } from './app.ts';
import { installLastResort } from './resilience/last-resort.ts';

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
for (const [label, name] of [['Customer extension', 'customer'], ['Console extension', 'console']] as const) {
  const dir = fileURLToPath(new URL(`../../extension/.output/${name}/chrome-mv3`, import.meta.url));
  lines.push(`  ${label} (load unpacked): ${existsSync(dir) ? dir : `${dir} (not built: npm run build)`}`);
}
lines.push(`  Extension ids: customer ${config.extensions.customerIds.join(', ')}, console ${config.extensions.consoleIds.join(', ')}`);
console.log(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void running.close().then(() => process.exit(0));
  });
