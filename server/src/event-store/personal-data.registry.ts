/**
 * Which fields of an event name a person, and whose they are. Each event
 * type that carries personal data registers where (paths valid in every
 * schema version of the type: an upcaster never moves a personal field),
 * whose key seals it (the person's id, read from the same data) and what it
 * reads as once that person is erased. The store seals these on append and
 * opens them on every read; actors' names in metadata are sealed by the store
 * itself (personal-data.ts).
 */
export interface PersonalField {
  path: readonly (string | number)[];
  /** Whose key: a contact's or a member's id. */
  subject: string;
  /** What the field reads as once the subject is erased. */
  erased: unknown;
}

export type PersonalFields = (data: any) => PersonalField[];

export class PersonalDataRegistry {
  private readonly byType = new Map<string, PersonalFields>();

  register(type: string, fields: PersonalFields): this {
    if (this.byType.has(type)) throw new Error(`personal fields of ${type} are already registered`);
    this.byType.set(type, fields);
    return this;
  }

  /** The fields of this event that hold a value (a null or absent field seals nothing). */
  fieldsOf(type: string, data: unknown): PersonalField[] {
    const fields = this.byType.get(type);
    if (!fields || typeof data !== 'object' || data === null) return [];
    return fields(data).filter((field) => field.subject && getPath(data, field.path) != null);
  }

  get types(): string[] {
    return [...this.byType.keys()];
  }
}

export function getPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current: any = value;
  for (const step of path) {
    if (current == null) return undefined;
    current = current[step];
  }
  return current;
}

/** A copy of `value` with the field at `path` set; the objects on the way are copied, the rest shared. */
export function setPath<T>(value: T, path: readonly (string | number)[], field: unknown): T {
  if (path.length === 0) return field as T;
  const [step, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[step] = setPath(copy[step], rest, field);
  return copy;
}
