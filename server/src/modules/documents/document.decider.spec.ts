import { DeciderSpecification, FIXED_NOW } from '../../test/decider.specification';
import { documentDecider } from './document.decider';
import type { DocumentEvent } from './document.events';

const scope = { workspaceId: 'w1', clientId: 'c1', projectId: 'p1', documentId: 'd1' };
const shared: DocumentEvent = {
  type: 'LinkShared',
  data: {
    ...scope,
    title: 'Brand guidelines',
    url: 'https://example.test/brand',
    sharedAt: FIXED_NOW.toISOString(),
  },
};
const removed: DocumentEvent = {
  type: 'DocumentRemoved',
  data: { ...scope, name: 'Brand guidelines', kind: 'LINK' },
};
const spec = DeciderSpecification(documentDecider);

describe('document decider', () => {
  const share = (title: string, url: string) =>
    spec.given([]).when({ type: 'ShareLink', ...scope, title, url });

  it('ShareLink trims the title and the address', () => {
    share(' Brand guidelines ', ' https://example.test/brand ').then([shared]);
    share('Brand guidelines', 'http://example.test/brand').then([
      { type: 'LinkShared', data: { ...shared.data, url: 'http://example.test/brand' } },
    ]);
  });

  it('ShareLink refuses a bad title by field title', () => {
    share('   ', 'https://example.test').thenRefuses('BAD_USER_INPUT', 'title');
    share('x'.repeat(201), 'https://example.test').thenRefuses('BAD_USER_INPUT', 'title');
  });

  it('ShareLink refuses anything but an http(s) address of at most 2,048 characters, by field url', () => {
    for (const url of [
      '',
      'not a url',
      'example.test/brand',
      'javascript:alert(1)',
      'ftp://example.test/file',
      'mailto:a@b.test',
      'data:text/html,hi',
      `https://example.test/${'x'.repeat(2049 - 'https://example.test/'.length)}`,
    ]) {
      share('Brand', url).thenRefuses('BAD_USER_INPUT', 'url');
    }
    const longest = `https://example.test/${'x'.repeat(2048 - 'https://example.test/'.length)}`;
    share('Brand', longest).then([
      { type: 'LinkShared', data: { ...shared.data, title: 'Brand', url: longest } },
    ]);
  });

  it('ShareLink on a document that exists is a conflict', () => {
    spec
      .given([shared])
      .when({ type: 'ShareLink', ...scope, title: 'Again', url: 'https://example.test' })
      .thenRefuses('CONFLICT');
  });

  it('RemoveDocument names the document and its kind; unknown or already removed is NOT_FOUND', () => {
    spec.given([shared]).when({ type: 'RemoveDocument' }).then([removed]);
    spec.given([shared, removed]).when({ type: 'RemoveDocument' }).thenRefuses('NOT_FOUND', 'id');
    spec.given([]).when({ type: 'RemoveDocument' }).thenRefuses('NOT_FOUND', 'id');
  });
});
