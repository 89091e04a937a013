export type ActorKind = 'MEMBER' | 'CONTACT' | 'SYSTEM';

/** Who did something: a member, a contact, or the system (webhooks, schedules). */
export interface Actor {
  kind: ActorKind;
  id: string | null;
  name: string;
}

/** Stored with every event. */
export interface EventMetadata {
  actor: Actor;
  /** The request (or job) that led to the event. */
  correlationId: string;
  /** The command or event that directly caused it. */
  causationId: string | null;
  /** Whose log it belongs to (a workspace); stored in its own column too, to read one tenant's log. */
  tenantId?: string;
}

/** An event a decider returns: a past-tense type and its payload. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** An event on its way into the store. eventId makes a retried append a no-op. */
export interface NewEvent<E extends DomainEvent = DomainEvent> {
  type: E['type'];
  data: E['data'];
  eventId?: string;
  schemaVersion?: number;
}

/** Where an event stands in the log: ordered by (transactionId, globalPosition). */
export interface LogPosition {
  transactionId: string;
  globalPosition: string;
}

export interface RecordedEvent<E extends DomainEvent = DomainEvent> {
  eventId: string;
  streamId: string;
  streamPosition: number;
  globalPosition: string;
  transactionId: string;
  type: E['type'];
  schemaVersion: number;
  data: E['data'];
  metadata: EventMetadata;
  recordedAt: Date;
  /** Hex SHA-256 over the event and its stream's previous hash (es_event_hash in the event-hashes migration). */
  hash: string;
}

/** Expected version on append: a number (0 = the stream must not exist yet) or 'any'. */
export type ExpectedVersion = number | 'any';

export interface AppendResult {
  /** false when every event id was already stored (a retried append): nothing was written. */
  appended: boolean;
  streamVersion: number;
  /** The events as stored, in stream order (empty for a retried append). */
  events: RecordedEvent[];
}
