import { performance } from 'node:perf_hooks';
import { spawnHost, startXvfb } from '../native-host/src/testing.ts';
import { runInstaller } from '../installers/src/testing.ts';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { CUSTOMER_EXTENSION, NATIVE_PROTOCOL_VERSION } from '@rs/protocol';
const xvfb = await startXvfb(1280, 800);
const env = { ...process.env, DISPLAY: xvfb.display, ORS_HOST_TRACE: '1' };
const paths = process.argv.slice(2).map((inst) => { const w = mkdtempSync('/tmp/hb/inst-'); return runInstaller(inst, join(w, 'home'), join(w, 'm'), env); });
const xs: number[][] = paths.map(() => []);
let lastErr = '';
for (let i = 0; i < 8; i++) for (let k = 0; k < paths.length; k++) {
  const t0 = performance.now();
  const host = spawnHost(paths[k]!, [`chrome-extension://${CUSTOMER_EXTENSION.id}/`], env);
  host.send({ type: 'hello', id: 'h', v: NATIVE_PROTOCOL_VERSION });
  await host.next();
  xs[k]!.push(performance.now() - t0);
  if (k === paths.length - 1 && i === 7) { host.send({ type: 'watermark.show', id: 'w', repName: 'A' }); console.log(JSON.stringify(await host.next((m) => 'id' in m && m.id === 'w'))); await new Promise((r) => setTimeout(r, 100)); lastErr = host.stderr(); }
  host.kill(); await host.exited;
}
xs.forEach((x, k) => console.log(process.argv[2 + k], x.map((v) => v.toFixed(0)).sort((a, b) => +a - +b).join(' ')));
console.log(lastErr);
await xvfb.close();
