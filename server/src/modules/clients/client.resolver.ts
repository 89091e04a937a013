import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { ScopedCtx } from '../../graphql/scoped-context';
import { memberOf } from '../../graphql/viewer.union';
import { Project } from '../projects/project.type';
import { ClientBillingDetailsInput, ContactInput, CreateClientInput } from './client.input';
import { Client, ClientBillingDetails, Contact } from './client.type';

@Resolver(() => Client)
export class ClientResolver {
  @Authorized('MEMBER')
  @Query(() => [Client])
  clients(
    @Arg('includeArchived', () => Boolean, { nullable: true, defaultValue: false }) includeArchived: boolean,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.clients.list(memberOf(ctx), includeArchived ?? false);
  }

  @Authorized('MEMBER')
  @Query(() => Client, { nullable: true })
  client(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.clients.byId(memberOf(ctx), id);
  }

  @FieldResolver(() => [Contact])
  contacts(@Root() client: Client, @ScopedCtx() ctx: GraphQLContext) {
    return ctx.loaders.contactsByClientId.load(client.id);
  }

  @FieldResolver(() => ClientBillingDetails)
  billingDetails(@Root() client: Client): ClientBillingDetails {
    return { name: client.billingName ?? client.name, address: client.billingAddress, taxId: client.taxId };
  }

  @FieldResolver(() => [Project], {
    description: "Members: every project of the client. Contacts: the client's ACTIVE projects.",
  })
  projects(@Root() client: Client, @ScopedCtx() ctx: GraphQLContext) {
    return ctx.loaders.projectsByClient.load(client.id);
  }

  @Authorized('MEMBER')
  @Mutation(() => Client)
  createClient(@Arg('input', () => CreateClientInput) input: CreateClientInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.clients.create(memberOf(ctx), input, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Client)
  renameClient(
    @Arg('id', () => ID) id: string,
    @Arg('name', () => String) name: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.clients.rename(memberOf(ctx), id, name, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Contact)
  addContact(
    @Arg('clientId', () => ID) clientId: string,
    @Arg('input', () => ContactInput) input: ContactInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.clients.addContact(memberOf(ctx), clientId, input, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Contact, { description: "Members. Ends the contact's sessions and unused sign-in links." })
  changeContactEmail(
    @Arg('contactId', () => ID) contactId: string,
    @Arg('email', () => String) email: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.clients.changeContactEmail(memberOf(ctx), contactId, email, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Contact, { description: "Members. A contact's new name; their access is unchanged." })
  renameContact(
    @Arg('contactId', () => ID) contactId: string,
    @Arg('name', () => String) name: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.clients.renameContact(memberOf(ctx), contactId, name, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Client, { description: "Members. Ends the contact's sessions and unused sign-in links." })
  removeContact(@Arg('contactId', () => ID) contactId: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.clients.removeContact(memberOf(ctx), contactId, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Client, { description: 'Members. Ends the sessions of every contact of the client.' })
  archiveClient(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.clients.setArchived(memberOf(ctx), id, true, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Client, {
    description: "Members: the billing name, address and tax id on the client's invoices.",
  })
  updateClientBillingDetails(
    @Arg('clientId', () => ID) clientId: string,
    @Arg('input', () => ClientBillingDetailsInput) input: ClientBillingDetailsInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.clients.updateBillingDetails(memberOf(ctx), clientId, { ...input }, ctx.requestId);
  }

  @Authorized('MEMBER')
  @Mutation(() => Client)
  unarchiveClient(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.clients.setArchived(memberOf(ctx), id, false, ctx.requestId);
  }
}
