import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum RecurrenceIntervalEnum {
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}
registerEnumType(RecurrenceIntervalEnum, { name: 'RecurrenceInterval' });

export enum RecurrenceStatusEnum {
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  ENDED = 'ENDED',
}
registerEnumType(RecurrenceStatusEnum, {
  name: 'RecurrenceStatus',
  valuesConfig: {
    ACTIVE: { description: 'Issues an invoice each period.' },
    PAUSED: { description: 'Issues nothing; resumed, the periods that fell meanwhile are skipped.' },
    ENDED: {
      description: 'Ended by a member, after its last period, or because its template is no longer a draft.',
    },
  },
});

/** `template` and `invoices` are field resolvers (RecurrenceResolver). */
@ObjectType({ description: 'Members: a draft template issued as a new invoice every N weeks or months.' })
export class RecurringInvoice {
  @Field(() => ID)
  id!: string;

  @Field(() => RecurrenceIntervalEnum)
  interval!: RecurrenceIntervalEnum;

  @Field(() => Int, { description: 'Every this many weeks or months.' })
  every!: number;

  @Field({ description: 'The first period; the next fall every N weeks or months from it.' })
  startDate!: Date;

  @Field(() => Date, { nullable: true, description: 'The last period falls on or before it.' })
  endDate!: Date | null;

  @Field(() => Int, { nullable: true, description: 'How many invoices in all.' })
  count!: number | null;

  @Field({ description: 'Each invoice is sent at once; false: left as a draft for review.' })
  sendAutomatically!: boolean;

  @Field(() => Int, { nullable: true, description: 'Each invoice is due this many days after it is issued.' })
  dueInDays!: number | null;

  @Field(() => RecurrenceStatusEnum)
  status!: RecurrenceStatusEnum;

  @Field(() => String, { nullable: true, description: 'ENDED: why (ENDED, COMPLETED or TEMPLATE_GONE).' })
  endedReason!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the next invoice is issued (null: none will be).' })
  nextIssueAt!: Date | null;

  @Field(() => Int)
  issuedCount!: number;

  workspaceId!: string;
  clientId!: string;
  projectId!: string;
  templateInvoiceId!: string;
}
