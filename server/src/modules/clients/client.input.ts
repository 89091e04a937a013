import { Field, InputType } from 'type-graphql';

@InputType()
export class ContactInput {
  @Field()
  name!: string;

  @Field()
  email!: string;
}

@InputType()
export class CreateClientInput {
  @Field()
  name!: string;

  @Field(() => [ContactInput])
  contacts!: ContactInput[];
}

/** Each field: null or left out keeps it; an empty string clears it. */
@InputType()
export class ClientBillingDetailsInput {
  @Field(() => String, { nullable: true, description: "The billing name; empty: the client's name." })
  name?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true })
  taxId?: string | null;
}
