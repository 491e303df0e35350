import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { ProcessWatermark, noticeText } from './watermark-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'rs-watermark-process-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in overlay script: writes the text it was given and its pid, then stays up like the real ones. */
const SCRIPT = `require('node:fs').writeFileSync(process.env.OUT, JSON.stringify({ text: process.env.ORS_WATERMARK_TEXT, extra: process.env.EXTRA, pid: process.pid })); setInterval(() => {}, 1000);`;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('runs the overlay process with the text in its environment, and kills it on hide', async () => {
  const out = join(dir, 'shown.json');
  const watermark = new ProcessWatermark(process.execPath, ['-e', SCRIPT], { env: { OUT: out, EXTRA: 'kept' } });
  await watermark.show('Ada <b>Lovelace</b>');
  await vi.waitFor(() => expect(existsSync(out)).toBe(true), { timeout: 5000 });
  const shown = JSON.parse(readFileSync(out, 'utf8')) as { text: string; extra: string; pid: number };
  expect(shown).toMatchObject({ text: 'Remote support: Ada <b>Lovelace</b> is connected', extra: 'kept' });
  await watermark.close();
  await vi.waitFor(() => expect(alive(shown.pid)).toBe(false), { timeout: 5000 });
});

it("draws the extension's translated notice only when it names the representative", () => {
  expect(noticeText('Ada', 'Fernwartung: Ada ist verbunden')).toBe('Fernwartung: Ada ist verbunden');
  expect(noticeText('Ada', 'Nothing to see here')).toBe('Remote support: Ada is connected');
  expect(noticeText('Ada')).toBe('Remote support: Ada is connected');
});
