import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { onRequestEnd, scopedContext } from '../../graphql/scoped-context';
import { memberOf } from '../../graphql/viewer.union';
import { Project } from '../projects/project.type';

@Resolver(() => Project)
export class ProjectAtResolver {
  /** The project and all below it read from the replayed state, which ends with the request. */
  @Authorized('MEMBER')
  @Query(() => Project, {
    nullable: true,
    description:
      'Members: the project as it stood at that instant, rebuilt from the log (name, status, documents, invoices, tasks, messages, and the timeline up to then). Null when it did not exist yet.',
  })
  async projectAt(
    @Arg('id', () => ID) id: string,
    @Arg('at', () => Date) at: Date,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Project | null> {
    const past = await ctx.services.projectAt.open(memberOf(ctx), id, at);
    if (!past) return null;
    onRequestEnd(ctx, past.release);
    const scope = scopedContext(ctx, past.db, ctx.services.readersOn(past.db));
    return scope.loaders.projectById.load(id);
  }
}
