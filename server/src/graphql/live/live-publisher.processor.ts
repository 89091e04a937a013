import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../event-store/event.types';
import type { AsyncProcessor } from '../../projections/async-processor';
import type { LiveBus } from './live-bus';

/**
 * The topic on which anything that may end someone's access is announced,
 * `{ workspaceId }`: every API process checks its sockets of that workspace
 * again at once, and closes those whose access ended (live.server.ts).
 */
export const ACCESS_TOPIC = 'access';

/** One message for the bus, and the id of the event it comes from (they go out in log order). */
export interface LivePublication {
  eventId: string;
  topic: string;
  payload: unknown;
}

/**
 * What one kind of live update publishes: the event types it reads, and for
 * a batch of them the messages (in the processor's transaction, so it may
 * read the read models the events were projected into inline).
 */
export interface LivePublisher {
  eventTypes: readonly string[];
  publications(events: readonly RecordedEvent[], db: PoolClient): Promise<LivePublication[]>;
}

/** A publisher of one message per event, made from its data alone (no read model to look at). */
export function eventLivePublisher(
  topic: string,
  eventTypes: readonly string[],
  payloadOf: (event: RecordedEvent) => unknown,
): LivePublisher {
  return {
    eventTypes,
    async publications(events) {
      return events.map((event) => ({ eventId: event.eventId, topic, payload: payloadOf(event) }));
    },
  };
}

/**
 * The async processor behind live updates: follows the log and publishes on
 * the bus what each registered publisher makes of the events, in log order.
 * A failed publish (Redis away) fails the batch, whose checkpoint then does
 * not move: the batch is published again once Redis answers (at least once;
 * subscribers take entries by id, so a repeat is harmless).
 */
export function createLivePublisher(
  publishers: readonly LivePublisher[],
  bus: () => LiveBus,
): AsyncProcessor {
  return {
    name: 'live-publisher',
    // What it publishes is waited for by people looking at a page: the worker's 200 ms idle poll
    // was most of the live path's latency (npm run bench -- live), so this one looks every 25 ms.
    idleMs: 25,
    eventTypes: [...new Set(publishers.flatMap((publisher) => publisher.eventTypes))],
    async handle(events, db) {
      const all: LivePublication[] = [];
      for (const publisher of publishers) {
        const mine = events.filter((event) => publisher.eventTypes.includes(event.type));
        if (mine.length) all.push(...(await publisher.publications(mine, db)));
      }
      // The batch is in log order, (transaction id, position): keep it across publishers.
      const order = new Map(events.map((event, index) => [event.eventId, index]));
      all.sort((a, b) => order.get(a.eventId)! - order.get(b.eventId)!);
      // One connection sends in order: the messages leave in log order.
      await Promise.all(all.map((publication) => bus().publish(publication.topic, publication.payload)));
    },
  };
}
