import { Field, ID, ObjectType } from 'type-graphql';
import { Actor, PageInfo } from '../../graphql/common.type';

@ObjectType()
export class TimelineEntry {
  @Field(() => ID)
  id!: string;

  @Field()
  occurredAt!: Date;

  @Field(() => Actor)
  actor!: Actor;

  @Field({ description: "The event's type, such as InvoiceSent, DocumentUploaded or TaskCompleted." })
  type!: string;

  @Field({ description: "One line a person reads, such as 'Jane Smith uploaded brief.pdf'." })
  summary!: string;

  @Field({
    description:
      "Whether the client's contacts read this entry in their portal now (always true for a contact, who reads no other).",
  })
  visibleToClient!: boolean;
}

@ObjectType()
export class TimelineEdge {
  @Field()
  cursor!: string;

  @Field(() => TimelineEntry)
  node!: TimelineEntry;
}

@ObjectType()
export class TimelineConnection {
  @Field(() => [TimelineEdge])
  edges!: TimelineEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
