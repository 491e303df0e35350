import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { CONSOLE_EXTENSION, CUSTOMER_EXTENSION, ERROR_CODES } from '@rs/protocol';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const run = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [CLI, ...args], { env, input: '', timeout: 20_000 });

it('refuses any caller but the customer extension, before touching the desktop', () => {
  const result = run([`chrome-extension://${CONSOLE_EXTENSION.id}/`], { ...process.env });
  expect(result.status).toBe(ERROR_CODES.forbidden);
  expect(result.stdout.length).toBe(0);
  expect(result.stderr.toString()).toContain('refused caller');
});

it('without an X display, exits with a clear error instead of crashing in nut.js', () => {
  const env = { ...process.env };
  delete env.DISPLAY;
  const result = run([`chrome-extension://${CUSTOMER_EXTENSION.id}/`], env);
  expect(result.signal).toBeNull();
  expect(result.status).toBe(ERROR_CODES.internal);
  expect(result.stderr.toString()).toContain('no X display');
  expect(result.stdout.length).toBe(0);
});
