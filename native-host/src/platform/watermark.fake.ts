import type { Uninstaller, Watermark } from './types.ts';
import { noticeText } from './watermark-process.ts';

export class FakeWatermark implements Watermark {
  shownFor: string | null = null;
  shownText: string | null = null;
  closed = false;
  async show(repName: string, text?: string): Promise<void> {
    this.shownFor = repName;
    this.shownText = noticeText(repName, text);
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
