import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CreateProjectInput {
  @Field(() => ID)
  clientId!: string;

  @Field()
  name!: string;
}
