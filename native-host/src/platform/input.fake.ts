import type { KeyName, MouseButton } from '@rs/protocol';
import type { InputDriver, Point, Rect } from './types.ts';

/** Records what would have been injected; `customerMoves` simulates the customer's own mouse. */
export class FakeInput implements InputDriver {
  readonly events: string[] = [];
  pointer: Point = { x: 0, y: 0 };
  screens: Rect[] = [{ x: 0, y: 0, width: 1000, height: 500 }];

  async monitors(): Promise<Rect[]> {
    return this.screens;
  }
  async position(): Promise<Point> {
    return { ...this.pointer };
  }
  async move(to: Point): Promise<void> {
    this.pointer = { ...to };
    this.events.push(`move ${to.x},${to.y}`);
  }
  async click(button: MouseButton): Promise<void> {
    this.events.push(`click ${button}`);
  }
  async doubleClick(): Promise<void> {
    this.events.push('doubleClick');
  }
  async wheel(dx: number, dy: number): Promise<void> {
    this.events.push(`wheel ${dx},${dy}`);
  }
  async keys(keys: readonly KeyName[]): Promise<void> {
    this.events.push(`keys ${keys.join('+')}`);
  }
  async type(text: string): Promise<void> {
    this.events.push(`type ${text}`);
  }
  customerMoves(to: Point): void {
    this.pointer = { ...to };
  }
}
