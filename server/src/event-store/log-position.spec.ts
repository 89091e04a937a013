import { compareLogPositions, decodeLogPosition, encodeLogPosition } from './log-position';

describe('log positions as opaque cursors', () => {
  it('round-trips and sorts as text in commit order', () => {
    const positions = [
      { transactionId: '9', globalPosition: '100' },
      { transactionId: '10', globalPosition: '2' },
      { transactionId: '10', globalPosition: '11' },
    ];
    const cursors = positions.map(encodeLogPosition);
    expect([...cursors].sort()).toEqual(cursors);
    expect(cursors.map(decodeLogPosition)).toEqual(positions);
    expect(compareLogPositions(positions[0], positions[1])).toBe(-1);
    expect(compareLogPositions(positions[2], positions[1])).toBe(1);
  });

  it('rejects what it did not make', () => {
    expect(decodeLogPosition('abc')).toBeNull();
    expect(decodeLogPosition('1-')).toBeNull();
  });
});
