import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { ScopedCtx } from '../../graphql/scoped-context';
import { forbidden } from '../../graphql/errors';
import { memberOf, viewerOf } from '../../graphql/viewer.union';
import { Project } from '../projects/project.type';
import { keyAccessOf } from './invoice-access';
import { CreateInvoiceInput, UpdateInvoiceInput } from './invoice.input';
import { Invoice, Payment } from './invoice.type';

export const KEY_OPENS_ONLY_THE_INVOICE =
  "an invoice's key opens that invoice alone: sign in to the portal to see its project";

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

  @Query(() => Invoice, {
    nullable: true,
    description:
      'Anyone holding the key from an invoice email: that one invoice, and nothing else. Null when the key is unknown or no longer valid.',
  })
  invoiceByKey(@Arg('key', () => String) key: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.invoiceKeys.invoice(key, ctx.http.ip);
  }

  /** Leads away from the invoice: never for a key, which opens the invoice alone. */
  @FieldResolver(() => Project)
  async project(@Root() invoice: Invoice, @ScopedCtx() ctx: GraphQLContext) {
    if (keyAccessOf(invoice)) throw forbidden(KEY_OPENS_ONLY_THE_INVOICE);
    return (await ctx.loaders.projectById.load(invoice.projectId))!;
  }

  @FieldResolver(() => String, {
    description: "The invoice's PDF: for whoever may see the invoice (with a key: the key's own address).",
  })
  pdfUrl(@Root() invoice: Invoice, @ScopedCtx() ctx: GraphQLContext): string {
    return ctx.services.invoices.pdfUrl(invoice, keyAccessOf(invoice)?.key ?? null);
  }

  @FieldResolver(() => String, { description: 'The slug of the portal the invoice belongs to.' })
  async portalSlug(@Root() invoice: Invoice, @ScopedCtx() ctx: GraphQLContext): Promise<string> {
    return keyAccessOf(invoice)?.slug ?? ctx.services.invoices.slugOf(invoice);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The workspace's payment instructions (bank details…): how to pay other than online.",
  })
  async paymentInstructions(
    @Root() invoice: Invoice,
    @ScopedCtx() ctx: GraphQLContext,
  ): Promise<string | null> {
    return (await ctx.services.billingSettings.settings(invoice.workspaceId)).profile.paymentInstructions;
  }

  @FieldResolver(() => Boolean)
  overdue(@Root() invoice: Invoice, @ScopedCtx() ctx: GraphQLContext) {
    const overdue = ctx.services.invoices.isOverdue(invoice);
    // Not overdue yet, it may be once the due date passes with no event: a kept answer ends then.
    if (!overdue && invoice.dueDate) ctx.answer?.holdsUntil(invoice.dueDate);
    return overdue;
  }

  @FieldResolver(() => [Payment])
  payments(@Root() invoice: Invoice, @ScopedCtx() ctx: GraphQLContext) {
    const key = keyAccessOf(invoice);
    return key ? ctx.services.invoiceKeys.payments(key) : ctx.loaders.paymentsByInvoiceId.load(invoice.id);
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
  @Mutation(() => Invoice, {
    description:
      "Members: turns this invoice's reminders off (or on again); the workspace's reminder days say when.",
  })
  setInvoiceReminders(
    @Arg('id', () => ID) id: string,
    @Arg('enabled', () => Boolean) enabled: boolean,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.invoices.setReminders(memberOf(ctx), id, enabled, ctx.requestId);
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
