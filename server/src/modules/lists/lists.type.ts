import { Field, ID, ObjectType } from 'type-graphql';
import { Actor, PageInfo } from '../../graphql/common.type';
import { Client } from '../clients/client.type';
import { Invoice } from '../invoices/invoice.type';
import { Project } from '../projects/project.type';

@ObjectType()
export class ClientEdge {
  @Field()
  cursor!: string;

  @Field(() => Client)
  node!: Client;
}

@ObjectType()
export class ClientConnection {
  @Field(() => [ClientEdge])
  edges!: ClientEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class ProjectEdge {
  @Field()
  cursor!: string;

  @Field(() => Project)
  node!: Project;
}

@ObjectType()
export class ProjectConnection {
  @Field(() => [ProjectEdge])
  edges!: ProjectEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class InvoiceEdge {
  @Field()
  cursor!: string;

  @Field(() => Invoice)
  node!: Invoice;
}

@ObjectType()
export class InvoiceConnection {
  @Field(() => [InvoiceEdge])
  edges!: InvoiceEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({ description: "One line of the workspace's activity, for its members: every audience." })
export class ActivityEntry {
  @Field(() => ID)
  id!: string;

  @Field()
  occurredAt!: Date;

  @Field(() => Actor)
  actor!: Actor;

  @Field()
  type!: string;

  @Field()
  summary!: string;

  @Field({
    description:
      "Whether the client's contacts see it in their portal now (task settings and sharing included).",
  })
  visibleToClient!: boolean;

  @Field(() => ID)
  clientId!: string;

  @Field()
  clientName!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'null: the entry concerns the client, and shows in each of its projects.',
  })
  projectId!: string | null;

  @Field(() => String, { nullable: true })
  projectName!: string | null;
}

@ObjectType()
export class ActivityEdge {
  @Field()
  cursor!: string;

  @Field(() => ActivityEntry)
  node!: ActivityEntry;
}

@ObjectType()
export class ActivityConnection {
  @Field(() => [ActivityEdge])
  edges!: ActivityEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
