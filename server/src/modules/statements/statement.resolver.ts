import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { viewerOf } from '../../graphql/viewer.union';
import { ClientStatement } from './statement.type';

@Resolver(() => ClientStatement)
export class StatementResolver {
  @Authorized()
  @Query(() => ClientStatement, {
    nullable: true,
    description:
      "Members, and the client's own contacts: every invoice sent to the client and every payment, with the balance. Null for anyone else.",
  })
  clientStatement(@Arg('clientId', () => ID) clientId: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.statements.forViewer(viewerOf(ctx), clientId);
  }

  @FieldResolver(() => String, { description: 'The statement as a PDF, for the same viewers.' })
  pdfUrl(@Root() statement: ClientStatement, @Ctx() ctx: GraphQLContext): string {
    return `${ctx.services.statements.publicUrl}/clients/${statement.clientId}/statement.pdf`;
  }
}
