import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum InvoiceStatus {
  DRAFT = 'DRAFT',
  SENT = 'SENT',
  PARTIALLY_PAID = 'PARTIALLY_PAID',
  PAID = 'PAID',
  VOID = 'VOID',
}
registerEnumType(InvoiceStatus, { name: 'InvoiceStatus' });

@ObjectType()
export class InvoiceLineItem {
  @Field()
  description!: string;

  @Field(() => Float)
  quantity!: number;

  @Field(() => Int)
  unitAmount!: number;

  @Field(() => Int)
  amount!: number;

  @Field(() => Float, {
    description: "The line's tax rate: the invoice's default unless the line has its own.",
  })
  taxRatePercent!: number;

  @Field({ description: 'What the tax is called, such as VAT: the label of the rate on the invoice.' })
  taxLabel!: string;
}

@ObjectType({
  description: 'The tax of all lines at one rate: an invoice shows one per rate, such as "VAT 20%".',
})
export class InvoiceTaxLine {
  @Field()
  label!: string;

  @Field(() => Float)
  ratePercent!: number;

  @Field(() => Int, { description: "The lines' amounts at this rate." })
  taxableAmount!: number;

  @Field(() => Int, { description: 'Rounded once per rate, half away from zero.' })
  taxAmount!: number;
}

@ObjectType()
export class Payment {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  amount!: number;

  @Field({ description: 'stripe, bank_transfer, cash, ...' })
  method!: string;

  @Field()
  receivedAt!: Date;

  invoiceId!: string;
}

/** `project`, `overdue` and `payments` are field resolvers (InvoiceResolver). */
@ObjectType()
export class Invoice {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique within the workspace, such as INV-0001.' })
  number!: string;

  @Field(() => InvoiceStatus)
  status!: InvoiceStatus;

  @Field({ description: 'ISO 4217 code such as USD.' })
  currency!: string;

  @Field(() => [InvoiceLineItem])
  lineItems!: InvoiceLineItem[];

  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Field(() => Float, { description: 'The default rate of lines that name none.' })
  taxRatePercent!: number;

  @Field({ description: 'The default tax label of lines that name none (Tax unless set).' })
  taxLabel!: string;

  @Field(() => [InvoiceTaxLine], {
    description: 'The totals per rate (rates above 0), in the order the lines use them.',
  })
  taxLines!: InvoiceTaxLine[];

  @Field(() => Int)
  subtotal!: number;

  @Field(() => Int)
  taxAmount!: number;

  @Field(() => Int)
  total!: number;

  /** Every payment received, any overpayment included. */
  @Field(() => Int)
  amountPaid!: number;

  @Field(() => Int, { description: 'Zero for a VOID invoice.' })
  amountDue!: number;

  @Field(() => Int, {
    description:
      'Money received above the total, such as a Checkout session paid after another payment: recorded, never dropped.',
  })
  amountOverpaid!: number;

  @Field(() => Date, { nullable: true })
  issuedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  dueDate!: Date | null;

  @Field(() => Date, { nullable: true })
  paidAt!: Date | null;

  @Field({
    description: "Reminders go out on the workspace's reminder days unless turned off for this invoice.",
  })
  remindersEnabled!: boolean;

  workspaceId!: string;
  clientId!: string;
  projectId!: string;
}
