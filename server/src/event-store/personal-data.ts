import type { Queryable } from '../db/queryable';
import type { EventMetadata, RecordedEvent } from './event.types';
import { isSealed, open, seal, type SealedValue } from './personal-data.cipher';
import { PersonalDataKeys } from './personal-data.keys';
import { getPath, PersonalDataRegistry, setPath, type PersonalField } from './personal-data.registry';

export const ERASED_ACTOR = { CONTACT: 'Erased contact', MEMBER: 'Erased member' } as const;

interface Sealable {
  type: string;
  data: unknown;
}

export interface SealedBatch {
  /** What the log stores: personal fields sealed (or their stand-ins, for an erased subject). */
  stored: { data: unknown[]; metadata: EventMetadata };
  /** What readers see of it now: the plain values, or the stand-ins of the erased. */
  visible: { data: unknown[]; metadata: EventMetadata };
}

/** The actor's name is the actor's own personal data (a contact's or a member's). */
function actorField(metadata: EventMetadata): PersonalField | null {
  const actor = metadata.actor;
  if (!actor || !actor.id || (actor.kind !== 'CONTACT' && actor.kind !== 'MEMBER')) return null;
  return { path: ['actor', 'name'], subject: actor.id, erased: ERASED_ACTOR[actor.kind] };
}

/** Every sealed value in a JSON value, in place order. */
function collectSealed(value: unknown, into: SealedValue[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (isSealed(value)) {
    into.push(value);
    return;
  }
  if (Array.isArray(value)) for (const item of value) collectSealed(item, into);
  else for (const key in value) collectSealed((value as Record<string, unknown>)[key], into);
}

/** The value with each sealed value opened; unchanged parts are shared, and a value with none is returned as is. */
function openAll(value: unknown, keys: Map<string, Buffer>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isSealed(value)) return open(value, keys.get(value.$pd) ?? null);
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item, index) => {
      const opened = openAll(item, keys);
      if (opened !== item) (copy ??= [...value])[index] = opened;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | null = null;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    const opened = openAll(item, keys);
    if (opened !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = opened;
  }
  return copy ?? value;
}

/**
 * Personal data in the log: sealed on append with the key of the person it
 * names (personal-data.keys.ts), opened on every read, so that deciders,
 * projections and processors see plain values, or, once a person is erased,
 * their stand-ins. The log keeps only ciphertext and the key's id, and its
 * hashes are over that ciphertext: deleting a key changes no row.
 */
export class PersonalData {
  readonly keys = new PersonalDataKeys();

  constructor(readonly registry: PersonalDataRegistry = new PersonalDataRegistry()) {}

  /** Whose keys sealing these events needs. */
  subjectsOf(events: readonly Sealable[], metadata: EventMetadata): string[] {
    const actor = actorField(metadata);
    return [
      ...events.flatMap((event) =>
        this.registry.fieldsOf(event.type, event.data).map((field) => field.subject),
      ),
      ...(actor ? [actor.subject] : []),
    ];
  }

  async seal(events: readonly Sealable[], metadata: EventMetadata, db: Queryable): Promise<SealedBatch> {
    const subjects = this.subjectsOf(events, metadata);
    const keys = subjects.length
      ? await this.keys.forSealing(subjects, db)
      : new Map<string, Buffer | null>();
    return this.sealWith(events, metadata, keys);
  }

  /** seal() with the keys at hand (null: the subject is erased). */
  sealWith(
    events: readonly Sealable[],
    metadata: EventMetadata,
    keys: Map<string, Buffer | null>,
  ): SealedBatch {
    const fields = events.map((event) => this.registry.fieldsOf(event.type, event.data));
    const actor = actorField(metadata);
    const plain = { data: events.map((event) => event.data), metadata };
    if (!actor && fields.every((list) => list.length === 0)) return { stored: plain, visible: plain };
    const apply = (value: unknown, fieldsOfValue: readonly PersonalField[]) => {
      let stored = value;
      let visible = value;
      for (const field of fieldsOfValue) {
        const current = getPath(value, field.path);
        if (isSealed(current)) continue; // sealed already (a copy of a stored event)
        const key = keys.get(field.subject) ?? null;
        const sealed = key ? seal(current, field.subject, key, field.erased) : field.erased;
        stored = setPath(stored, field.path, sealed);
        if (!key) visible = setPath(visible, field.path, field.erased);
      }
      return { stored, visible };
    };
    const data = events.map((event, index) => apply(event.data, fields[index]));
    const meta = apply(metadata, actor ? [actor] : []);
    return {
      stored: { data: data.map((d) => d.stored), metadata: meta.stored as EventMetadata },
      visible: { data: data.map((d) => d.visible), metadata: meta.visible as EventMetadata },
    };
  }

  /** The events with their personal data opened (one query for the batch's keys, none when nothing is sealed). */
  async open(events: RecordedEvent[], db: Queryable): Promise<RecordedEvent[]> {
    const opened = await this.openValues(
      events.flatMap((event) => [event.data, event.metadata]),
      db,
    );
    if (opened === null) return events;
    return events.map((event, index) => {
      const data = opened[2 * index];
      const metadata = opened[2 * index + 1] as EventMetadata;
      return data === event.data && metadata === event.metadata ? event : { ...event, data, metadata };
    });
  }

  /** Every value the (opened) events hold of this subject: what an erasure must find nowhere afterwards. */
  valuesOf(events: readonly RecordedEvent[], subject: string): unknown[] {
    const values: unknown[] = [];
    for (const event of events) {
      for (const field of this.registry.fieldsOf(event.type, event.data))
        if (field.subject === subject) values.push(getPath(event.data, field.path));
      const actor = actorField(event.metadata);
      if (actor?.subject === subject) values.push(getPath(event.metadata, actor.path));
    }
    return values;
  }

  /** Any JSON values (an event's data, a column read from the log) opened; null when none holds a sealed value. */
  async openValues(values: readonly unknown[], db: Queryable): Promise<unknown[] | null> {
    const sealed: SealedValue[] = [];
    for (const value of values) collectSealed(value, sealed);
    if (sealed.length === 0) return null;
    const keys = await this.keys.forOpening(
      sealed.map((value) => value.$pd),
      db,
    );
    return values.map((value) => openAll(value, keys));
  }
}
