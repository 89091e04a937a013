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
