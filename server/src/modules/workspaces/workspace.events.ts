import type { DomainEvent } from '../../event-store/event.types';

export type TaskVisibility = 'OFF' | 'ASSIGNED' | 'ALL';

export interface BrandingData {
  companyName: string;
  accentColor: string;
  showYourBrand: boolean;
}

export interface TaskSettingsData {
  visibility: TaskVisibility;
  clientsCanCreate: boolean;
  clientsCanEdit: boolean;
  clientsCanComment: boolean;
}

export type WorkspaceCreated = DomainEvent<
  'WorkspaceCreated',
  {
    workspaceId: string;
    name: string;
    slug: string;
    owner: { memberId: string; name: string; email: string };
    branding: BrandingData;
    taskSettings: TaskSettingsData;
    portalEnabled: boolean;
    createdAt: string;
  }
>;
export type BrandingUpdated = DomainEvent<'BrandingUpdated', { workspaceId: string; branding: BrandingData }>;
export type PortalEnabledChanged = DomainEvent<
  'PortalEnabledChanged',
  { workspaceId: string; enabled: boolean }
>;
export type TaskSettingsUpdated = DomainEvent<
  'TaskSettingsUpdated',
  { workspaceId: string; taskSettings: TaskSettingsData }
>;
/** The token's secret is never in an event: only its id, name and member. */
export type ApiTokenCreated = DomainEvent<
  'ApiTokenCreated',
  { workspaceId: string; tokenId: string; memberId: string; name: string }
>;
export type ApiTokenRevoked = DomainEvent<'ApiTokenRevoked', { workspaceId: string; tokenId: string }>;

export type WorkspaceEvent =
  | WorkspaceCreated
  | BrandingUpdated
  | PortalEnabledChanged
  | TaskSettingsUpdated
  | ApiTokenCreated
  | ApiTokenRevoked;

export const workspaceStreamId = (workspaceId: string) => `workspace-${workspaceId}`;
