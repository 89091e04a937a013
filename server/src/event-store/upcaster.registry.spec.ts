import { UpcasterRegistry } from './upcaster.registry';

describe('UpcasterRegistry', () => {
  const registry = new UpcasterRegistry()
    .register('ContactAdded', 1, (data) => ({ ...data, name: data.fullName, fullName: undefined }))
    .register('ContactAdded', 2, (data) => ({ ...data, locale: 'en' }));

  it('upcasts step by step to the newest version', () => {
    expect(registry.upcast('ContactAdded', 1, { fullName: 'Jane' })).toEqual({
      version: 3,
      data: { name: 'Jane', fullName: undefined, locale: 'en' },
    });
    expect(registry.currentVersion('ContactAdded')).toBe(3);
  });

  it('leaves current and unknown types alone', () => {
    expect(registry.upcast('ContactAdded', 3, { name: 'Jane' })).toEqual({
      version: 3,
      data: { name: 'Jane' },
    });
    expect(registry.upcast('Other', 1, { a: 1 })).toEqual({ version: 1, data: { a: 1 } });
    expect(registry.currentVersion('Other')).toBe(1);
  });

  it('refuses two upcasters for the same step', () => {
    expect(() => registry.register('ContactAdded', 1, (data) => data)).toThrow(/already registered/);
  });
});
