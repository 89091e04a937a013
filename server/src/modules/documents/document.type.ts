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

  /** LINK: the shared address; FILE: null (Document.url is signed when it is read, see DocumentResolver). */
  url!: string | null;

  @Field(() => String, { nullable: true })
  contentType!: string | null;

  @Field(() => Int, { nullable: true })
  size!: number | null;

  @Field(() => Actor)
  sharedBy!: Actor;

  @Field()
  sharedAt!: Date;

  workspaceId!: string;
  clientId!: string;
  projectId!: string;
  /** FILE: the object's key in the bucket; never shown. */
  storageKey!: string | null;
}
