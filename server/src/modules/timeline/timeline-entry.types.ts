import type { Actor, DomainEvent } from '../../event-store/event.types';

/** Who may read an entry: members only, every contact of the client, or as the task settings allow. */
export type Audience = 'MEMBERS' | 'CONTACTS' | 'TASK';

export interface TimelineEntryDraft {
  /** null: the entry concerns the client, and shows in each of its projects. */
  projectId: string | null;
  summary: string;
  audience: Audience;
  taskId?: string;
}

/** The line of one event: its data and the actor's name (and the actor) in, the entry out. */
export type TimelineDescriber = (data: never, actor: string, who: Actor) => TimelineEntryDraft;

/** A module's describers, one for each of its event types that belongs in a timeline. */
export type Describe<E extends DomainEvent> = {
  [T in E['type']]: (data: Extract<E, { type: T }>['data'], actor: string, who: Actor) => TimelineEntryDraft;
};

/** 'Website relaunch', quoted as the timeline quotes names. */
export const quoted = (text: string) => `'${text}'`;
