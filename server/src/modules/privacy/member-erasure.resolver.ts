import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf } from '../../graphql/viewer.union';

@Resolver()
export class MemberErasureResolver {
  @Authorized('OWNER')
  @Mutation(() => Boolean, {
    description:
      "Members with role OWNER: erases a removed member's personal data (name, email) everywhere, the log included, while the log stays append-only and verifiable. Remove the member first. Cannot be undone.",
  })
  eraseMember(@Arg('memberId', () => ID) memberId: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.memberErasure.erase(memberOf(ctx), memberId, ctx.requestId);
  }
}
