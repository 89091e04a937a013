import { graphql, type ResultOf } from '../../../../src/graphql/graphql';

/** Everything the settings tabs show; the team and tokens only as the member's role allows. */
export const SettingsQuery = graphql(`
  query ConsoleSettings {
    viewer {
      __typename
      ... on MemberViewer {
        member {
          id
          emailNotifications
          apiTokens {
            id
            name
            createdAt
            lastUsedAt
          }
        }
        workspace {
          id
          name
          slug
          portalUrl
          portalEnabled
          onlinePaymentEnabled
          stripeAccountId
          timeZone
          branding {
            companyName
            accentColor
            showYourBrand
            logoUrl
            backgroundImageUrl
          }
          taskSettings {
            visibility
            clientsCanCreate
            clientsCanEdit
            clientsCanComment
          }
          billingProfile {
            legalName
            address
            taxId
            paymentInstructions
          }
          reminderSchedule {
            daysFromDue
          }
          members {
            id
            name
            email
            role
            lastSignedInAt
            apiTokens {
              id
              name
              createdAt
              lastUsedAt
            }
          }
        }
      }
    }
  }
`);

type AnyViewer = NonNullable<ResultOf<typeof SettingsQuery>['viewer']>;
export type Settings = Extract<AnyViewer, { __typename: 'MemberViewer' }>;
export type SettingsWorkspace = Settings['workspace'];

export const SetPortalEnabledMutation = graphql(`
  mutation ConsoleSetPortalEnabled($enabled: Boolean!) {
    setPortalEnabled(enabled: $enabled) {
      id
      portalEnabled
    }
  }
`);

export const UpdateBrandingMutation = graphql(`
  mutation ConsoleUpdateBranding($input: BrandingInput!) {
    updateBranding(input: $input) {
      id
      branding {
        companyName
        accentColor
        showYourBrand
        logoUrl
        backgroundImageUrl
      }
    }
  }
`);

export const CompleteBrandingUploadMutation = graphql(`
  mutation ConsoleCompleteBrandingUpload($uploadId: ID!) {
    completeBrandingUpload(uploadId: $uploadId) {
      id
      branding {
        logoUrl
        backgroundImageUrl
      }
    }
  }
`);

export const RemoveBrandingImageMutation = graphql(`
  mutation ConsoleRemoveBrandingImage($image: BrandingImage!) {
    removeBrandingImage(image: $image) {
      id
      branding {
        logoUrl
        backgroundImageUrl
      }
    }
  }
`);

export const UpdateTaskSettingsMutation = graphql(`
  mutation ConsoleUpdateTaskSettings($input: TaskPortalSettingsInput!) {
    updateTaskSettings(input: $input) {
      id
      taskSettings {
        visibility
        clientsCanCreate
        clientsCanEdit
        clientsCanComment
      }
    }
  }
`);

export const UpdateBillingProfileMutation = graphql(`
  mutation ConsoleUpdateBillingProfile($input: BillingProfileInput!) {
    updateBillingProfile(input: $input) {
      id
      billingProfile {
        legalName
        address
        taxId
        paymentInstructions
      }
    }
  }
`);

export const UpdateReminderScheduleMutation = graphql(`
  mutation ConsoleUpdateReminderSchedule($daysFromDue: [Int!]!) {
    updateReminderSchedule(daysFromDue: $daysFromDue) {
      id
      reminderSchedule {
        daysFromDue
      }
    }
  }
`);

export const ConnectStripeAccountMutation = graphql(`
  mutation ConsoleConnectStripeAccount($accountId: String) {
    connectStripeAccount(accountId: $accountId) {
      id
      stripeAccountId
      onlinePaymentEnabled
    }
  }
`);

export const InviteMemberMutation = graphql(`
  mutation ConsoleInviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      id
    }
  }
`);

export const SetMemberRoleMutation = graphql(`
  mutation ConsoleSetMemberRole($id: ID!, $role: MemberRole!) {
    setMemberRole(id: $id, role: $role) {
      id
      role
    }
  }
`);

export const RemoveMemberMutation = graphql(`
  mutation ConsoleRemoveMember($id: ID!) {
    removeMember(id: $id) {
      id
    }
  }
`);

export const CreateApiTokenMutation = graphql(`
  mutation ConsoleCreateApiToken($name: String!) {
    createApiToken(name: $name) {
      token
      apiToken {
        id
        name
        createdAt
        lastUsedAt
      }
    }
  }
`);

export const RevokeApiTokenMutation = graphql(`
  mutation ConsoleRevokeApiToken($id: ID!) {
    revokeApiToken(id: $id)
  }
`);

export const UpdateNotificationSettingsMutation = graphql(`
  mutation UpdateNotificationSettings($mode: EmailNotificationMode!) {
    updateNotificationSettings(emailNotifications: $mode) {
      id
      emailNotifications
    }
  }
`);

export const SetWorkspaceTimeZoneMutation = graphql(`
  mutation SetWorkspaceTimeZone($timeZone: String!) {
    setWorkspaceTimeZone(timeZone: $timeZone) {
      id
      timeZone
    }
  }
`);
