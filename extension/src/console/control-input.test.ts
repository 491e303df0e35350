import { describe, expect, it } from 'vitest';
import { parseControlInput } from '@rs/protocol';
import { keyInput, latestPosition, moveEventName, videoPoint, wheelSteps } from './control-input.ts';

const key = (key: string, code = '', mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) =>
  keyInput({ key, code, ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, ...mods });

describe('videoPoint', () => {
  const frame = { width: 1280, height: 800 };
  it('maps the whole element when the frame fills it', () => {
    const box = { left: 10, top: 20, width: 640, height: 400 };
    expect(videoPoint(10, 20, box, frame)).toEqual({ x: 0, y: 0 });
    expect(videoPoint(650, 420, box, frame)).toEqual({ x: 1, y: 1 });
    expect(videoPoint(170, 120, box, frame)).toEqual({ x: 0.25, y: 0.25 });
  });
  it('is aware of pillarbox bars (element wider than the frame)', () => {
    const box = { left: 0, top: 0, width: 1000, height: 400 }; // frame shown 640 wide, 180 px bars
    expect(videoPoint(100, 200, box, frame)).toBeNull();
    expect(videoPoint(180, 0, box, frame)).toEqual({ x: 0, y: 0 });
    expect(videoPoint(500, 200, box, frame)).toEqual({ x: 0.5, y: 0.5 });
  });
  it('is aware of letterbox bars (element taller than the frame)', () => {
    const box = { left: 0, top: 0, width: 640, height: 600 }; // frame shown 400 high, 100 px bars
    expect(videoPoint(320, 50, box, frame)).toBeNull();
    expect(videoPoint(320, 100, box, frame)).toEqual({ x: 0.5, y: 0 });
    expect(videoPoint(160, 400, box, frame)).toEqual({ x: 0.25, y: 0.75 });
  });
  it('has no point before the first frame', () => {
    expect(videoPoint(1, 1, { left: 0, top: 0, width: 10, height: 10 }, { width: 0, height: 0 })).toBeNull();
  });
});

describe('keyInput', () => {
  it('types printable characters as text, any script', () => {
    expect(key('a', 'KeyA')).toEqual({ type: 'key.type', text: 'a' });
    expect(key('A', 'KeyA', { shiftKey: true })).toEqual({ type: 'key.type', text: 'A' });
    expect(key('é')).toEqual({ type: 'key.type', text: 'é' });
  });
  it('presses named keys and chords with their modifiers', () => {
    expect(key('Enter', 'Enter')).toEqual({ type: 'key.press', keys: ['Return'] });
    expect(key(' ', 'Space')).toEqual({ type: 'key.press', keys: ['Space'] });
    expect(key('a', 'KeyA', { ctrlKey: true })).toEqual({ type: 'key.press', keys: ['LeftControl', 'A'] });
    expect(key('Tab', 'Tab', { shiftKey: true })).toEqual({ type: 'key.press', keys: ['LeftShift', 'Tab'] });
    expect(key('1', 'Digit1', { altKey: true })).toEqual({ type: 'key.press', keys: ['LeftAlt', 'Num1'] });
  });
  it('ignores modifiers alone and keys the host does not know', () => {
    expect(key('Shift', 'ShiftLeft', { shiftKey: true })).toBeNull();
    expect(key('MediaPlayPause', 'MediaPlayPause')).toBeNull();
  });
  it('gives only messages the host accepts', () => {
    for (const k of [key('x', 'KeyX'), key('ArrowLeft', 'ArrowLeft'), key('z', 'KeyZ', { ctrlKey: true, altKey: true, metaKey: true, shiftKey: true })]) {
      expect(parseControlInput(k).ok).toBe(true);
    }
  });
});

describe('wheelSteps', () => {
  it('turns pixel, line and page deltas into whole steps, at least one', () => {
    expect(wheelSteps(0, 100, 0)).toEqual({ dx: 0, dy: 1 });
    expect(wheelSteps(0, -30, 0)).toEqual({ dx: 0, dy: -1 });
    expect(wheelSteps(6, 0, 1)).toEqual({ dx: 2, dy: 0 });
    expect(wheelSteps(0, 1e9, 0)).toEqual({ dx: 0, dy: 50 });
  });
});

describe('pointer moves', () => {
  it('follow pointerrawupdate where the browser has it, pointermove elsewhere', () => {
    expect(moveEventName({ onpointerrawupdate: null })).toBe('pointerrawupdate');
    expect(moveEventName({})).toBe('pointermove');
  });

  it('take the newest coalesced position, or the event itself without any', () => {
    const e = { clientX: 1, clientY: 2 };
    expect(latestPosition(e)).toBe(e);
    expect(latestPosition({ ...e, getCoalescedEvents: () => [] })).toMatchObject(e);
    expect(latestPosition({ ...e, getCoalescedEvents: () => [{ clientX: 3, clientY: 4 }, { clientX: 5, clientY: 6 }] })).toEqual({ clientX: 5, clientY: 6 });
  });
});
