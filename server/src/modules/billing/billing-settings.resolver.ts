import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf } from '../../graphql/viewer.union';
import { Workspace } from '../workspaces/workspace.type';
import { BillingProfileInput } from './billing-settings.input';
import { BillingProfile, ReminderSchedule } from './billing-settings.type';

@Resolver(() => Workspace)
export class BillingSettingsResolver {
  @Authorized('MEMBER')
  @FieldResolver(() => BillingProfile, { description: "Members: who issues the workspace's invoices." })
  async billingProfile(@Root() workspace: Workspace, @Ctx() ctx: GraphQLContext) {
    return (await ctx.services.billingSettings.settings(workspace.id)).profile;
  }

  @Authorized('MEMBER')
  @FieldResolver(() => ReminderSchedule, {
    description: 'Members: when reminders of unpaid invoices go out.',
  })
  async reminderSchedule(@Root() workspace: Workspace, @Ctx() ctx: GraphQLContext) {
    return { daysFromDue: (await ctx.services.billingSettings.settings(workspace.id)).daysFromDue };
  }

  @Authorized('MEMBER')
  @Mutation(() => Workspace, {
    description: 'Members: the legal name, address, tax id and payment instructions on invoices.',
  })
  async updateBillingProfile(
    @Arg('input', () => BillingProfileInput) input: BillingProfileInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    const member = memberOf(ctx);
    await ctx.services.billingSettings.updateProfile(member, { ...input }, ctx.requestId);
    return (await ctx.services.workspaces.byId(member.workspaceId))!;
  }

  @Authorized('MEMBER')
  @Mutation(() => Workspace, {
    description: 'Members: the days from the due date reminders go out on (default -3, 0, 7); empty: none.',
  })
  async updateReminderSchedule(
    @Arg('daysFromDue', () => [Int]) daysFromDue: number[],
    @Ctx() ctx: GraphQLContext,
  ) {
    const member = memberOf(ctx);
    await ctx.services.billingSettings.updateReminderSchedule(member, daysFromDue, ctx.requestId);
    return (await ctx.services.workspaces.byId(member.workspaceId))!;
  }
}
