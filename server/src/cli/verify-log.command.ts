import type { Queryable } from '../db/queryable';
import { verifyChains } from '../event-store/hash-chain';
import { checkDigest, parseDigest } from '../event-store/log-digest';
import { encodeLogPosition } from '../event-store/log-position';
import { UsageError } from './cli.usage';

/** Ranges of streams checked at once (the command's pool has as many connections). */
export const VERIFY_CONNECTIONS = 2;

export interface VerifyLogFlags {
  digest?: string;
}

/**
 * `verify-log [--digest D]`: recomputes every stream's hash chain (and, given
 * a digest from Query.logDigest, whether today's log at D's position still has
 * the heads D attested). One JSON line on stdout whatever the outcome; exit 0
 * when all holds, else 1 with the first failure (stream and position) or the
 * digest's reason on stderr.
 */
export async function verifyLogCommand(
  db: Queryable,
  flags: VerifyLogFlags,
  print: (line: string) => void,
  printError: (line: string) => void,
): Promise<number> {
  const digest = flags.digest === undefined ? undefined : parseDigest(flags.digest);
  if (digest === null)
    throw new UsageError(
      'verify-log: --digest takes a digest as Query.logDigest gives it (v1.<workspace>.…)',
    );
  const report = await verifyChains(db, { concurrency: VERIFY_CONNECTIONS });
  const check = digest ? await checkDigest(db, digest) : undefined;
  print(
    JSON.stringify({
      ...report,
      ...(check && {
        digest: {
          extends: check.extends,
          position: encodeLogPosition(digest!.position),
          streams: check.streams,
          events: check.events,
        },
      }),
    }),
  );
  if (report.failure) {
    const { streamId, position, reason } = report.failure;
    printError(`verify-log: stream ${streamId}, position ${position}: ${reason}`);
  }
  if (check && !check.extends)
    printError(`verify-log: the log no longer extends the digest: ${check.reason}`);
  return report.ok && (!check || check.extends) ? 0 : 1;
}
