import { isReturnPath } from './sign-in-outbox';

describe('isReturnPath: where a sign-in may come back to', () => {
  it.each([
    ['/p/acme/projects', true],
    ['/p/acme/projects/1?tab=billing', true],
    ['/p/acme/invoices/1?x=1#top', true],
    ['/p/acme/', true],
    ['/p/acme', false],
    ['/p/other/projects', false],
    ['https://evil.test/p/acme/projects', false],
    ['//evil.test/p/acme/', false],
    ['/p/acme//evil.test', false],
    ['/p/acme/\\evil', false],
    ['/p/acme/a\nb', false],
    ['/p/acme/login', false],
    ['/p/acme/login?reason=x', false],
    ['/p/acme/auth?token=abc', false],
    ['/p/acme/authors', true],
    [`/p/acme/${'x'.repeat(1000)}`, false],
  ])('%s → %s', (path, expected) => {
    expect(isReturnPath('acme', path)).toBe(expected);
  });
});
