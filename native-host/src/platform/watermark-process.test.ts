import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { OVERLAY_UP, ProcessWatermark, noticeText } from './watermark-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'rs-watermark-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in overlay script: writes the text it was given and its pid, reports that it is up, then stays up like the real ones. */
const SCRIPT = `require('node:fs').writeFileSync(process.env.OUT, JSON.stringify({ text: process.env.ORS_WATERMARK_TEXT, extra: process.env.EXTRA, pid: process.pid })); console.log('${OVERLAY_UP}'); setInterval(() => {}, 1000);`;
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
  // show() resolved: the overlay had reported that it was up, after writing this.
  expect(existsSync(out)).toBe(true);
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

it('is a typed error, not ok, when the overlay cannot start, ends at once, or never reports that it is up', async () => {
  const unavailable = { code: 'watermark_unavailable' };
  // No such program (no PowerShell).
  await expect(new ProcessWatermark(join(dir, 'no-such-program'), []).show('Ada')).rejects.toMatchObject(unavailable);
  // A program that exits at once (Wine's powershell.exe is such a stub).
  await expect(new ProcessWatermark(process.execPath, ['-e', 'process.exit(0)']).show('Ada')).rejects.toMatchObject({ ...unavailable, message: expect.stringContaining('before it was up') });
  // One that stays but never says it is up: killed, and reported.
  const out = join(dir, 'silent.json');
  const silent = `require('node:fs').writeFileSync(process.env.OUT, String(process.pid)); setInterval(() => {}, 1000);`;
  await expect(new ProcessWatermark(process.execPath, ['-e', silent], { env: { OUT: out } }, 5000).show('Ada')).rejects.toMatchObject(unavailable);
  await vi.waitFor(() => expect(alive(Number(readFileSync(out, 'utf8')))).toBe(false), { timeout: 5000 });
}, 30_000);
