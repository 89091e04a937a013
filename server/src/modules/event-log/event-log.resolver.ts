import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf } from '../../graphql/viewer.union';
import { StoredEventConnection } from './event-log.type';
import { LogDigest } from './log-digest.type';

@Resolver()
export class EventLogResolver {
  @Authorized('MEMBER')
  @Query(() => StoredEventConnection, { description: 'Members: the append-only log, oldest first.' })
  events(
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('streamId', () => String, { nullable: true }) streamId: string | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.eventLog.page(memberOf(ctx), first ?? 100, after ?? null, streamId ?? null);
  }

  @Authorized('MEMBER')
  @Query(() => LogDigest, {
    nullable: true,
    description:
      "Members: the newest head digest of the workspace's log, to keep; null until the worker's log-digest processor has run.",
  })
  logDigest(@Ctx() ctx: GraphQLContext) {
    return ctx.services.logDigest.latest(memberOf(ctx));
  }
}
