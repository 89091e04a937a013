import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "Who issues the workspace's invoices, as the PDF shows it." })
export class BillingProfile {
  @Field(() => String, { nullable: true, description: 'The legal name; none: the company name.' })
  legalName!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address, lines separated by newlines.' })
  address!: string | null;

  @Field(() => String, { nullable: true, description: 'VAT number, EIN, ABN…' })
  taxId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'How to pay other than online, such as bank details: on every invoice, as the way to pay when online payment is off and as an alternative otherwise.',
  })
  paymentInstructions!: string | null;
}

@ObjectType({ description: 'When reminders of unpaid invoices go out.' })
export class ReminderSchedule {
  @Field(() => [Int], {
    description:
      'Days from the due date: -3 is three days before, 0 the due date, 7 a week after. Empty: no reminders.',
  })
  daysFromDue!: number[];
}
