import { Field, ID, InputType, Int } from 'type-graphql';
import { UploadPurpose } from './upload.type';

@InputType()
export class RequestUploadInput {
  @Field(() => UploadPurpose)
  purpose!: UploadPurpose;

  @Field(() => ID, { nullable: true, description: 'Required for PROJECT_DOCUMENT.' })
  projectId?: string | null;

  @Field()
  fileName!: string;

  @Field()
  contentType!: string;

  @Field(() => Int)
  size!: number;
}
