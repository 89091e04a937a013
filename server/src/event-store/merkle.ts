import { createHash } from 'node:crypto';

/** A stream's head as a digest covers it: its version and the hash of its event at that version (hex). */
export interface StreamHead {
  streamId: string;
  version: number;
  hash: string;
}

const sha256 = (...parts: Buffer[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** 0x00, the stream id's UTF-8 length (4 bytes) and bytes, the version (8 bytes), the head hash: one leaf. */
export function leafHash(head: StreamHead): Buffer {
  const id = Buffer.from(head.streamId, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(id.length);
  const version = Buffer.alloc(8);
  version.writeBigUInt64BE(BigInt(head.version));
  return sha256(Buffer.of(0), length, id, version, Buffer.from(head.hash, 'hex'));
}

/**
 * The Merkle root over stream heads, hex: leaves sorted by the stream id's
 * UTF-8 bytes (no collation), an inner node sha256(0x01 || left || right),
 * and a node without a sibling carried up as it is (never paired with itself,
 * so that no two sets of heads share a root). No heads: sha256 of nothing.
 */
export function merkleRoot(heads: readonly StreamHead[]): string {
  if (heads.length === 0) return sha256().toString('hex');
  let level = [...heads]
    .sort((a, b) => Buffer.compare(Buffer.from(a.streamId, 'utf8'), Buffer.from(b.streamId, 'utf8')))
    .map(leafHash);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? sha256(Buffer.of(1), level[i], level[i + 1]) : level[i]);
    level = next;
  }
  return level[0].toString('hex');
}
