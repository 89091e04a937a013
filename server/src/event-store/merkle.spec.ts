import { createHash } from 'node:crypto';
import { leafHash, merkleRoot, type StreamHead } from './merkle';

const hex = (seed: string) => createHash('sha256').update(seed).digest('hex');
const head = (streamId: string, version = 1): StreamHead => ({
  streamId,
  version,
  hash: hex(streamId + version),
});
const node = (left: Buffer, right: Buffer) =>
  createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();

describe('merkleRoot', () => {
  it('of one head is its leaf; of none, sha256 of nothing', () => {
    expect(merkleRoot([head('a')])).toBe(leafHash(head('a')).toString('hex'));
    expect(merkleRoot([])).toBe(createHash('sha256').digest('hex'));
  });

  it('pairs sorted leaves and carries an odd one up unpaired', () => {
    const [a, b, c] = [head('a'), head('b'), head('c')].map(leafHash);
    expect(merkleRoot([head('c'), head('a'), head('b')])).toBe(node(node(a, b), c).toString('hex'));
  });

  it('does not depend on the order given, and sorts by bytes, not by a collation', () => {
    const heads = ['project-B', 'project-a', 'client-é', 'client-e', 'Z'].map((id) => head(id));
    expect(merkleRoot(heads)).toBe(merkleRoot([...heads].reverse()));
    const [z, b] = [head('Z'), head('b')].map(leafHash); // 'Z' (0x5a) before 'b' (0x62)
    expect(merkleRoot([head('b'), head('Z')])).toBe(node(z, b).toString('hex'));
  });

  it('changes with any head: its hash, its version, its stream, one more or one fewer', () => {
    const heads = Array.from({ length: 7 }, (_, i) => head(`stream-${i}`, i + 1));
    const root = merkleRoot(heads);
    const changed = [
      heads.map((h, i) => (i === 3 ? { ...h, hash: hex('other') } : h)),
      heads.map((h, i) => (i === 6 ? { ...h, version: 8 } : h)),
      heads.map((h, i) => (i === 0 ? { ...h, streamId: 'stream-x' } : h)),
      heads.slice(1),
      [...heads, head('stream-7')],
      // The odd leaf doubled would give the root of the duplicated set if odd leaves were paired with themselves.
      [...heads, heads[6]],
    ];
    for (const other of changed) expect(merkleRoot(other)).not.toBe(root);
  });
});
