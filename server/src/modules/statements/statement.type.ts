import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum StatementLineKindEnum {
  INVOICE = 'INVOICE',
  PAYMENT = 'PAYMENT',
  VOID = 'VOID',
}
registerEnumType(StatementLineKindEnum, {
  name: 'StatementLineKind',
  valuesConfig: {
    INVOICE: { description: 'An invoice sent: its total is charged.' },
    PAYMENT: { description: 'A payment received: credited.' },
    VOID: { description: 'A sent invoice voided: its total is credited back.' },
  },
});

@ObjectType()
export class StatementLine {
  @Field()
  date!: Date;

  @Field(() => StatementLineKindEnum)
  kind!: StatementLineKindEnum;

  @Field()
  invoiceNumber!: string;

  @Field()
  description!: string;

  @Field({ description: 'ISO 4217; each currency has a balance of its own.' })
  currency!: string;

  @Field(() => Int)
  charge!: number;

  @Field(() => Int)
  credit!: number;

  @Field(() => Int, {
    description: 'The balance in this currency after the line: above 0 owed, below 0 in credit.',
  })
  balance!: number;
}

@ObjectType()
export class StatementBalance {
  @Field()
  currency!: string;

  @Field(() => Int)
  invoiced!: number;

  @Field(() => Int)
  paid!: number;

  @Field(() => Int)
  voided!: number;

  @Field(() => Int, {
    description: 'invoiced − paid − voided: above 0 owed, below 0 in the client’s favour.',
  })
  balance!: number;
}

/** `pdfUrl` is a field resolver. */
@ObjectType({
  description: 'Every invoice sent to a client and every payment, in date order, with the balance.',
})
export class ClientStatement {
  @Field({ description: "The client's billing name." })
  clientName!: string;

  @Field()
  generatedAt!: Date;

  @Field(() => [StatementLine])
  lines!: StatementLine[];

  @Field(() => [StatementBalance], { description: 'One per currency.' })
  balances!: StatementBalance[];

  clientId!: string;
  workspaceId!: string;
}
