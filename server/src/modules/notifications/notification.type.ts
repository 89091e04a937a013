import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Actor, PageInfo } from '../../graphql/common.type';

@ObjectType({ description: 'Something a client did that a member should hear of.' })
export class Notification {
  @Field(() => ID)
  id!: string;

  @Field({
    description:
      "The event's type, such as DocumentUploaded, TaskCommented, MessagePosted or PaymentRecorded.",
  })
  type!: string;

  @Field()
  summary!: string;

  @Field(() => Actor)
  actor!: Actor;

  @Field({ description: "The console's page where it happened (/app/…); an extra beside the contract." })
  link!: string;

  @Field()
  occurredAt!: Date;

  @Field()
  read!: boolean;

  projectId!: string | null;
}

@ObjectType()
export class NotificationEdge {
  @Field()
  cursor!: string;

  @Field(() => Notification)
  node!: Notification;
}

@ObjectType()
export class NotificationConnection {
  @Field(() => [NotificationEdge])
  edges!: NotificationEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "How many of the member's notifications are unread, whatever the page." })
  unreadCount!: number;
}
