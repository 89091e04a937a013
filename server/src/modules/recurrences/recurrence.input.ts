import { Field, ID, InputType, Int } from 'type-graphql';
import { RecurrenceIntervalEnum } from './recurrence.type';

@InputType()
export class ScheduleRecurringInvoiceInput {
  @Field(() => ID, { description: 'A draft invoice: each period issues a copy of it as it is then.' })
  templateInvoiceId!: string;

  @Field(() => RecurrenceIntervalEnum)
  interval!: RecurrenceIntervalEnum;

  @Field(() => Int, { nullable: true, defaultValue: 1 })
  every?: number | null;

  @Field({ description: 'Today or later.' })
  startDate!: Date;

  @Field(() => Date, { nullable: true, description: 'Until this date (or give count).' })
  endDate?: Date | null;

  @Field(() => Int, { nullable: true, description: 'This many invoices (or give endDate).' })
  count?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Send each invoice; false: leave it as a draft.',
  })
  sendAutomatically?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Each invoice is due this many days after it is issued.' })
  dueInDays?: number | null;
}
