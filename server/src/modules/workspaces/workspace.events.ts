import type { DomainEvent } from '../../event-store/event.types';
import type { BrandingImage } from './branding.images';

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
/** A logo or background image uploaded (through an upload ticket, checked in S3) and now shown. */
export type BrandingImageSet = DomainEvent<
  'BrandingImageSet',
  { workspaceId: string; image: BrandingImage; uploadId: string; storageKey: string; contentType: string }
>;
/** An image no longer shown (the portal and emails fall back to the company name, or no background). */
export type BrandingImageRemoved = DomainEvent<
  'BrandingImageRemoved',
  { workspaceId: string; image: BrandingImage }
>;
/** Checkout sessions are then made on this connected Stripe account (null: the platform's own again). */
export type StripeAccountConnected = DomainEvent<
  'StripeAccountConnected',
  { workspaceId: string; accountId: string | null }
>;

export type WorkspaceEvent =
  | WorkspaceCreated
  | BrandingUpdated
  | PortalEnabledChanged
  | TaskSettingsUpdated
  | ApiTokenCreated
  | ApiTokenRevoked
  | BrandingImageSet
  | BrandingImageRemoved
  | StripeAccountConnected;

export const workspaceStreamId = (workspaceId: string) => `workspace-${workspaceId}`;
