import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum UploadPurpose {
  PROJECT_DOCUMENT = 'PROJECT_DOCUMENT',
  LOGO = 'LOGO',
  BACKGROUND_IMAGE = 'BACKGROUND_IMAGE',
}
registerEnumType(UploadPurpose, { name: 'UploadPurpose' });

@ObjectType()
export class FormField {
  @Field()
  name!: string;

  @Field()
  value!: string;
}

@ObjectType({
  description:
    "A signed S3 POST form: send the fields, then the file as the form field 'file', to url; then complete the upload.",
})
export class UploadTicket {
  @Field(() => ID)
  uploadId!: string;

  @Field()
  url!: string;

  @Field(() => [FormField])
  fields!: FormField[];

  @Field(() => Int)
  maxSize!: number;

  @Field()
  expiresAt!: Date;
}
