import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Actor, PageInfo } from '../../graphql/common.type';

@ObjectType()
export class StoredEvent {
  @Field(() => ID)
  id!: string;

  @Field()
  streamId!: string;

  @Field(() => Int)
  streamPosition!: number;

  @Field({ description: 'Opaque; increases in commit order.' })
  position!: string;

  @Field()
  type!: string;

  @Field({ description: "The event's payload as JSON text." })
  data!: string;

  @Field(() => Actor)
  actor!: Actor;

  @Field()
  recordedAt!: Date;

  @Field({
    description:
      "Hex SHA-256 over the event and the hash of the stream's previous event: a chain that shows any change to the log.",
  })
  hash!: string;
}

@ObjectType()
export class StoredEventConnection {
  @Field(() => [StoredEvent])
  nodes!: StoredEvent[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
