import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Actor } from '../../graphql/common.type';

export enum DocumentKind {
  FILE = 'FILE',
  LINK = 'LINK',
}
registerEnumType(DocumentKind, { name: 'DocumentKind' });

@ObjectType()
export class Document {
  @Field(() => ID)
  id!: string;

  @Field(() => DocumentKind)
  kind!: DocumentKind;

  @Field()
  name!: string;

  @Field({ description: 'LINK: the shared address. FILE: a short-lived signed download address.' })
  url!: string;

  @Field(() => String, { nullable: true })
  contentType!: string | null;

  @Field(() => Int, { nullable: true })
  size!: number | null;

  @Field(() => Actor)
  sharedBy!: Actor;

  @Field()
  sharedAt!: Date;

  workspaceId!: string;
  projectId!: string;
}
