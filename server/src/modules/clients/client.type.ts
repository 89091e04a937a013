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

@ObjectType({ description: "Whom the client's invoices are addressed to." })
export class ClientBillingDetails {
  @Field({ description: "The billing name: the client's name unless another is set." })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Postal address, lines separated by newlines.' })
  address!: string | null;

  @Field(() => String, { nullable: true, description: "The client's VAT number or other tax id." })
  taxId!: string | null;
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
  billingName!: string | null;
  billingAddress!: string | null;
  taxId!: string | null;
}
