import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { memberOf } from '../../graphql/viewer.union';
import { Client } from '../clients/client.type';

@Resolver()
export class ContactErasureResolver {
  @Authorized('OWNER')
  @Mutation(() => Client, {
    description:
      "Members with role OWNER: erases a contact's personal data (name, email) everywhere, the log included, while the log stays append-only and verifiable. Ends their sessions and links. Cannot be undone.",
  })
  eraseContact(@Arg('contactId', () => ID) contactId: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.contactErasure.erase(memberOf(ctx), contactId, ctx.requestId);
  }
}
