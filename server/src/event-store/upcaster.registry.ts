/**
 * Old event shapes are upcast on read, one schema version at a time; a stored
 * event is never rewritten. Register `from` → `from + 1` for each change of a
 * type's payload and bump the type's current version where it is written.
 */
export type Upcast = (data: any) => unknown;

export class UpcasterRegistry {
  private readonly steps = new Map<string, Map<number, Upcast>>();

  register(type: string, fromVersion: number, upcast: Upcast): this {
    const byVersion = this.steps.get(type) ?? new Map<number, Upcast>();
    if (byVersion.has(fromVersion))
      throw new Error(`an upcaster for ${type} v${fromVersion} is already registered`);
    byVersion.set(fromVersion, upcast);
    this.steps.set(type, byVersion);
    return this;
  }

  /** The newest version a type can be read as. */
  currentVersion(type: string): number {
    const byVersion = this.steps.get(type);
    if (!byVersion) return 1;
    return Math.max(...byVersion.keys()) + 1;
  }

  upcast(type: string, version: number, data: unknown): { version: number; data: unknown } {
    const byVersion = this.steps.get(type);
    if (!byVersion) return { version, data };
    let current = { version, data };
    for (let step = byVersion.get(current.version); step; step = byVersion.get(current.version)) {
      current = { version: current.version + 1, data: step(current.data) };
    }
    return current;
  }
}
