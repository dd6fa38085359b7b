/**
 * The user list as JSON bytes, kept up to date incrementally: every `welcome`
 * and `users` reply carries it (PROTOCOL.md §1.1), so at 5000 users a fresh
 * ~0.5 MB string per join would make registration cost grow with the square
 * of the user count. Instead the elements (`{…},{…}`, no brackets) live in
 * one growing buffer: a join appends; a leave or a change marks it stale and
 * the next read rebuilds it by copying the unchanged elements.
 *
 * Bytes handed out by `bytes()` are never written again (appends go past
 * them, a rebuild uses a new buffer), so they can sit in socket queues and
 * in the kernel's hands while the list moves on.
 */

/** One element, which remembers where it sits in the current buffer. */
export interface ListItem {
  listOffset: number;
  /** Negative: must be serialized again. */
  listLength: number;
  /** The element's JSON, when it must be (re)serialized. */
  json(): string;
}

const INITIAL_CAPACITY = 4096;
const COMMA = 0x2c;

export class UserListBytes {
  private buffer: Buffer = Buffer.allocUnsafe(0);
  private used = 0;
  private count = 0;
  private stale = false;
  private view: Buffer | undefined = undefined;

  /** Appends one element (at the end of `items`); sets its offset and length. */
  append(item: ListItem): void {
    if (this.stale) {
      item.listLength = -1; // serialized by the coming rebuild
      return;
    }
    this.write(item, Buffer.from(item.json()));
    this.view = undefined;
  }

  /** An element was removed or changed: rebuild before the next read. */
  invalidate(): void {
    this.stale = true;
    this.view = undefined;
  }

  /** The elements, comma-separated, in the order of `items` (which must be every item). */
  bytes(items: () => Iterable<ListItem>): Buffer {
    if (this.stale) this.rebuild(items());
    this.view ??= this.buffer.subarray(0, this.used);
    return this.view;
  }

  private rebuild(items: Iterable<ListItem>): void {
    const old = this.buffer;
    this.buffer = Buffer.allocUnsafe(Math.max(INITIAL_CAPACITY, this.used));
    this.used = 0;
    this.count = 0;
    this.stale = false;
    for (const item of items) {
      const offset = item.listOffset;
      const length = item.listLength;
      this.write(
        item,
        length < 0 ? Buffer.from(item.json()) : old.subarray(offset, offset + length),
      );
    }
  }

  private write(item: ListItem, element: Buffer): void {
    const separator = this.count > 0 ? 1 : 0;
    this.reserve(separator + element.length);
    if (separator) this.buffer[this.used++] = COMMA;
    element.copy(this.buffer, this.used);
    item.listOffset = this.used;
    item.listLength = element.length;
    this.used += element.length;
    this.count += 1;
  }

  /** Grows by copying into a new buffer; the old one stays intact for views already handed out. */
  private reserve(extraBytes: number): void {
    const needed = this.used + extraBytes;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(INITIAL_CAPACITY, needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }
}
