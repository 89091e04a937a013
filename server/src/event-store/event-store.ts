import { preparedQuery } from '../db/prepared';
import type { Queryable } from '../db/queryable';
import type { Statement } from '../db/sql-literal';
import { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { PreparedProjections, type Written } from './prepared-projections';
import { ConcurrencyError } from './event-store.errors';
import type {
  AppendResult,
  EventMetadata,
  ExpectedVersion,
  LogPosition,
  NewEvent,
  RecordedEvent,
} from './event.types';
import { AppendPlaceholders, type AppendFacts } from './append-placeholders';
import {
  answerAlone,
  commitAlone,
  esAppend,
  esCommand,
  GroupCommit,
  type AppendRow,
  type CommitItem,
  type GroupCommitOptions,
} from './group-commit';
import { START_OF_LOG } from './log-position';
import { PersonalData, type SealedBatch } from './personal-data';
import { UpcasterRegistry } from './upcaster.registry';

const COLUMNS = `event_id, stream_id, stream_position, global_position, transaction_id, type, schema_version, data, metadata, recorded_at, hash`;

/** One event of a batch as readers will see it. */
interface BatchEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

/** An append's events: as readers will see them, and as JSON, sealed (what es_append takes) and not. */
interface Batch {
  payload: BatchEvent[];
  json: string;
  visibleJson: string;
}

interface EventRow {
  event_id: string;
  stream_id: string;
  stream_position: string;
  global_position: string;
  transaction_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
  hash: Buffer;
}

export interface ReadAllOptions {
  /** Only these event types; the caller still advances past the others by the returned lastPosition. */
  types?: readonly string[];
  /**
   * Filter the types in SQL rather than after the read: fewer rows over the
   * wire, but lastPosition is then the last event of those types. For one pass
   * over the log (a rebuild), not for a checkpoint that must move past the rest.
   */
  typesInSql?: boolean;
  /**
   * Read only below the oldest running transaction that could still write here
   * (default; es_read_horizon() in the migration), so that no event that
   * commits later can land behind the reader. A rebuild that holds the
   * read models' locks in its own transaction reads everything it can see.
   */
  belowRunningTransactions?: boolean;
  /** Only this tenant's events (EventMetadata.tenantId). */
  tenantId?: string;
  /** With tenantId: also the events that name no tenant but whose data names it as its workspaceId. */
  withUntaggedOfTenant?: boolean;
  /** Only this stream's events. */
  streamId?: string;
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /** Where the next read starts: the last row read, whether or not its type was asked for. */
  lastPosition: LogPosition;
}

/** The stream type is the part of the id before the first dash: `invoice-…` is an invoice. */
export function streamTypeOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : streamId;
}

export interface EventStoreOptions {
  /**
   * Appends made straight on a pool wait while others are under way and go
   * together, one statement and one commit (group-commit.ts); false: each
   * append is a statement of its own.
   */
  groupCommit?: GroupCommitOptions | false;
}

export class EventStore {
  constructor(
    private readonly db: Queryable,
    readonly upcasters: UpcasterRegistry = new UpcasterRegistry(),
    readonly personalData: PersonalData = new PersonalData(),
    private readonly options: EventStoreOptions = {},
  ) {}

  /** The inline projections' statements as each connection of the pool has them prepared. */
  private readonly preparedProjections = new PreparedProjections();
  private readonly groupCommits = new WeakMap<Pool, GroupCommit>();

