import { Arg, Authorized, Field, Float, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { invoiceContent } from './invoice.content';
import { InvoiceLineItemInput } from './invoice.input';
import { InvoiceLineItem, InvoiceTaxLine } from './invoice.type';

@InputType()
export class InvoiceTotalsInput {
  @Field()
  currency!: string;

  @Field(() => [InvoiceLineItemInput])
  lineItems!: InvoiceLineItemInput[];

  @Field(() => Float, { nullable: true, defaultValue: 0 })
  taxRatePercent?: number | null;

  @Field(() => String, { nullable: true })
  taxLabel?: string | null;
}

@ObjectType({ description: "A draft's amounts as the server computes them when the draft is saved." })
export class InvoiceTotals {
  @Field(() => [InvoiceLineItem])
  lineItems!: InvoiceLineItem[];

  @Field(() => [InvoiceTaxLine])
  taxLines!: InvoiceTaxLine[];

  @Field(() => Int)
  subtotal!: number;

  @Field(() => Int)
  taxAmount!: number;

  @Field(() => Int)
  total!: number;
}

/**
 * The console's live totals: the very function that computes a saved draft's
 * (invoice.content.ts), so what the editor shows is what the invoice will say;
 * a refusal names the field as createInvoice would (input.lineItems.0.quantity).
 */
@Resolver()
export class InvoiceTotalsResolver {
  @Authorized('MEMBER')
  @Query(() => InvoiceTotals, {
    description: "Members: a draft's amounts, computed as saving it would, without saving.",
  })
  invoiceTotals(@Arg('input', () => InvoiceTotalsInput) input: InvoiceTotalsInput): InvoiceTotals {
    const content = invoiceContent(
      { ...input, taxRatePercent: input.taxRatePercent ?? 0, dueDate: null, notes: null },
      'input.',
    );
    return {
      lineItems: content.lineItems,
      taxLines: content.taxes,
      subtotal: content.subtotal,
      taxAmount: content.taxAmount,
      total: content.total,
    };
  }
}
