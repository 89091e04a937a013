import { DeciderSpecification, FIXED_NOW } from '../../test/decider.specification';
import { documentDecider } from '../documents/document.decider';
import type { DocumentEvent } from '../documents/document.events';
import { DEFAULT_TASK_SETTINGS, workspaceDecider } from '../workspaces/workspace.decider';
import type { WorkspaceEvent } from '../workspaces/workspace.events';

const scope = { workspaceId: 'w1', clientId: 'c1', projectId: 'p1', documentId: 'd1' };
const file = {
  uploadId: 'u1',
  fileName: 'brief.pdf',
  contentType: 'application/pdf',
  size: 5000,
  storageKey: 'workspaces/w1/projects/p1/k1',
};
const uploaded: DocumentEvent = {
  type: 'DocumentUploaded',
  data: { ...scope, ...file, uploadedAt: FIXED_NOW.toISOString() },
};

describe('document decider: uploaded files', () => {
  const spec = DeciderSpecification(documentDecider);
  const record = { type: 'RecordUpload' as const, ...scope, ...file };

  it('RecordUpload: DocumentUploaded with the checked file', () => {
    spec.given([]).when(record).then([uploaded]);
  });

  it('the same ticket again decides nothing; another ticket for the same document is a conflict', () => {
    spec.given([uploaded]).when(record).thenNothingHappens();
    spec
      .given([uploaded])
      .when({ ...record, uploadId: 'u2' })
      .thenRefuses('CONFLICT');
  });

  it('RecordUpload strips bidirectional controls from the name, whatever the ticket held', () => {
    spec
      .given([])
      .when({ ...record, fileName: 'invoice\u202efdp.exe' })
      .then([{ ...uploaded, data: { ...uploaded.data, fileName: 'invoicefdp.exe' } } as DocumentEvent]);
    spec
      .given([])
      .when({ ...record, fileName: '\u202e\u2066 ' })
      .thenRefuses('BAD_USER_INPUT');
  });

  it('RemoveDocument of a file recorded with bidi controls names it without them', () => {
    const old = {
      ...uploaded,
      data: { ...uploaded.data, fileName: 'invoice\u202efdp.exe' },
    } as DocumentEvent;
    spec
      .given([old])
      .when({ type: 'RemoveDocument' })
      .then([{ type: 'DocumentRemoved', data: { ...scope, name: 'invoicefdp.exe', kind: 'FILE' } }]);
  });

  it('RemoveDocument of a file names it by its file name, kind FILE', () => {
    spec
      .given([uploaded])
      .when({ type: 'RemoveDocument' })
      .then([{ type: 'DocumentRemoved', data: { ...scope, name: 'brief.pdf', kind: 'FILE' } }]);
  });
});

describe('workspace decider: branding images', () => {
  const spec = DeciderSpecification(workspaceDecider);
  const created: WorkspaceEvent = {
    type: 'WorkspaceCreated',
    data: {
      workspaceId: 'w1',
      name: 'Acme',
      slug: 'acme',
      owner: { memberId: 'm1', name: 'Ava', email: 'ava@acme.test' },
      branding: { companyName: 'Acme', accentColor: '#3355ff', showYourBrand: false },
      taskSettings: DEFAULT_TASK_SETTINGS,
      portalEnabled: true,
      createdAt: FIXED_NOW.toISOString(),
    },
  };
  const logo = { uploadId: 'u1', storageKey: 'workspaces/w1/branding/k1', contentType: 'image/png' };
  const logoSet: WorkspaceEvent = {
    type: 'BrandingImageSet',
    data: { workspaceId: 'w1', image: 'LOGO', ...logo },
  };

  it('SetBrandingImage: BrandingImageSet; the same image again decides nothing', () => {
    spec
      .given([created])
      .when({ type: 'SetBrandingImage', image: 'LOGO', ...logo })
      .then([logoSet]);
    spec
      .given([created, logoSet])
      .when({ type: 'SetBrandingImage', image: 'LOGO', ...logo })
      .thenNothingHappens();
  });

  it('the same object as the other image, or a new logo, is a change', () => {
    spec
      .given([created, logoSet])
      .when({ type: 'SetBrandingImage', image: 'BACKGROUND_IMAGE', ...logo })
      .then([{ type: 'BrandingImageSet', data: { workspaceId: 'w1', image: 'BACKGROUND_IMAGE', ...logo } }]);
    const next = { uploadId: 'u2', storageKey: 'workspaces/w1/branding/k2', contentType: 'image/webp' };
    spec
      .given([created, logoSet])
      .when({ type: 'SetBrandingImage', image: 'LOGO', ...next })
      .then([{ type: 'BrandingImageSet', data: { workspaceId: 'w1', image: 'LOGO', ...next } }]);
  });

  it('of a workspace that does not exist: NOT_FOUND', () => {
    spec
      .given([])
      .when({ type: 'SetBrandingImage', image: 'LOGO', ...logo })
      .thenRefuses('NOT_FOUND');
  });
});