  /**
   * Appends a batch to one stream in one round trip. A wrong expected version
   * throws ConcurrencyError and writes nothing; events whose ids are already
   * stored are a no-op (appended: false). Pass `db` to append inside a transaction.
   */
  async append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    metadata: EventMetadata,
    db: Queryable = this.db,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    // Personal data is sealed before it reaches the log; the events returned carry it as readers will see it.
    const sealed = await this.personalData.seal(events, metadata, db);
    const batch = this.batch(events, sealed);
    const item: CommitItem = {
      streamId,
      streamType: streamTypeOf(streamId),
      expectedVersion: expectedVersion === 'any' ? null : expectedVersion,
      events: batch.json,
      keySubjects: [],
      projection: [],
    };
    const row = db instanceof Pool ? await this.commit(db, item) : await answerAlone(db, esAppend(item));
    return this.appended(streamId, expectedVersion, batch, row);
  }

  /** An append on a pool: through the pool's group commit, or alone when the store was made without. */
  private commit(pool: Pool, item: CommitItem): Promise<AppendRow> {
    const options = this.options.groupCommit;
    if (options === false) return commitAlone(pool, this.preparedProjections, item);
    let commits = this.groupCommits.get(pool);
    if (!commits)
      this.groupCommits.set(pool, (commits = new GroupCommit(pool, this.preparedProjections, options)));
    return commits.submit(item);
  }

  /**
   * A command's append and its inline projections in one statement, so in one
   * round trip and one transaction (es_command): `project` is given the
   * events as the projections will see them, with placeholders for what only
   * the append decides (append-placeholders.ts), and returns the statements
   * to run after it. Null when that cannot be done, having written nothing:
   * a personal-data key that is not in memory (or was erased meanwhile), or
   * a projection that read a result or computed with the time; the caller
   * then appends and projects in a transaction. A conflict throws as append's does.
   */
  async appendProjected(
    streamId: string,
    expectedVersion: number,
    events: readonly NewEvent[],
    metadata: EventMetadata,
    project: (events: RecordedEvent[]) => Promise<readonly Statement[]>,
    db: Queryable = this.db,
  ): Promise<AppendResult | null> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const subjects = [...new Set(this.personalData.subjectsOf(events, metadata))];
    const keys = this.personalData.keys.inMemory(subjects);
    if (!keys) return null;
    const batch = this.batch(events, this.personalData.sealWith(events, metadata, keys));
    const placeholders = new AppendPlaceholders();
    let written: Written[];
    try {
      const statements = await project(
        this.recorded(streamId, expectedVersion, batch.visibleJson, placeholders),
      );
      written = this.preparedProjections.write(statements, placeholders.substitute);
    } catch {
      return null;
    }
    const item: CommitItem = {
      streamId,
      streamType: streamTypeOf(streamId),
      expectedVersion,
      events: batch.json,
      keySubjects: subjects,
      projection: written,
    };
    // From a pool, the statements are prepared on the connection that runs them (prepared-projections.ts).
    const row =
      db instanceof Pool
        ? await this.commit(db, item)
        : await answerAlone(db, esCommand(item, this.preparedProjections.inlined(written)));
    if (row.status === 'keys') {
      this.personalData.keys.forget(subjects);
      return null;
    }
    return this.appended(streamId, expectedVersion, batch, row);
  }

  /**
   * The batch as es_append takes it (`json`, sealed), and as readers will see it (`payload`, and as JSON
   * `visibleJson`: the same text as `json` when nothing was sealed).
   */
  private batch(events: readonly NewEvent[], { stored: sealed, visible }: SealedBatch): Batch {
    const payload = events.map((event, index) => ({
      // Time-ordered (RFC 9562 version 7): the log's unique index on event_id takes them at its right edge,
      // where random ones (version 4) landed anywhere in it, a page out of cache more often as the log grows.
      eventId: event.eventId ?? uuidv7(),
      type: event.type,
      schemaVersion: event.schemaVersion ?? this.upcasters.currentVersion(event.type),
      data: visible.data[index],
      metadata: visible.metadata,
    }));
    const visibleJson = JSON.stringify(payload);
    const json =
      sealed === visible
        ? visibleJson
        : JSON.stringify(
            payload.map((event, index) => ({
              ...event,
              data: sealed.data[index],
              metadata: sealed.metadata,
            })),
          );
    return { payload, json, visibleJson };
  }

  /** What es_append (or es_command) answered, as AppendResult. */
  private appended(
    streamId: string,
    expectedVersion: ExpectedVersion,
    batch: Batch,
    row: AppendRow,
  ): AppendResult {
    if (row.status === 'conflict') {
      throw new ConcurrencyError(
        streamId,
        expectedVersion as number,
        row.stream_version === null ? null : Number(row.stream_version),
      );
    }
    const streamVersion = Number(row.stream_version);
    if (row.status === 'duplicate') return { appended: false, streamVersion, events: [] };
    return {
      appended: true,
      streamVersion,
      events: this.recorded(streamId, streamVersion - batch.payload.length, batch.visibleJson, {
        globalPosition: (index) => row.global_positions[index],
        hash: (index) => row.hashes[index],
        transactionId: row.transaction_id,
        recordedAt: row.recorded_at,
      }),
    };
  }

  /** The batch as stored, as JSON gives it back (opened) and upcast as a read would: projections see the same data inline and on replay. */
  private recorded(
    streamId: string,
    start: number,
    visibleJson: string,
    facts: AppendFacts,
  ): RecordedEvent[] {
    const stored = JSON.parse(visibleJson) as BatchEvent[];
    return stored.map((event, index) => {
      const { version, data } = this.upcasters.upcast(event.type, event.schemaVersion, event.data);
      return {
        eventId: event.eventId,
        streamId,
        streamPosition: start + index + 1,
        globalPosition: facts.globalPosition(index),
        transactionId: facts.transactionId,
        type: event.type,
        schemaVersion: version,
        data,
        metadata: event.metadata,
        recordedAt: facts.recordedAt,
        hash: facts.hash(index),
      };
    });
  }

  async readStream(streamId: string, db: Queryable = this.db, afterPosition = 0): Promise<RecordedEvent[]> {
    const { rows } = await db.query<EventRow>({
      name: 'es_read_stream',
      text: `SELECT ${COLUMNS} FROM es_events WHERE stream_id = $1 AND stream_position > $2 ORDER BY stream_position`,
      values: [streamId, afterPosition],
    });
    return this.personalData.open(
      rows.map((row) => this.toRecorded(row)),
      db,
    );
  }

  /**
   * The events of these streams, in log order (transaction, then global
   * position), recorded at or before `until` when given: what a replay of
   * those streams as they stood then needs (time travel).
   */
  async readStreams(
    streamIds: readonly string[],
    options: {
      until?: Date;
      /** Leave out what a snapshot holds: these streams' events below the horizon and recorded by `upto`. */
      except?: { streamIds: readonly string[]; horizon: string; upto: Date };
    } = {},
    db: Queryable = this.db,
  ): Promise<RecordedEvent[]> {
    if (streamIds.length === 0) return [];
    const except = options.except;
    const { rows } = await preparedQuery<EventRow>(
      db,
      `SELECT ${COLUMNS} FROM es_events WHERE stream_id = ANY($1::text[])
         AND ($2::timestamptz IS NULL OR recorded_at <= $2)
         AND NOT ($3::text[] IS NOT NULL AND stream_id = ANY($3::text[]) AND transaction_id < $4::xid8 AND recorded_at <= $5)
       ORDER BY transaction_id, global_position`,
      [
        streamIds,
        options.until ?? null,
        except?.streamIds ?? null,
        except?.horizon ?? '0',
        except?.upto ?? null,
      ],
    );
    return this.personalData.open(
      rows.map((row) => this.toRecorded(row)),
      db,
    );
  }

  /** The stream's version: how many events it holds (0 when it does not exist). */
  async streamVersion(streamId: string, db: Queryable = this.db): Promise<number> {
    const { rows } = await db.query('SELECT version FROM es_streams WHERE stream_id = $1', [streamId]);
    return rows.length ? Number(rows[0].version) : 0;
  }

  /** The whole log in commit order (or one tenant's, or one stream's within it), after `after`, at most `limit` rows. */
  async readAll(
    after: LogPosition = START_OF_LOG,
    limit = 1000,
    options: ReadAllOptions = {},
    db: Queryable = this.db,
  ): Promise<ReadAllResult> {
    const conditions = ['(transaction_id, global_position) > ($1::xid8, $2::bigint)'];
    const values: unknown[] = [after.transactionId, after.globalPosition, limit];
    if (options.belowRunningTransactions !== false) {
      conditions.push('transaction_id < es_read_horizon()');
    }
    if (options.tenantId !== undefined) {
      const tenant = `$${values.push(options.tenantId)}`;
      conditions.push(
        options.withUntaggedOfTenant
          ? `(tenant_id = ${tenant} OR (tenant_id IS NULL AND data->>'workspaceId' = ${tenant}))`
          : `tenant_id = ${tenant}`,
      );
    }
    if (options.streamId !== undefined) conditions.push(`stream_id = $${values.push(options.streamId)}`);
    if (options.types && options.typesInSql)
      conditions.push(`type = ANY($${values.push(options.types)}::text[])`);
    const text = `SELECT ${COLUMNS} FROM es_events WHERE ${conditions.join(' AND ')}
                  ORDER BY transaction_id, global_position LIMIT $3`;
    const { rows } = await preparedQuery<EventRow>(db, text, values);
    const last = rows[rows.length - 1];
    const lastPosition = last
      ? { transactionId: last.transaction_id, globalPosition: last.global_position }
      : after;
    const wanted = options.types ? new Set(options.types) : null;
    const events = await this.personalData.open(
      rows.filter((row) => !wanted || wanted.has(row.type)).map((row) => this.toRecorded(row)),
      db,
    );
    return { events, lastPosition };
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const { version, data } = this.upcasters.upcast(row.type, row.schema_version, row.data);
    return {
      eventId: row.event_id,
      streamId: row.stream_id,
      streamPosition: Number(row.stream_position),
      globalPosition: row.global_position,
      transactionId: row.transaction_id,
      type: row.type,
      schemaVersion: version,
      data,
      metadata: row.metadata,
      recordedAt: row.recorded_at,
      hash: row.hash.toString('hex'),
    };
  }
}
