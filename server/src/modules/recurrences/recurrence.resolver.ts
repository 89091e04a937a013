import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf } from '../../graphql/viewer.union';
import { Invoice } from '../invoices/invoice.type';
import { ScheduleRecurringInvoiceInput } from './recurrence.input';
import { RecurringInvoice } from './recurrence.type';

@Resolver(() => RecurringInvoice)
export class RecurrenceResolver {
  @Authorized('MEMBER')
  @Query(() => [RecurringInvoice], {
    description: "Members: the workspace's recurring invoices, or one project's.",
  })
  recurringInvoices(
    @Arg('projectId', () => ID, { nullable: true }) projectId: string | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.recurrences.list(memberOf(ctx), projectId ?? null);
  }

  @Authorized('MEMBER')
  @Query(() => RecurringInvoice, {
    nullable: true,
    description: 'Members; null when unknown or another workspace’s.',
  })
  recurringInvoice(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.recurrences.byId(memberOf(ctx), id);
  }

  @FieldResolver(() => Invoice, { description: 'The draft each period copies.' })
  async template(@Root() recurrence: RecurringInvoice, @Ctx() ctx: GraphQLContext) {
    return (await ctx.services.invoices.byId(memberOf(ctx), recurrence.templateInvoiceId))!;
  }

  @FieldResolver(() => [Invoice], { description: 'The invoices issued so far, oldest first.' })
  async invoices(@Root() recurrence: RecurringInvoice, @Ctx() ctx: GraphQLContext) {
    const ids = await ctx.services.recurrences.invoiceIds(recurrence);
    const invoices = await Promise.all(ids.map((id) => ctx.services.invoices.byId(memberOf(ctx), id)));
    return invoices.filter((invoice) => invoice !== null);
  }

  @Authorized('MEMBER')
  @Mutation(() => RecurringInvoice, {
    description:
      'Members: a draft becomes the template of an invoice issued every N weeks or months from startDate, until endDate or count; each is numbered as usual and sent, or left as a draft, as sendAutomatically says.',
  })
  scheduleRecurringInvoice(
    @Arg('input', () => ScheduleRecurringInvoiceInput) input: ScheduleRecurringInvoiceInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.recurrences.schedule(memberOf(ctx), input, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => RecurringInvoice, { description: 'Members: issues nothing until resumed.' })
  pauseRecurringInvoice(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.recurrences.pause(memberOf(ctx), id, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => RecurringInvoice, {
    description: 'Members: goes on from the next period to come; those missed are skipped.',
  })
  resumeRecurringInvoice(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.recurrences.resume(memberOf(ctx), id, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => RecurringInvoice, {
    description: 'Members: issues no more invoices; the template stays a draft.',
  })
  endRecurringInvoice(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.recurrences.end(memberOf(ctx), id, ctx.requestId);
  }
}
