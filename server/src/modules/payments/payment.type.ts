import { Field, ObjectType } from 'type-graphql';

@ObjectType()
export class CheckoutSession {
  @Field(() => String, { description: 'Where to send the contact to pay (Stripe Checkout).' })
  url!: string;

  @Field(() => Date)
  expiresAt!: Date;
}
