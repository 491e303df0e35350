import { afterAll, beforeAll } from 'vitest';
import { startXvfb, type TestDisplay } from '../testing.ts';
import { connectX11, type X11 } from './x11-client.ts';

/**
 * A private Xvfb for one test file, with a connected X11 client: started
 * before the file's tests, closed after them. Read `display` and `x` inside
 * tests (they are set by then).
 */
export function useX11Display(width = 1280, height = 800, more: Array<[number, number]> = []): { readonly display: TestDisplay; readonly x: X11 } {
  let xvfb: TestDisplay | undefined;
  let x: X11 | undefined;
  beforeAll(async () => {
    xvfb = await startXvfb(width, height, more);
    x = await connectX11(xvfb.display);
  });
  afterAll(async () => {
    x?.close();
    await xvfb?.close();
  });
  return {
    get display() {
      return xvfb!;
    },
    get x() {
      return x!;
    },
  };
}
