import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const LAST_RESORT = fileURLToPath(new URL('./last-resort.ts', import.meta.url));

// A real process: throws from a timer and rejects a promise nobody awaits, then must still run its next timer.
const script = `
  const { installLastResort } = await import(${JSON.stringify(LAST_RESORT)});
  installLastResort();
  setTimeout(() => { throw new Error('escaped a handler'); }, 1);
  setTimeout(() => void Promise.reject(new Error('nobody awaited this')), 2);
  setTimeout(() => { console.log('still serving'); process.exit(0); }, 50);
`;

it('logs an uncaught exception and an unhandled rejection with a correlation id, and the process goes on', () => {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, LOG_LEVEL: 'info' } });
  expect(result.stdout).toContain('still serving');
  expect(result.status).toBe(0);
  // JSON log lines (pino): the reference is a field and is quoted in the message.
  const lines = result.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: string; ref: string; msg: string; err: { message: string } });
  expect(lines).toHaveLength(2);
  expect(lines).toEqual(expect.arrayContaining([
    expect.objectContaining({ level: 'fatal', ref: expect.stringMatching(/^[0-9a-f]{12}$/), msg: expect.stringMatching(/^uncaught exception, still serving \(ref [0-9a-f]{12}\)$/), err: expect.objectContaining({ message: 'escaped a handler' }) }),
    expect.objectContaining({ level: 'fatal', msg: expect.stringContaining('unhandled rejection'), err: expect.objectContaining({ message: 'nobody awaited this' }) }),
  ]));
});
