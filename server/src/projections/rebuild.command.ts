import type { Pool } from 'pg';
import type { EventStore } from '../event-store/event-store';
import type { InlineProjectionRunner } from './inline-projection';
import { rebuildProjections } from './rebuild';

/**
 * `cli rebuild-projections [--verify]`: prints what it did; exit 1 when --verify
 * finds a difference. The store is the app's, with its upcasters, so a replay
 * reads old events as the live projections did.
 */
export async function rebuildCommand(
  pool: Pool,
  store: EventStore,
  runner: InlineProjectionRunner,
  verify: boolean,
  print: (line: string) => void,
): Promise<number> {
  const result = await rebuildProjections(pool, store, runner, { verify });
  const rate = result.seconds > 0 ? Math.round(result.events / result.seconds) : 0;
  const tables = runner.tables.join(', ') || 'none';
  print(
    `${verify ? 'verified' : 'rebuilt'} ${tables} from ${result.events} events in ${result.seconds.toFixed(2)} s (${rate} events/s)`,
  );
  for (const difference of result.differences) {
    print(
      `DIFFERENT ${difference.table}: ${difference.onlyLive} live rows not rebuilt, ${difference.onlyRebuilt} rebuilt rows not live`,
    );
    for (const sample of difference.samples) print(`  ${sample.side}: ${JSON.stringify(sample.row)}`);
  }
  if (verify)
    print(result.differences.length ? 'read models differ from the log' : 'read models equal the log');
  return result.differences.length ? 1 : 0;
}
