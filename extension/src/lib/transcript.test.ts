import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '@rs/protocol';
import { mergeEarlier, mergeMessage } from './transcript.ts';

const line = (seq: number, id = `msg_${String(seq).padStart(8, '0')}`): ChatMessage => ({
  id,
  sessionId: 'sess_0001abcd',
  seq,
  author: 'rep',
  authorName: 'Rep',
  text: `line ${seq}`,
  at: seq,
});

describe('mergeMessage', () => {
  it('keeps lines in seq order', () => {
    const merged = mergeMessage([line(1), line(3)], line(2));
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('ignores a line it already has', () => {
    const list = [line(1), line(2)];
    expect(mergeMessage(list, line(2))).toBe(list);
  });
});

describe('mergeEarlier', () => {
  it('puts an older page in front, in seq order, without repeating lines already shown', () => {
    const merged = mergeEarlier([line(3), line(4)], [line(1), line(2), line(3)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });
});
