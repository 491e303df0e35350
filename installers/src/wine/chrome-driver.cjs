// Does what Chrome does to start a native messaging host on Windows, run by the Windows node.exe under
// Wine (Linux pipes break Wine's Node, so the test cannot be the browser itself): reads the host's
// registry key, reads the manifest it names, checks the caller is allowed, starts the host with the
// caller origin and --parent-window=0 over Windows pipes, and exchanges framed messages.
// Usage: node.exe chrome-driver.cjs <out.json> <registry key> <origin> <message JSON>...
// Writes { path, manifest, replies, exitCode, stderr } to out.json.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');

const [out, key, origin, ...messages] = process.argv.slice(2);
const result = { path: null, manifest: null, replies: [], exitCode: null, stderr: '' };
const finish = (error) => {
  if (error) result.error = String(error && error.stack || error);
  writeFileSync(out, JSON.stringify(result, null, 2));
  process.exit(0);
};
try {
  const query = execFileSync('reg', ['query', key, '/ve'], { encoding: 'utf8' });
  result.path = /REG_SZ\s+(.+?)\s*$/m.exec(query)[1];
  result.manifest = JSON.parse(readFileSync(result.path, 'utf8'));
  if (!result.manifest.allowed_origins.includes(origin)) throw new Error(`${origin} is not allowed`);
  const host = spawn(result.manifest.path, [origin, '--parent-window=0'], { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  let buffer = Buffer.alloc(0);
  let next = 0;
  const send = () => {
    if (next >= messages.length) return;
    const body = Buffer.from(messages[next++]);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(body.length);
    host.stdin.write(Buffer.concat([length, body]));
  };
  host.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 4 && buffer.length >= 4 + buffer.readUInt32LE(0)) {
      const size = buffer.readUInt32LE(0);
      result.replies.push(JSON.parse(buffer.subarray(4, 4 + size).toString('utf8')));
      buffer = buffer.subarray(4 + size);
      send();
    }
  });
  host.stderr.on('data', (chunk) => (result.stderr += chunk));
  host.on('error', finish);
  host.on('exit', (code) => {
    result.exitCode = code;
    finish();
  });
  send();
  setTimeout(() => finish(new Error('the host did not exit within 90 s')), 90_000).unref();
} catch (error) {
  finish(error);
}
