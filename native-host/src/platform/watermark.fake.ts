import type { Uninstaller, Watermark } from './types.ts';

export class FakeWatermark implements Watermark {
  shownFor: string | null = null;
  closed = false;
  async show(repName: string): Promise<void> {
    this.shownFor = repName;
  }
  async hide(): Promise<void> {
    this.shownFor = null;
  }
  async close(): Promise<void> {
    this.shownFor = null;
    this.closed = true;
  }
}

export class FakeUninstaller implements Uninstaller {
  calls = 0;
  async uninstall(): Promise<string[]> {
    this.calls++;
    return ['manifest.json'];
  }
}
