/**
 * The user list as JSON bytes, kept up to date incrementally: every `welcome`
 * and `users` reply carries it (docs/protocol-v1.md §1.1), so at 5000 users a fresh
 * ~0.5 MB string per join would make registration cost grow with the square
 * of the user count. Instead the elements (`{…},{…}`, no brackets) live in
 * one growing buffer: a join appends; a leave or a change marks it stale and
 * the next read rebuilds it by copying the unchanged elements.
 *
 * A list too long for one line goes out in parts (docs/protocol.md "Long user
 * lists"): the users that do not fit follow as `joined` lines marked
 * `listing`. Those lines are kept in a second buffer, made on first need and
 * then appended to like the first, so a reply is a few views of shared
 * buffers whatever the size of the list.
 *
 * Bytes handed out are never written again (appends go past them, a rebuild
 * uses new buffers), so they can sit in socket queues and in the kernel's
 * hands while the list moves on.
 */

/** One element, which remembers where it sits in the current buffer. */
export interface ListItem {
  listOffset: number;
  /** Negative: must be serialized again. */
  listLength: number;
  /** The element's JSON, when it must be (re)serialized. */
  json(): string;
}

/** The list at one moment; valid (and unchanging) until the list changes. */
export interface UserListSnapshot {
  readonly count: number;
  /** Every element, comma-separated, no brackets. */
  readonly elements: Buffer;
  /** Bytes of the first `n` elements with the commas between them. */
  elementsBytes(n: number): number;
  /** Element `i` alone. */
  element(i: number): Buffer;
  /** Elements `from`…`to - 1` as `joined` lines marked `listing`, newlines included. */
  listingLines(from: number, to: number): Buffer;
}

const INITIAL_CAPACITY = 4096;
const COMMA = 0x2c;
/** Each listing line is LINE_HEAD + element + LINE_TAIL (docs/protocol.md "Long user lists"). */
const LINE_HEAD = Buffer.from('{"type":"joined","listing":true,"user":');
const LINE_TAIL = Buffer.from('}\n');

/** An append-only byte buffer that never writes over bytes it handed out. */
class GrowingBuffer {
  buffer: Buffer = Buffer.allocUnsafe(0);
  used = 0;

  constructor(capacity = 0) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  appendByte(byte: number): void {
    this.reserve(1);
    this.buffer[this.used++] = byte;
  }

  view(from = 0, to = this.used): Buffer {
    return this.buffer.subarray(from, to);
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

export class UserListBytes {
  private elements = new GrowingBuffer();
  /** End offset (exclusive) of each element in `elements`, in list order. */
  private ends: number[] = [];
  /** The listing lines, once some reply needed them; dropped with every rebuild. */
  private lines: GrowingBuffer | undefined = undefined;
  /** Start offset of each listing line, and one past the last. */
  private lineStarts: number[] = [];
  private stale = false;

  /** Appends one element (at the end of `items`); sets its offset and length. */
  append(item: ListItem): void {
    if (this.stale) {
      item.listLength = -1; // serialized by the coming rebuild
      return;
    }
    this.write(item, Buffer.from(item.json()));
  }

  /** An element was removed or changed: rebuild before the next read. */
  invalidate(): void {
    this.stale = true;
    this.lines = undefined;
  }

  /** Every element, comma-separated, in the order of `items` (which must be every item). */
  bytes(items: () => Iterable<ListItem>): Buffer {
    return this.snapshot(items).elements;
  }

  snapshot(items: () => Iterable<ListItem>): UserListSnapshot {
    if (this.stale) this.rebuild(items());
    const count = this.ends.length;
    const ends = this.ends;
    const elements = this.elements.view();
    const start = (i: number): number => (i === 0 ? 0 : ends[i - 1]! + 1);
    return {
      count,
      elements,
      elementsBytes: (n) => (n <= 0 ? 0 : ends[n - 1]!),
      element: (i) => elements.subarray(start(i), ends[i]),
      listingLines: (from, to) => {
        const lines = this.listing(count);
        return lines.view(this.lineStarts[from], this.lineStarts[to]);
      },
    };
  }

  /** The listing lines of the first `count` elements, made (or completed) now if needed. */
  private listing(count: number): GrowingBuffer {
    if (this.lines === undefined) {
      this.lines = new GrowingBuffer(this.elements.used + count * (LINE_HEAD.length + 1));
      this.lineStarts = [0];
    }
    const lines = this.lines;
    for (let i = this.lineStarts.length - 1; i < count; i++) {
      const from = i === 0 ? 0 : this.ends[i - 1]! + 1;
      lines.append(LINE_HEAD);
      lines.append(this.elements.buffer.subarray(from, this.ends[i]));
      lines.append(LINE_TAIL);
      this.lineStarts.push(lines.used);
    }
    return lines;
  }

  private rebuild(items: Iterable<ListItem>): void {
    const old = this.elements.buffer;
    this.elements = new GrowingBuffer(Math.max(INITIAL_CAPACITY, this.elements.used));
    this.ends = [];
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
    const elements = this.elements;
    if (this.ends.length > 0) elements.appendByte(COMMA);
    item.listOffset = elements.used;
    item.listLength = element.length;
    elements.append(element);
    this.ends.push(elements.used);
  }
}
