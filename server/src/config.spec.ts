import { defaultRedisPrefix, parseConfig } from './config';

describe('REDIS_PREFIX', () => {
  const prefixOf = (env: NodeJS.ProcessEnv) => parseConfig(env).REDIS_PREFIX;

  it("defaults to the name of DATABASE_URL's database: each database its own queues", () => {
    expect(prefixOf({ DATABASE_URL: 'postgres://u:p@db.example:5432/portal_files' })).toBe('portal_files');
    expect(prefixOf({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/portal_tasks' })).toBe(
      'portal_tasks',
    );
  });

  it('is portal for the default database, as before', () => {
    expect(prefixOf({})).toBe('portal');
    expect(prefixOf({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/portal' })).toBe('portal');
  });

  it('is what REDIS_PREFIX says when set', () => {
    expect(prefixOf({ DATABASE_URL: 'postgres://h/portal_files', REDIS_PREFIX: 'shared.one' })).toBe(
      'shared.one',
    );
  });

  it('makes names a prefix cannot hold into valid ones that stay apart', () => {
    const odd = defaultRedisPrefix('postgres://h/' + encodeURIComponent('my portal:α'));
    const other = defaultRedisPrefix('postgres://h/' + encodeURIComponent('my portal:β'));
    const long = defaultRedisPrefix(`postgres://h/${'x'.repeat(60)}`);
    for (const prefix of [odd, other, long]) expect(prefix).toMatch(/^[\w.-]{1,40}$/);
    expect(odd).not.toBe(other);
    expect(odd).toMatch(/^my_portal__-[0-9a-f]{8}$/);
    // Each valid as REDIS_PREFIX too.
    expect(prefixOf({ REDIS_PREFIX: long })).toBe(long);
  });

  it('refuses a bad REDIS_PREFIX naming it', () => {
    expect(() => parseConfig({ REDIS_PREFIX: 'has space' })).toThrow(
      /^REDIS_PREFIX: must be 1 to 40 letters/,
    );
  });
});
