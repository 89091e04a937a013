import { Field, ObjectType } from 'type-graphql';
import { Client, Contact } from '../clients/client.type';
import { Branding, TaskPortalSettings } from '../workspaces/workspace.type';

@ObjectType({ description: 'What anyone may read about a portal before signing in.' })
export class PortalInfo {
  @Field()
  slug!: string;

  @Field()
  enabled!: boolean;

  @Field(() => Branding)
  branding!: Branding;
}

@ObjectType('ContactViewer')
export class ContactViewerType {
  @Field(() => Contact)
  contact!: Contact;

  @Field(() => Client)
  client!: Client;

  @Field(() => PortalInfo)
  portal!: PortalInfo;

  @Field(() => TaskPortalSettings, {
    description: "The workspace's task settings as they apply to this contact; OFF hides the Tasks tab.",
  })
  taskSettings!: TaskPortalSettings;

  @Field(() => String, {
    nullable: true,
    description: "Set when a member previews the portal as this contact (read-only): the member's name.",
  })
  previewBy!: string | null;
}

@ObjectType({ description: 'A member’s read-only preview of the portal as one contact sees it.' })
export class PortalPreview {
  @Field({
    description: 'Open it in a new tab: the portal, as the contact sees it, clearly marked, for an hour.',
  })
  url!: string;

  @Field()
  expiresAt!: Date;
}
