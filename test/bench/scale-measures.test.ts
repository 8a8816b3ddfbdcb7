import { describe, expect, it } from 'vitest';
import { commitLags } from '../../bench/lib/commit-progress.ts';
import { socketStatesOnPort } from '../../bench/lib/tcp-sockets.ts';

// The scale bench's pure measures: lag from a 202 to the commit that covers it, and sockets by port.
describe('commitLags', () => {
  it('times each answer, in order, to the first sample whose commits cover it', () => {
    const samples = [
      { at: 100, committed: 10 },
      { at: 150, committed: 11 },
      { at: 200, committed: 13 },
    ];
    // Baseline 10: the first answer needs 11 committed, the second and third 12 and 13.
    expect(commitLags([120, 90, 130], samples, 10)).toEqual([60, 80, 70]);
  });

  it('leaves an answer no sample covers as NaN rather than guessing', () => {
    expect(commitLags([5, 6], [{ at: 10, committed: 1 }], 0)).toEqual([5, Number.NaN]);
  });
});

describe('socketStatesOnPort', () => {
  const table = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:1E61 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1',
    '   1: 0100007F:1E61 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 222 1',
    '   2: 0100007F:D2F0 0100007F:1E61 01 00000000:00000000 00:00000000 00000000     0        0 333 1',
  ].join('\n');

  it('keeps the sockets whose local port is the one asked, by inode', () => {
    // 0x1E61 = 7777: the listener and the connection it accepted, not the client's end.
    expect([...socketStatesOnPort(table, 7777)]).toEqual([
      ['111', '0A'],
      ['222', '01'],
    ]);
  });
});
