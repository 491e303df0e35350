import { main } from './main.ts';

// Runs the host from source: `node native-host/src/cli.ts chrome-extension://ID/`.
// ORS_HOST_DIR names the install folder (install record, native addon), if any.
const code = await main(process.argv.slice(2), process.env.ORS_HOST_DIR || null);
process.exit(code);
