import { DeciderSpecification, FIXED_NOW } from '../../test/decider.specification';
import { DEFAULT_TASK_SETTINGS, workspaceDecider } from './workspace.decider';
import type { WorkspaceEvent } from './workspace.events';

const created: WorkspaceEvent = {
  type: 'WorkspaceCreated',
  data: {
    workspaceId: 'w1',
    name: 'Acme Studio',
    slug: 'acme-studio',
    owner: { memberId: 'm1', name: 'Ava Owner', email: 'ava@acme.test' },
    branding: { companyName: 'Acme Studio', accentColor: '#3355ff', showYourBrand: false },
    taskSettings: DEFAULT_TASK_SETTINGS,
    portalEnabled: true,
    createdAt: FIXED_NOW.toISOString(),
  },
};
const spec = DeciderSpecification(workspaceDecider);
const create = (overrides: Partial<{ name: string; slug: string; ownerName: string; ownerEmail: string }>) =>
  spec.given([]).when({
    type: 'CreateWorkspace',
    workspaceId: 'w1',
    ownerId: 'm1',
    name: 'Acme Studio',
    slug: 'acme-studio',
    ownerName: 'Ava Owner',
    ownerEmail: 'ava@acme.test',
    ...overrides,
  });

describe('workspace decider', () => {
  it('CreateWorkspace: branded with its own name, portal on, nothing shared with clients yet', () => {
    create({}).then([created]);
  });

  it.each(['ab', 'Acme', 'acme studio', '-acme', 'acme-', 'a--b', 'x'.repeat(41)])(
    'refuses the slug %j',
    (slug) => {
      create({ slug }).thenRefuses('BAD_USER_INPUT', 'slug');
    },
  );

  it('refuses a bad owner', () => {
    create({ ownerEmail: 'ava' }).thenRefuses('BAD_USER_INPUT', 'ownerEmail');
    create({ ownerName: ' ' }).thenRefuses('BAD_USER_INPUT', 'ownerName');
  });

  it('UpdateBranding merges what is given, lower-cases the colour, and decides nothing when nothing changes', () => {
    spec
      .given([created])
      .when({ type: 'UpdateBranding', accentColor: '#AABBCC' })
      .then([
        {
          type: 'BrandingUpdated',
          data: {
            workspaceId: 'w1',
            branding: { companyName: 'Acme Studio', accentColor: '#aabbcc', showYourBrand: false },
          },
        },
      ]);
    spec
      .given([created])
      .when({ type: 'UpdateBranding', companyName: 'Acme Studio', accentColor: null })
      .thenNothingHappens();
    spec
      .given([created])
      .when({ type: 'UpdateBranding', accentColor: '#abc' })
      .thenRefuses('BAD_USER_INPUT', 'input.accentColor');
    spec
      .given([created])
      .when({ type: 'UpdateBranding', companyName: '' })
      .thenRefuses('BAD_USER_INPUT', 'input.companyName');
  });

  it('SetPortalEnabled and UpdateTaskSettings only record changes', () => {
    spec.given([created]).when({ type: 'SetPortalEnabled', enabled: true }).thenNothingHappens();
    spec
      .given([created])
      .when({ type: 'SetPortalEnabled', enabled: false })
      .then([{ type: 'PortalEnabledChanged', data: { workspaceId: 'w1', enabled: false } }]);
    const all = {
      visibility: 'ALL' as const,
      clientsCanCreate: true,
      clientsCanEdit: false,
      clientsCanComment: true,
    };
    spec
      .given([created])
      .when({ type: 'UpdateTaskSettings', settings: all })
      .then([{ type: 'TaskSettingsUpdated', data: { workspaceId: 'w1', taskSettings: all } }]);
    spec
      .given([created])
      .when({ type: 'UpdateTaskSettings', settings: DEFAULT_TASK_SETTINGS })
      .thenNothingHappens();
  });

  it('API tokens: created with a name, revoked once', () => {
    const tokenCreated: WorkspaceEvent = {
      type: 'ApiTokenCreated',
      data: { workspaceId: 'w1', tokenId: 't1', memberId: 'm1', name: 'CI' },
    };
    spec
      .given([created])
      .when({ type: 'CreateApiToken', tokenId: 't1', memberId: 'm1', name: ' CI ' })
      .then([tokenCreated]);
    spec
      .given([created])
      .when({ type: 'CreateApiToken', tokenId: 't1', memberId: 'm1', name: '' })
      .thenRefuses('BAD_USER_INPUT', 'name');
    const revoked: WorkspaceEvent = { type: 'ApiTokenRevoked', data: { workspaceId: 'w1', tokenId: 't1' } };
    spec.given([created, tokenCreated]).when({ type: 'RevokeApiToken', tokenId: 't1' }).then([revoked]);
    spec
      .given([created, tokenCreated, revoked])
      .when({ type: 'RevokeApiToken', tokenId: 't1' })
      .thenRefuses('NOT_FOUND', 'id');
  });

  it('refuses any change to a workspace that does not exist', () => {
    spec.given([]).when({ type: 'SetPortalEnabled', enabled: false }).thenRefuses('NOT_FOUND');
  });

  it('RemoveBrandingImage: an event when that image is shown, nothing when none is', () => {
    const set: WorkspaceEvent = {
      type: 'BrandingImageSet',
      data: { workspaceId: 'w1', image: 'LOGO', uploadId: 'u1', storageKey: 'k1', contentType: 'image/png' },
    };
    spec
      .given([created, set])
      .when({ type: 'RemoveBrandingImage', image: 'LOGO' })
      .then([{ type: 'BrandingImageRemoved', data: { workspaceId: 'w1', image: 'LOGO' } }]);
    spec.given([created]).when({ type: 'RemoveBrandingImage', image: 'LOGO' }).thenNothingHappens();
    spec
      .given([created, set])
      .when({ type: 'RemoveBrandingImage', image: 'BACKGROUND_IMAGE' })
      .thenNothingHappens();
  });
});
