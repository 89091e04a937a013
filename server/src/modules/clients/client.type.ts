import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType()
export class Contact {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field(() => Date, { nullable: true })
  lastSignedInAt!: Date | null;

  clientId!: string;
}

/** `contacts` and `projects` are field resolvers (ClientResolver), batched per request. */
@ObjectType()
export class Client {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  archived!: boolean;

  workspaceId!: string;
}
