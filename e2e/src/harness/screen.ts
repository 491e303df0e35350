import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';

export type Rgb = [number, number, number];
export const RED: Rgb = [255, 0, 0];
export const GREEN: Rgb = [0, 255, 0];
export const BLUE: Rgb = [0, 0, 255];
export const YELLOW: Rgb = [255, 255, 0];
/** Stripe width in CSS pixels; the pattern is four stripes from the left edge. */
export const STRIPE = 250;

/** A page of four full-height colour stripes, in its own window at the top left of the screen (on top of the others). */
export async function openPattern(browser: Browser, title: string, colours: Rgb[]): Promise<Page> {
  const page = await browser.newPage({ type: 'window', windowBounds: { left: 0, top: 0, width: 1280, height: 800 } });
  const stripes = colours.map((c, i) => `<div style="position:fixed;top:0;bottom:0;left:${i * STRIPE}px;width:${STRIPE}px;background:rgb(${c.join(',')})"></div>`).join('');
  await page.setContent(`<!doctype html><title>${title}</title><body style="margin:0;background:#fff">${stripes}</body>`);
  return page;
}

/** Where to sample a frame of the given size, in frame pixels. */
export type Points = (width: number, height: number) => [number, number][];

/** The colours of a <video> (found by accessible name) at points of its current frame. */
export async function sampleVideo(page: Page, label: string, points: Points): Promise<Rgb[] | null> {
  const size = await page.evaluate((label) => {
    const video = document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement | null;
    return video ? [video.videoWidth, video.videoHeight] : null;
  }, label);
  if (!size || size[0] === 0) return null;
  const at = points(size[0]!, size[1]!);
  return page.evaluate(
    (label, points) => {
      const video = document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement | null;
      if (!video || video.videoWidth === 0) return null;
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) return null;
      ctx.drawImage(video, 0, 0);
      return points.map(([x, y]) => {
        const d = ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data;
        return [d[0], d[1], d[2]] as [number, number, number];
      });
    },
    label,
    at,
  );
}

const close = (a: Rgb, b: Rgb) => a.every((v, i) => Math.abs(v - b[i]!) <= 70);

/** Waits until the video shows the expected colours at the points (video coding shifts colours a little). */
export async function waitForColours(page: Page, label: string, points: Points, expected: Rgb[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: Rgb[] | null = null;
  while (Date.now() < deadline) {
    last = await sampleVideo(page, label, points);
    if (last && last.every((c, i) => close(c, expected[i]!))) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  const png = await page.evaluate((label) => {
    const video = document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement | null;
    if (!video) return null;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')?.drawImage(video, 0, 0);
    return canvas.toDataURL('image/png').split(',')[1] ?? null;
  }, label);
  if (png) writeFileSync(join(tmpdir(), 'rs-e2e-last-frame.png'), Buffer.from(png, 'base64'));
  throw new Error(`the video "${label}" never showed ${JSON.stringify(expected)}; last seen ${JSON.stringify(last)}`);
}

/** Stripe centres in a frame of the whole screen (the pattern window at the top left, below ~100 px of browser chrome). */
export const screenStripes = (screenWidth: number, screenHeight: number): Points => (w, h) =>
  [0, 1, 2, 3].map((i) => [((i * STRIPE + STRIPE / 2) * w) / screenWidth, ((100 + (screenHeight - 100) / 2) * h) / screenHeight]);

/** Stripe centres in a frame of the captured tab itself (CSS pixels at device scale 1). */
export const tabStripes: Points = (_w, h) => [0, 1, 2, 3].map((i) => [i * STRIPE + STRIPE / 2, h / 2]);

/** Whether every track of the MediaStream held by the <video> with this name has ended (null when there is none). */
export function tracksOf(page: Page, label: string) {
  return page.evaluateHandle((label) => (document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement | null)?.srcObject ?? null, label);
}
