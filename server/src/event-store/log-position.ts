import { LogPosition } from './event.types';

export const START_OF_LOG: LogPosition = { transactionId: '0', globalPosition: '0' };

const WIDTH = 20;

/** An opaque cursor that sorts as text in commit order: zero-padded transaction id and position. */
export function encodeLogPosition(position: LogPosition): string {
  return `${position.transactionId.padStart(WIDTH, '0')}-${position.globalPosition.padStart(WIDTH, '0')}`;
}

export function decodeLogPosition(cursor: string): LogPosition | null {
  const match = /^(\d{1,20})-(\d{1,20})$/.exec(cursor);
  if (!match) return null;
  return { transactionId: BigInt(match[1]).toString(), globalPosition: BigInt(match[2]).toString() };
}

export function compareLogPositions(a: LogPosition, b: LogPosition): number {
  const tx = BigInt(a.transactionId) - BigInt(b.transactionId);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const gp = BigInt(a.globalPosition) - BigInt(b.globalPosition);
  return gp === 0n ? 0 : gp < 0n ? -1 : 1;
}
