import type { MemberViewer } from '../../auth/viewer';
import type { EventStore } from '../../event-store/event-store';
import type { LogPosition, RecordedEvent } from '../../event-store/event.types';
import { decodeLogPosition, encodeLogPosition, START_OF_LOG } from '../../event-store/log-position';
import { DomainError } from '../../projections/domain.errors';
import type { StoredEventConnection } from './event-log.type';

export const EVENTS_MAX_PAGE = 500;

/** The workspace's own log, oldest first, for its members: a foreign stream simply has no events here. */
export class EventLogService {
  constructor(
    private readonly store: EventStore,
    private readonly maxWaitMs = 1000,
  ) {}

  /**
   * The log is read below the oldest transaction of this database still
   * running, so that a cursor never passes an event that commits late. Events
   * already committed above that line (a member's own write, while another
   * command runs) are waited for a little, so a member reads their writes.
   */
  private async settledPage(
    from: LogPosition,
    limit: number,
    filter: { tenantId: string; streamId?: string },
  ): Promise<RecordedEvent[]> {
    for (let waited = 0; ; waited += 25) {
      const settled = await this.store.readAll(from, limit, filter);
      if (settled.events.length === limit || waited >= this.maxWaitMs) return settled.events;
      const committed = await this.store.readAll(from, limit, { ...filter, belowRunningTransactions: false });
      if (committed.events.length === settled.events.length) return settled.events;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async page(
    viewer: MemberViewer,
    first: number,
    after: string | null,
    streamId: string | null,
  ): Promise<StoredEventConnection> {
    if (!Number.isInteger(first) || first < 0 || first > EVENTS_MAX_PAGE) {
      throw new DomainError('BAD_USER_INPUT', `first: must be between 0 and ${EVENTS_MAX_PAGE}`, 'first');
    }
    const from = after === null ? START_OF_LOG : decodeLogPosition(after);
    if (!from) throw new DomainError('BAD_USER_INPUT', 'after: not a position this log gave', 'after');
    const events = await this.settledPage(from, first + 1, {
      tenantId: viewer.workspaceId,
      ...(streamId !== null ? { streamId } : {}),
    });
    const page = events.slice(0, first);
    const nodes = page.map((event) => ({
      id: event.eventId,
      streamId: event.streamId,
      streamPosition: event.streamPosition,
      position: encodeLogPosition(event),
      type: event.type,
      data: JSON.stringify(event.data),
      actor: event.metadata.actor,
      recordedAt: event.recordedAt,
      hash: event.hash,
    }));
    return {
      nodes,
      pageInfo: {
        hasNextPage: events.length > first,
        endCursor: nodes.length ? nodes[nodes.length - 1].position : null,
      },
    };
  }
}
