const DEFAULT_CAPACITY = 10_000;

/**
 * Log groups and streams this client has created or seen exist, so that
 * `streams.ensureExists` costs no request the second time. Bounded: the oldest entries are
 * forgotten first. Deleting through this client forgets them at once.
 */
export class KnownResources {
  readonly #groups = new Set<string>();
  readonly #streams = new Set<string>();
  readonly #capacity: number;

  constructor(capacity = DEFAULT_CAPACITY) {
    this.#capacity = capacity;
  }

  static streamKey(group: string, stream: string): string {
    // ':' cannot occur in a log group name, so the key is unambiguous.
    return `${group}:${stream}`;
  }

  hasGroup(group: string): boolean {
    return this.#groups.has(group);
  }

  hasStream(group: string, stream: string): boolean {
    return this.#streams.has(KnownResources.streamKey(group, stream));
  }

  addGroup(group: string): void {
    add(this.#groups, group, this.#capacity);
  }

  addStream(group: string, stream: string): void {
    this.addGroup(group);
    add(this.#streams, KnownResources.streamKey(group, stream), this.#capacity);
  }

  forgetGroup(group: string): void {
    this.#groups.delete(group);
    const prefix = `${group}:`;
    for (const key of this.#streams) if (key.startsWith(prefix)) this.#streams.delete(key);
  }

  forgetStream(group: string, stream: string): void {
    this.#streams.delete(KnownResources.streamKey(group, stream));
  }
}

function add(set: Set<string>, key: string, capacity: number): void {
  if (set.has(key)) {
    // Refresh its position so that frequently used entries stay.
    set.delete(key);
  } else if (set.size >= capacity) {
    const oldest = set.values().next();
    if (!oldest.done) set.delete(oldest.value);
  }
  set.add(key);
}
