import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf } from '../../graphql/viewer.union';
import { StoredEventConnection } from './event-log.type';

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
}
