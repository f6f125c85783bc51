// Writes done together (a group commit): the embedded server writes one transaction at a
// time, each ending in an fsync, so twenty intakes at once each inserting into the same
// collection queue for it twenty times. Here a write asked for while one to the same place
// (a collection, a log) is under way in this process joins the next write, which starts as
// soon as that one is done and carries everything that arrived meanwhile; a write asked for
// when none is under way goes at once, alone. Each caller gets its own part of the result,
// and fails only with its write (a write that fails as a whole fails every caller in it).

interface Place<I, R> {
  /** The write under way (settled, never rejecting), if any. */
  busy?: Promise<unknown>;
  /** The next write, gathering what arrives while `busy` is under way. */
  next?: { items: I[]; done: Promise<R[]> };
}

export class Together<I, R> {
  private readonly places = new Map<string, Place<I, R>>();

  /** `write`: the items in one write, answering one result per item, in order. */
  constructor(private readonly write: (place: string, items: I[]) => Promise<R[]>) {}

  async add(place: string, item: I): Promise<R> {
    return (await this.addAll(place, [item]))[0];
  }

  /** Several items, in one write (the next, or at once when none is under way): their results, in order. */
  async addAll(place: string, items: readonly I[]): Promise<R[]> {
    let p = this.places.get(place);
    if (!p) this.places.set(place, (p = {}));
    if (!p.busy) {
      const done = this.write(place, [...items]);
      this.hold(place, p, done);
      return done;
    }
    if (!p.next) {
      const next: { items: I[]; done: Promise<R[]> } = { items: [], done: Promise.resolve([]) };
      const gathering = p;
      next.done = p.busy.then(() => {
        // From here on, what arrives waits for the write after this one.
        if (gathering.next === next) gathering.next = undefined;
        return this.write(place, next.items);
      });
      p.next = next;
      this.hold(place, p, next.done);
    }
    const from = p.next.items.push(...items) - items.length;
    return (await p.next.done).slice(from, from + items.length);
  }

  /** `done` is now the write under way at `place`; the place is forgotten once nothing is. */
  private hold(place: string, p: Place<I, R>, done: Promise<unknown>): void {
    const busy = done.then(
      () => undefined,
      () => undefined,
    );
    p.busy = busy;
    void busy.then(() => {
      if (p.busy === busy && !p.next) this.places.delete(place);
    });
  }
}
