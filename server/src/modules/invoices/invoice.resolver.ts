import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf, viewerOf } from '../../graphql/viewer.union';
import { Project } from '../projects/project.type';
import { CreateInvoiceInput, UpdateInvoiceInput } from './invoice.input';
import { Invoice, Payment } from './invoice.type';

@Resolver(() => Invoice)
export class InvoiceResolver {
  @Authorized()
  @Query(() => Invoice, {
    nullable: true,
    description: 'Members and contacts; null when it does not exist or the viewer may not see it.',
  })
  invoice(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.invoices.byId(viewerOf(ctx), id);
  }

  @FieldResolver(() => Project)
  async project(@Root() invoice: Invoice, @Ctx() ctx: GraphQLContext) {
    return (await ctx.loaders.projectById.load(invoice.projectId))!;
  }

  @FieldResolver(() => Boolean)
  overdue(@Root() invoice: Invoice, @Ctx() ctx: GraphQLContext) {
    return ctx.services.invoices.isOverdue(invoice);
  }

  @FieldResolver(() => [Payment])
  payments(@Root() invoice: Invoice, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.paymentsByInvoiceId.load(invoice.id);
  }

  @Authorized('MEMBER')
  @Mutation(() => Invoice, { description: 'Members. The invoice starts as DRAFT.' })
  createInvoice(
    @Arg('input', () => CreateInvoiceInput) input: CreateInvoiceInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.invoices.create(memberOf(ctx), input, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Invoice, { description: 'Members. Drafts only.' })
  updateInvoice(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateInvoiceInput) input: UpdateInvoiceInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.invoices.update(memberOf(ctx), id, input, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Invoice, {
    description: 'Members. DRAFT to SENT; emails the invoice to every contact of the client.',
  })
  sendInvoice(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.invoices.send(memberOf(ctx), id, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Invoice)
  voidInvoice(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.invoices.void(memberOf(ctx), id, reason ?? null, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Invoice, { description: 'Members: a payment received outside the portal.' })
  recordPayment(
    @Arg('invoiceId', () => ID) invoiceId: string,
    @Arg('amount', () => Int) amount: number,
    @Arg('method', () => String) method: string,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.invoices.recordPayment(
      memberOf(ctx),
      invoiceId,
      { amount, method, note: note ?? null },
      ctx.requestId,
    );
  }
}
