import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { ActorKind as StoredActorKind } from '../event-store/event.types';

export enum ActorKind {
  MEMBER = 'MEMBER',
  CONTACT = 'CONTACT',
  SYSTEM = 'SYSTEM',
}
registerEnumType(ActorKind, { name: 'ActorKind' });

@ObjectType({ description: 'Who did something: a member, a contact, or the system (webhooks, schedules).' })
export class Actor {
  @Field(() => ActorKind)
  kind!: StoredActorKind;

  @Field(() => ID, { nullable: true })
  id!: string | null;

  @Field()
  name!: string;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
