import { Field, Float, ID, InputType, Int } from 'type-graphql';

@InputType()
export class InvoiceLineItemInput {
  @Field()
  description!: string;

  @Field(() => Float)
  quantity!: number;

  @Field(() => Int)
  unitAmount!: number;

  @Field(() => Float, {
    nullable: true,
    description: "This line's tax rate; none: the invoice's taxRatePercent.",
  })
  taxRatePercent?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "This line's tax label, such as VAT; none: the invoice's taxLabel.",
  })
  taxLabel?: string | null;
}

@InputType()
export class CreateInvoiceInput {
  @Field(() => ID)
  projectId!: string;

  @Field()
  currency!: string;

  @Field(() => [InvoiceLineItemInput])
  lineItems!: InvoiceLineItemInput[];

  @Field(() => Float, { nullable: true, defaultValue: 0 })
  taxRatePercent?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'What the tax is called on the invoice, such as VAT (default Tax).',
  })
  taxLabel?: string | null;

  @Field(() => Date, { nullable: true })
  dueDate?: Date | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;
}

@InputType()
export class UpdateInvoiceInput {
  @Field(() => String, { nullable: true })
  currency?: string | null;

  @Field(() => [InvoiceLineItemInput], { nullable: true })
  lineItems?: InvoiceLineItemInput[] | null;

  @Field(() => Float, { nullable: true })
  taxRatePercent?: number | null;

  @Field(() => String, { nullable: true })
  taxLabel?: string | null;

  @Field(() => Date, { nullable: true })
  dueDate?: Date | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;
}
