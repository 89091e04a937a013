import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf, viewerOf } from '../../graphql/viewer.union';
import { PortalInfo } from '../portal/portal.type';
import { Workspace } from '../workspaces/workspace.type';
import { CheckoutSession } from './payment.type';

@Resolver()
export class PaymentResolver {
  @Authorized()
  @Mutation(() => CheckoutSession, {
    description: 'Contacts and members: a Stripe Checkout session for the amount due.',
  })
  payInvoice(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<CheckoutSession> {
    return ctx.services.payments.payInvoice(viewerOf(ctx), id);
  }

  @Mutation(() => CheckoutSession, {
    description:
      "Anyone holding the key from an invoice email: a Stripe Checkout session for that invoice's amount due.",
  })
  async payInvoiceByKey(
    @Arg('key', () => String) key: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CheckoutSession> {
    return ctx.services.payments.payInvoiceByKey(await ctx.services.invoiceKeys.grant(key, ctx.http.ip));
  }

  @Authorized('MEMBER')
  @Mutation(() => Workspace, {
    description:
      "Members: checkout sessions are made on this connected Stripe account (acct_…); null: the platform's account.",
  })
  async connectStripeAccount(
    @Arg('accountId', () => String, { nullable: true }) accountId: string | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    const member = memberOf(ctx);
    await ctx.services.payments.connectStripeAccount(member, accountId ?? null, ctx.requestId);
    return (await ctx.services.workspaces.byId(member.workspaceId))!;
  }
}

@Resolver(() => Workspace)
export class WorkspacePaymentsResolver {
  @FieldResolver(() => Boolean, {
    description: 'Invoices can be paid online (Stripe); false: the portal says payment is offline.',
  })
  onlinePaymentEnabled(@Ctx() ctx: GraphQLContext): boolean {
    return ctx.services.payments.enabled;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Members: the connected Stripe account, if any (null for contacts).',
  })
  async stripeAccountId(@Root() workspace: Workspace, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    if (ctx.viewer?.kind !== 'MEMBER') return null;
    return ctx.services.payments.connectedAccount(workspace.id);
  }
}

/** What a contact reads of the portal: whether invoices can be paid online, so the portal can say payment is offline. */
@Resolver(() => PortalInfo)
export class PortalPaymentsResolver {
  @FieldResolver(() => Boolean, {
    description: 'Invoices can be paid online (Stripe); false: the portal says payment is offline.',
  })
  onlinePaymentEnabled(@Ctx() ctx: GraphQLContext): boolean {
    return ctx.services.payments.enabled;
  }
}
