import { Field, InputType } from 'type-graphql';
import { TaskVisibility } from './workspace.type';

@InputType()
export class BrandingInput {
  @Field(() => String, { nullable: true })
  companyName?: string | null;

  @Field(() => String, { nullable: true })
  accentColor?: string | null;

  @Field(() => Boolean, { nullable: true })
  showYourBrand?: boolean | null;
}

@InputType()
export class TaskPortalSettingsInput {
  @Field(() => TaskVisibility)
  visibility!: TaskVisibility;

  @Field()
  clientsCanCreate!: boolean;

  @Field()
  clientsCanEdit!: boolean;

  @Field()
  clientsCanComment!: boolean;
}
