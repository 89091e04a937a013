import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { ScopedCtx } from '../../graphql/scoped-context';
import { memberOf, viewerOf } from '../../graphql/viewer.union';
import { Client } from '../clients/client.type';
import { Document } from '../documents/document.type';
import { Invoice } from '../invoices/invoice.type';
import { Task } from '../tasks/task.type';
import { checkFirst } from '../timeline/timeline.service';
import { TimelineConnection } from '../timeline/timeline.type';
import { CreateProjectInput } from './project.input';
import { Project, ProjectStatus } from './project.type';

@Resolver(() => Project)
export class ProjectResolver {
  @Authorized()
  @Query(() => [Project], {
    description:
      "Members: every project of the workspace, optionally by status. Contacts: their client's ACTIVE projects.",
  })
  projects(
    @Arg('status', () => ProjectStatus, { nullable: true }) status: ProjectStatus | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.projects.list(viewerOf(ctx), status ?? null);
  }

  @Authorized()
  @Query(() => Project, {
    nullable: true,
    description: 'Members and contacts; null when it does not exist or the viewer may not see it.',
  })
  project(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.byId(viewerOf(ctx), id);
  }

  @FieldResolver(() => Client)
  async client(@Root() project: Project, @ScopedCtx() ctx: GraphQLContext) {
    return (await ctx.loaders.clientById.load(project.clientId))!;
  }

  @FieldResolver(() => TimelineConnection, {
    description: 'Newest first. Contacts see only the entries meant for clients.',
  })
  timeline(
    @Root() project: Project,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @ScopedCtx() ctx: GraphQLContext,
  ) {
    return ctx.loaders.timeline.load({
      projectId: project.id,
      clientId: project.clientId,
      first: checkFirst(first ?? 20),
      after: after ?? null,
    });
  }

  @FieldResolver(() => [Invoice], { description: 'Contacts never see DRAFT invoices.' })
  invoices(@Root() project: Project, @ScopedCtx() ctx: GraphQLContext) {
    return ctx.loaders.invoicesByProjectId.load(project.id);
  }

  @FieldResolver(() => [Document])
  documents(@Root() project: Project, @ScopedCtx() ctx: GraphQLContext) {
    return ctx.loaders.documentsByProjectId.load(project.id);
  }

  @FieldResolver(() => [Task], {
    description: 'Contacts see tasks as the task settings allow; with visibility OFF the list is empty.',
  })
  tasks(@Root() project: Project, @ScopedCtx() ctx: GraphQLContext) {
    return ctx.loaders.tasksByProjectId.load(project.id);
  }

  @Authorized('MEMBER')
  @Mutation(() => Project)
  createProject(
    @Arg('input', () => CreateProjectInput) input: CreateProjectInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.projects.create(memberOf(ctx), input, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Project)
  renameProject(
    @Arg('id', () => ID) id: string,
    @Arg('name', () => String) name: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.projects.rename(memberOf(ctx), id, name, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Project)
  setProjectStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => ProjectStatus) status: ProjectStatus,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.projects.setStatus(memberOf(ctx), id, status, ctx.requestId);
  }
}
