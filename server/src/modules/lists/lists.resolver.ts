import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf } from '../../graphql/viewer.union';
import { InvoiceStatus } from '../invoices/invoice.type';
import { ProjectStatus } from '../projects/project.type';
import { ActivityConnection, ClientConnection, InvoiceConnection, ProjectConnection } from './lists.type';

const FIRST = { nullable: true, defaultValue: 25 } as const;

/** The workspace's lists by cursor, for members (the console); `clients` and `projects` stay as they were. */
@Resolver()
export class ListsResolver {
  @Authorized('MEMBER')
  @Query(() => ClientConnection, {
    description:
      "Members: the workspace's clients by name, a page at a time; search looks in names and contacts.",
  })
  clientsPage(
    @Arg('first', () => Int, FIRST) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Arg('includeArchived', () => Boolean, { nullable: true, defaultValue: false }) includeArchived: boolean,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.lists.clients(memberOf(ctx), {
      first: first ?? 25,
      after: after ?? null,
      search: search ?? null,
      includeArchived: includeArchived ?? false,
    });
  }

  @Authorized('MEMBER')
  @Query(() => ProjectConnection, {
    description: "Members: the workspace's projects, newest first, a page at a time.",
  })
  projectsPage(
    @Arg('first', () => Int, FIRST) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('status', () => ProjectStatus, { nullable: true }) status: ProjectStatus | null,
    @Arg('clientId', () => ID, { nullable: true }) clientId: string | null,
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.lists.projects(memberOf(ctx), {
      first: first ?? 25,
      after: after ?? null,
      status: status ?? null,
      clientId: clientId ?? null,
      search: search ?? null,
    });
  }

  @Authorized('MEMBER')
  @Query(() => InvoiceConnection, {
    description:
      "Members: the workspace's invoices, newest first, a page at a time: by status, client or project, overdue ones, or those due before a date.",
  })
  invoicesPage(
    @Arg('first', () => Int, FIRST) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('status', () => InvoiceStatus, { nullable: true }) status: InvoiceStatus | null,
    @Arg('clientId', () => ID, { nullable: true }) clientId: string | null,
    @Arg('projectId', () => ID, { nullable: true }) projectId: string | null,
    @Arg('overdue', () => Boolean, { nullable: true, defaultValue: false }) overdue: boolean,
    @Arg('dueBefore', () => Date, { nullable: true }) dueBefore: Date | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.lists.invoices(memberOf(ctx), {
      first: first ?? 25,
      after: after ?? null,
      status: status ?? null,
      clientId: clientId ?? null,
      projectId: projectId ?? null,
      overdue: overdue ?? false,
      dueBefore: dueBefore ?? null,
    });
  }

  @Authorized('MEMBER')
  @Query(() => ActivityConnection, {
    description:
      "Members: the workspace's activity, newest first, every audience (saying what clients see), by project, by client, or by contacts only.",
  })
  activity(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('projectId', () => ID, { nullable: true }) projectId: string | null,
    @Arg('clientId', () => ID, { nullable: true }) clientId: string | null,
    @Arg('byContacts', () => Boolean, { nullable: true, defaultValue: false }) byContacts: boolean,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.lists.activity(memberOf(ctx), {
      first: first ?? 20,
      after: after ?? null,
      projectId: projectId ?? null,
      clientId: clientId ?? null,
      byContacts: byContacts ?? false,
    });
  }
}
