import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum TaskVisibility {
  OFF = 'OFF',
  ASSIGNED = 'ASSIGNED',
  ALL = 'ALL',
}
registerEnumType(TaskVisibility, {
  name: 'TaskVisibility',
  valuesConfig: {
    OFF: { description: 'Clients see no tasks; the portal shows no Tasks tab.' },
    ASSIGNED: { description: 'Clients see the tasks assigned to one of their contacts.' },
    ALL: { description: 'Clients see every task of their projects.' },
  },
});

@ObjectType()
export class Branding {
  @Field()
  companyName!: string;

  @Field(() => String, { nullable: true })
  logoUrl!: string | null;

  @Field(() => String, { nullable: true })
  backgroundImageUrl!: string | null;

  @Field({ description: 'Hex colour such as #3355ff.' })
  accentColor!: string;

  @Field({ description: "Whitelabel: true shows only the workspace's brand in the portal and its emails." })
  showYourBrand!: boolean;
}

@ObjectType({ description: 'One setting for the whole workspace: it applies to every client.' })
export class TaskPortalSettings {
  @Field(() => TaskVisibility)
  visibility!: TaskVisibility;

  @Field()
  clientsCanCreate!: boolean;

  @Field()
  clientsCanEdit!: boolean;

  @Field()
  clientsCanComment!: boolean;
}

@ObjectType()
export class Workspace {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  slug!: string;

  @Field()
  portalEnabled!: boolean;

  @Field({ description: "The portal's sign-in page, to paste into emails or a website." })
  portalUrl!: string;

  @Field(() => Branding)
  branding!: Branding;

  @Field(() => TaskPortalSettings)
  taskSettings!: TaskPortalSettings;

  @Field({
    description:
      "The workspace's time zone, an IANA name such as Europe/Paris (default UTC): daily digests go out at 08:00 there.",
  })
  timeZone!: string;
}

export enum BrandingImageKind {
  LOGO = 'LOGO',
  BACKGROUND_IMAGE = 'BACKGROUND_IMAGE',
}
registerEnumType(BrandingImageKind, {
  name: 'BrandingImage',
  description: "The logo, or the sign-in pages' background.",
});

export enum MemberRole {
  OWNER = 'OWNER',
  MEMBER = 'MEMBER',
}
registerEnumType(MemberRole, {
  name: 'MemberRole',
  valuesConfig: {
    OWNER: { description: 'Manages the team, API tokens of others, and can do everything a member does.' },
  },
});

export enum EmailNotificationMode {
  INSTANT = 'INSTANT',
  DAILY_DIGEST = 'DAILY_DIGEST',
  OFF = 'OFF',
}
registerEnumType(EmailNotificationMode, {
  name: 'EmailNotificationMode',
  description:
    'How a member hears of what clients do: an email each time, one email a day, or only in the console.',
  valuesConfig: {
    INSTANT: { description: 'An email for each, at most one a minute per project (later ones join it).' },
    DAILY_DIGEST: { description: "One email a day at 08:00 in the workspace's time zone." },
    OFF: { description: 'No email: the console only.' },
  },
});

@ObjectType()
export class Member {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field(() => MemberRole)
  role!: MemberRole;

  @Field(() => Date, { nullable: true })
  lastSignedInAt!: Date | null;

  @Field(() => EmailNotificationMode)
  emailNotifications!: EmailNotificationMode;

  workspaceId!: string;
}

@ObjectType()
export class ApiToken {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;
}

@ObjectType()
export class CreatedApiToken {
  @Field({ description: 'Shown once; only its hash is stored.' })
  token!: string;

  @Field(() => ApiToken)
  apiToken!: ApiToken;
}

@ObjectType({ description: 'A workspace the signed-in address is a member of.' })
export class WorkspaceChoice {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The one this session is in.' })
  current!: boolean;
}

@ObjectType()
export class MemberViewer {
  @Field(() => Member)
  member!: Member;

  @Field(() => Workspace)
  workspace!: Workspace;
}
