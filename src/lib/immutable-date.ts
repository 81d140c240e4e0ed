/**
 * A Date whose time cannot change: every setter throws a TypeError. Object.freeze
 * leaves a Date's time settable (it lives in an internal slot), so a frozen document
 * (deep-freeze.ts) holds these instead. Being fixed, it computes its ISO string once:
 * each read of a stored document serialises its dates again, and toISOString is
 * about a microsecond each.
 */
export class ImmutableDate extends Date {
  // A private field, not a property: it can be set on a frozen instance.
  #iso: string | undefined;

  override toISOString(): string {
    this.#iso ??= super.toISOString();
    return this.#iso;
  }

  override toJSON(): string {
    return this.toISOString();
  }
}

for (const name of Object.getOwnPropertyNames(Date.prototype)) {
  if (!name.startsWith('set')) continue;
  Object.defineProperty(ImmutableDate.prototype, name, {
    value() {
      throw new TypeError(`Cannot change a stored date (Date.prototype.${name})`);
    },
  });
}
