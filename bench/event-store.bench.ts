import type { EventStore } from '../server/src/event-store/event-store';
import { benchMetadata, depositEvents, newAccount, type Contender } from './bench.helpers';

/**
 * Ours, raw: `EventStore.append` straight on the pool (one `es_append` call
 * per append). Each writer appends to its own new stream and takes its
 * expected version from the previous append's result.
 */
export function appendContender(
  store: EventStore,
  key: string,
  writers: number,
  eventsPerAppend: number,
): Contender {
  return {
    key,
    writers,
    makeWriter: async () => {
      const { streamId, accountId } = newAccount();
      const metadata = benchMetadata();
      let version = 0;
      return async () => {
        const result = await store.append(
          streamId,
          version,
          depositEvents(accountId, eventsPerAppend),
          metadata,
        );
        version = result.streamVersion;
        return eventsPerAppend;
      };
    },
  };
}
