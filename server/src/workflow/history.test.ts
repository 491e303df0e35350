import { describe, expect, it } from 'vitest';
import { filesOf } from './history.ts';

describe('filesOf', () => {
  it('lists completed transfers with their direction, from the audit log', () => {
    const events = [
      { kind: 'file.offered', at: 1, data: { transferId: 't1', name: 'log.txt', size: 10, by: 'customer' } },
      { kind: 'file.offered', at: 2, data: { transferId: 't2', name: 'fix.ps1', size: 20, by: 'rep' } },
      { kind: 'file.offered', at: 3, data: { transferId: 't3', name: 'never.zip', size: 30, by: 'rep' } },
      { kind: 'file.completed', at: 4, data: { transferId: 't1', name: 'log.txt', size: 10, by: 'rep' } },
      { kind: 'file.completed', at: 5, data: { transferId: 't2', name: 'fix.ps1', size: 20, by: 'customer' } },
      { kind: 'file.declined', at: 6, data: { transferId: 't3', name: 'never.zip', size: 30, by: 'customer' } },
    ];
    expect(filesOf(events)).toEqual([
      { name: 'log.txt', size: 10, direction: 'from_customer', at: 4 },
      { name: 'fix.ps1', size: 20, direction: 'to_customer', at: 5 },
    ]);
  });
});
