import { Field, ID, ObjectType } from 'type-graphql';
import { Actor, PageInfo } from '../../graphql/common.type';

@ObjectType({ description: "A message in a project's conversation between the workspace and its client." })
export class Message {
  @Field(() => ID)
  id!: string;

  @Field()
  body!: string;

  @Field(() => Actor)
  author!: Actor;

  @Field()
  postedAt!: Date;
}

@ObjectType()
export class MessageEdge {
  @Field()
  cursor!: string;

  @Field(() => Message)
  node!: Message;
}

@ObjectType()
export class MessageConnection {
  @Field(() => [MessageEdge])
  edges!: MessageEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
