import { describe, expect, it } from 'vitest';
import { queueMeta, recordingLabel } from './Queue.tsx';

describe('queue entry details', () => {
  it('names the site and the recording choice', () => {
    expect(queueMeta({ sessionId: 'sess_0001abcd', customerName: 'A', queuedAt: 0, siteName: 'Support', recordingAllowed: true })).toBe('Site: Support · Recording allowed');
    expect(queueMeta({ sessionId: 'sess_0001abcd', customerName: 'A', queuedAt: 0, recordingAllowed: false })).toBe('Recording refused');
    expect(recordingLabel(null)).toBe('Recording not asked');
    expect(recordingLabel(undefined)).toBe('Recording not asked');
  });
});
