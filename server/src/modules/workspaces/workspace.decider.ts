import type { Decider } from '../../projections/decider';
import { DomainError } from '../../projections/domain.errors';
import { requireEmail, requireHexColour, requireName, requireSlug } from '../shared/validation';
import type { BrandingImage } from './branding.images';
import type { BrandingData, TaskSettingsData, WorkspaceEvent } from './workspace.events';

export type WorkspaceCommand =
  | {
      type: 'CreateWorkspace';
      workspaceId: string;
      name: string;
      slug: string;
      ownerId: string;
      ownerName: string;
      ownerEmail: string;
    }
  | {
      type: 'UpdateBranding';
      companyName?: string | null;
      accentColor?: string | null;
      showYourBrand?: boolean | null;
    }
  | { type: 'SetPortalEnabled'; enabled: boolean }
  | { type: 'UpdateTaskSettings'; settings: TaskSettingsData }
  | { type: 'CreateApiToken'; tokenId: string; memberId: string; name: string }
  | { type: 'RevokeApiToken'; tokenId: string }
  | {
      type: 'SetBrandingImage';
      image: BrandingImage;
      /** The ticket's object, checked by the files service (it exists and matches the ticket). */
      uploadId: string;
      storageKey: string;
      contentType: string;
    }
  | { type: 'RemoveBrandingImage'; image: BrandingImage };

export interface WorkspaceState {
  workspaceId: string | null;
  branding: BrandingData;
  portalEnabled: boolean;
  taskSettings: TaskSettingsData;
  liveTokens: ReadonlySet<string>;
  /** The storage key of each image shown now. */
  images: Readonly<Record<BrandingImage, string | null>>;
}

export const DEFAULT_ACCENT_COLOR = '#3355ff';
/** Nothing is shared with clients until the workspace opts in. */
export const DEFAULT_TASK_SETTINGS: TaskSettingsData = {
  visibility: 'OFF',
  clientsCanCreate: false,
  clientsCanEdit: false,
  clientsCanComment: false,
};

const sameSettings = (a: TaskSettingsData, b: TaskSettingsData) =>
  a.visibility === b.visibility &&
  a.clientsCanCreate === b.clientsCanCreate &&
  a.clientsCanEdit === b.clientsCanEdit &&
  a.clientsCanComment === b.clientsCanComment;

export const workspaceDecider: Decider<WorkspaceState, WorkspaceCommand, WorkspaceEvent> = {
  initialState: () => ({
    workspaceId: null,
    branding: { companyName: '', accentColor: DEFAULT_ACCENT_COLOR, showYourBrand: false },
    portalEnabled: true,
    taskSettings: DEFAULT_TASK_SETTINGS,
    liveTokens: new Set(),
    images: { LOGO: null, BACKGROUND_IMAGE: null },
  }),

  evolve(state, event) {
    switch (event.type) {
      case 'WorkspaceCreated':
        return {
          ...state,
          workspaceId: event.data.workspaceId,
          branding: event.data.branding,
          portalEnabled: event.data.portalEnabled,
          taskSettings: event.data.taskSettings,
        };
      case 'BrandingUpdated':
        return { ...state, branding: event.data.branding };
      case 'PortalEnabledChanged':
        return { ...state, portalEnabled: event.data.enabled };
      case 'TaskSettingsUpdated':
        return { ...state, taskSettings: event.data.taskSettings };
      case 'ApiTokenCreated':
        return { ...state, liveTokens: new Set([...state.liveTokens, event.data.tokenId]) };
      case 'ApiTokenRevoked':
        return {
          ...state,
          liveTokens: new Set([...state.liveTokens].filter((id) => id !== event.data.tokenId)),
        };
      case 'BrandingImageSet':
        return { ...state, images: { ...state.images, [event.data.image]: event.data.storageKey } };
      case 'BrandingImageRemoved':
        return { ...state, images: { ...state.images, [event.data.image]: null } };
      case 'StripeAccountConnected':
        // Decided by the payments module (stripe-account.decider.ts): nothing here depends on it.
        return state;
      default:
        // The team's events (members/team.decider.ts) share this stream; nothing here depends on them.
        return state;
    }
  },

  decide(command, state, { now }) {
    if (command.type === 'CreateWorkspace') {
      if (state.workspaceId) throw new DomainError('CONFLICT', 'this workspace exists already');
      const name = requireName(command.name, 'name');
      return [
        {
          type: 'WorkspaceCreated',
          data: {
            workspaceId: command.workspaceId,
            name,
            slug: requireSlug(command.slug, 'slug'),
            owner: {
              memberId: command.ownerId,
              name: requireName(command.ownerName, 'ownerName'),
              email: requireEmail(command.ownerEmail, 'ownerEmail'),
            },
            branding: { companyName: name, accentColor: DEFAULT_ACCENT_COLOR, showYourBrand: false },
            taskSettings: DEFAULT_TASK_SETTINGS,
            portalEnabled: true,
            createdAt: now.toISOString(),
          },
        },
      ];
    }
    const workspaceId = state.workspaceId;
    if (!workspaceId) throw new DomainError('NOT_FOUND', 'workspace not found');

    switch (command.type) {
      case 'UpdateBranding': {
        const branding: BrandingData = {
          companyName:
            command.companyName == null
              ? state.branding.companyName
              : requireName(command.companyName, 'input.companyName'),
          accentColor:
            command.accentColor == null
              ? state.branding.accentColor
              : requireHexColour(command.accentColor, 'input.accentColor'),
          showYourBrand: command.showYourBrand ?? state.branding.showYourBrand,
        };
        const same = (Object.keys(branding) as (keyof BrandingData)[]).every(
          (key) => branding[key] === state.branding[key],
        );
        return same ? [] : [{ type: 'BrandingUpdated', data: { workspaceId, branding } }];
      }
      case 'SetPortalEnabled':
        return command.enabled === state.portalEnabled
          ? []
          : [{ type: 'PortalEnabledChanged', data: { workspaceId, enabled: command.enabled } }];
      case 'UpdateTaskSettings':
        return sameSettings(command.settings, state.taskSettings)
          ? []
          : [{ type: 'TaskSettingsUpdated', data: { workspaceId, taskSettings: { ...command.settings } } }];
      case 'CreateApiToken':
        return [
          {
            type: 'ApiTokenCreated',
            data: {
              workspaceId,
              tokenId: command.tokenId,
              memberId: command.memberId,
              name: requireName(command.name, 'name'),
            },
          },
        ];
      case 'RevokeApiToken':
        if (!state.liveTokens.has(command.tokenId))
          throw new DomainError('NOT_FOUND', 'no such API token', 'id');
        return [{ type: 'ApiTokenRevoked', data: { workspaceId, tokenId: command.tokenId } }];
      case 'SetBrandingImage':
        return state.images[command.image] === command.storageKey
          ? []
          : [
              {
                type: 'BrandingImageSet',
                data: {
                  workspaceId,
                  image: command.image,
                  uploadId: command.uploadId,
                  storageKey: command.storageKey,
                  contentType: command.contentType,
                },
              },
            ];
      case 'RemoveBrandingImage':
        return state.images[command.image] === null
          ? []
          : [{ type: 'BrandingImageRemoved', data: { workspaceId, image: command.image } }];
    }
  },
};
