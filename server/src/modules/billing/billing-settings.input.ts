import { Field, InputType } from 'type-graphql';

/** Each field: null or left out keeps it; an empty string clears it. */
@InputType()
export class BillingProfileInput {
  @Field(() => String, { nullable: true })
  legalName?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true })
  taxId?: string | null;

  @Field(() => String, { nullable: true })
  paymentInstructions?: string | null;
}
