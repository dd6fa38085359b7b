/**
 * Who is here, in the order the users pane shows them (by name, compared as
 * docs/protocol-v1.md §1.4 compares names), for thousands of users: an
 * immutable B+ tree whose branches know how many users lie below each child.
 * A join, a leave, a status change, finding a user by name or by position
 * and the position of a name all cost O(log n), and each change copies only
 * the nodes on one path (a few hundred references), so a crowd of 10,000
 * users joining costs 10,000 small steps, not 10,000 copies and sorts of the
 * whole list. Old versions stay valid, so the UI can compare versions by
 * identity. Pure.
 *
 * The read side looks like a read-only array (`length`, `at`, `map`, `find`,
 * `some`, iteration…) for the code that walks the whole list now and then
 * (completion, `/list`); those walks are O(n) as with an array.
 */
import type { User } from '../../protocol/messages.js';
import { nameKey, normalizeName } from '../../protocol/names.js';

const LEAF_MAX = 64;
const BRANCH_MAX = 32;
/** A node this small after a removal is merged with a neighbour. */
const LEAF_MIN = LEAF_MAX / 4;
const BRANCH_MIN = BRANCH_MAX / 4;

interface Leaf {
  readonly leaf: true;
  readonly keys: readonly string[];
  readonly users: readonly User[];
}

interface Branch {
  readonly leaf: false;
  readonly children: readonly Node[];
  /** The greatest key under each child. */
  readonly lastKeys: readonly string[];
  /** Users under each child. */
  readonly sizes: readonly number[];
  readonly size: number;
}

type Node = Leaf | Branch;

/** The key two names are the same user by (as `sameName` compares them). */
export function userKey(name: string): string {
  return nameKey(normalizeName(name));
}

const sizeOf = (node: Node): number => (node.leaf ? node.keys.length : node.size);
const lastKeyOf = (node: Node): string =>
  node.leaf ? node.keys[node.keys.length - 1]! : node.lastKeys[node.lastKeys.length - 1]!;

function leaf(keys: readonly string[], users: readonly User[]): Leaf {
  return { leaf: true, keys, users };
}

function branch(children: readonly Node[]): Branch {
  const sizes = children.map(sizeOf);
  return {
    leaf: false,
    children,
    lastKeys: children.map(lastKeyOf),
    sizes,
    size: sizes.reduce((a, b) => a + b, 0),
  };
}

/** First index in sorted `keys` whose key is ≥ `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The child of `node` that holds (or would hold) `key`. */
function childFor(node: Branch, key: string): number {
  return Math.min(lowerBound(node.lastKeys, key), node.children.length - 1);
}

/** A node over its maximum becomes two halves. */
function splitIfFull(node: Node): Node[] {
  if (node.leaf) {
    if (node.keys.length <= LEAF_MAX) return [node];
    const half = node.keys.length >>> 1;
    return [
      leaf(node.keys.slice(0, half), node.users.slice(0, half)),
      leaf(node.keys.slice(half), node.users.slice(half)),
    ];
  }
  if (node.children.length <= BRANCH_MAX) return [node];
  const half = node.children.length >>> 1;
  return [branch(node.children.slice(0, half)), branch(node.children.slice(half))];
}

function insert(node: Node, key: string, user: User): Node[] {
  if (node.leaf) {
    const at = lowerBound(node.keys, key);
    if (node.keys[at] === key) {
      const users = node.users.slice();
      users[at] = user;
      return [leaf(node.keys, users)];
    }
    const keys = node.keys.slice();
    const users = node.users.slice();
    keys.splice(at, 0, key);
    users.splice(at, 0, user);
    return splitIfFull(leaf(keys, users));
  }
  const i = childFor(node, key);
  const children = node.children.slice();
  children.splice(i, 1, ...insert(node.children[i]!, key, user));
  return splitIfFull(branch(children));
}

function merge(a: Node, b: Node): Node {
  if (a.leaf && b.leaf) return leaf([...a.keys, ...b.keys], [...a.users, ...b.users]);
  if (!a.leaf && !b.leaf) return branch([...a.children, ...b.children]);
  throw new Error('user list: nodes of different depths');
}

function tooSmall(node: Node): boolean {
  return node.leaf ? node.keys.length < LEAF_MIN : node.children.length < BRANCH_MIN;
}

/** `node` without `key`; the same node when `key` is not there; null when nothing is left. */
function remove(node: Node, key: string): Node | null {
  if (node.leaf) {
    const at = lowerBound(node.keys, key);
    if (node.keys[at] !== key) return node;
    if (node.keys.length === 1) return null;
    const keys = node.keys.slice();
    const users = node.users.slice();
    keys.splice(at, 1);
    users.splice(at, 1);
    return leaf(keys, users);
  }
  const i = childFor(node, key);
  const child = node.children[i]!;
  const smaller = remove(child, key);
  if (smaller === child) return node;
  const children = node.children.slice();
  if (smaller === null) children.splice(i, 1);
  else if (tooSmall(smaller) && children.length > 1) {
    // Merge with a neighbour (and split again if that is too big), so the tree stays shallow.
    const j = i > 0 ? i - 1 : i + 1;
    const [first, second] = j < i ? [children[j]!, smaller] : [smaller, children[j]!];
    children.splice(Math.min(i, j), 2, ...splitIfFull(merge(first, second)));
  } else children[i] = smaller;
  if (children.length === 0) return null;
  return branch(children);
}

/** Where `key` is or would go: the users before it, and the user when there. */
function find(node: Node, key: string): { user: User | undefined; index: number } {
  let index = 0;
  let at: Node = node;
  while (!at.leaf) {
    const i = childFor(at, key);
    for (let c = 0; c < i; c++) index += at.sizes[c]!;
    at = at.children[i]!;
  }
  const i = lowerBound(at.keys, key);
  return { user: at.keys[i] === key ? at.users[i] : undefined, index: index + i };
}

function nth(node: Node, index: number): User {
  let at: Node = node;
  let rest = index;
  while (!at.leaf) {
    let c = 0;
    while (rest >= at.sizes[c]!) rest -= at.sizes[c++]!;
    at = at.children[c]!;
  }
  return at.users[rest]!;
}

function* walk(node: Node, from: number, to: number): Generator<User> {
  if (node.leaf) {
    for (let i = Math.max(0, from); i < Math.min(to, node.users.length); i++) yield node.users[i]!;
    return;
  }
  let start = 0;
  for (let c = 0; c < node.children.length && start < to; c++) {
    const size = node.sizes[c]!;
    if (start + size > from) yield* walk(node.children[c]!, from - start, to - start);
    start += size;
  }
}

/** Builds a balanced tree from users sorted by key, bottom up. */
function build(sorted: readonly { key: string; user: User }[]): Node | null {
  if (sorted.length === 0) return null;
  let level: Node[] = [];
  for (let i = 0; i < sorted.length; i += LEAF_MAX) {
    const part = sorted.slice(i, i + LEAF_MAX);
    level.push(
      leaf(
        part.map((p) => p.key),
        part.map((p) => p.user),
      ),
    );
  }
  while (level.length > 1) {
    const up: Node[] = [];
    for (let i = 0; i < level.length; i += BRANCH_MAX)
      up.push(branch(level.slice(i, i + BRANCH_MAX)));
    level = up;
  }
  return level[0]!;
}

export class UserList implements Iterable<User> {
  static readonly empty = new UserList(null);

  /** The list of `users` (a later entry with the same name wins). */
  static from(users: Iterable<User>): UserList {
    const byKey = new Map<string, User>();
    for (const user of users) byKey.set(userKey(user.name), user);
    const sorted = [...byKey].map(([key, user]) => ({ key, user }));
    sorted.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return new UserList(build(sorted));
  }

  private constructor(private readonly root: Node | null) {}

  get length(): number {
    return this.root === null ? 0 : sizeOf(this.root);
  }

  /** The user at `index` in display order (negative counts from the end, as `Array.at`). */
  at(index: number): User | undefined {
    const i = index < 0 ? this.length + index : index;
    if (this.root === null || i < 0 || i >= this.length) return undefined;
    return nth(this.root, i);
  }

  get(name: string): User | undefined {
    return this.root === null ? undefined : find(this.root, userKey(name)).user;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** The position of `name` in display order, -1 when not here. */
  indexOfName(name: string): number {
    if (this.root === null) return -1;
    const found = find(this.root, userKey(name));
    return found.user === undefined ? -1 : found.index;
  }

  /** How many users sort before `name` (where it is, or would be). */
  rankOf(name: string): number {
    return this.root === null ? 0 : find(this.root, userKey(name)).index;
  }

  /** With `user` added, or replacing the user of the same name. */
  with(user: User): UserList {
    const key = userKey(user.name);
    if (this.root === null) return new UserList(leaf([key], [user]));
    const parts = insert(this.root, key, user);
    return new UserList(parts.length === 1 ? parts[0]! : branch(parts));
  }

  /** Without the user called `name`; the same list when nobody is. */
  without(name: string): UserList {
    if (this.root === null) return this;
    let root = remove(this.root, userKey(name));
    if (root === this.root) return this;
    while (root !== null && !root.leaf && root.children.length === 1) root = root.children[0]!;
    return new UserList(root);
  }

  /** With `change` applied to the user called `name`; the same list when nobody is. */
  update(name: string, change: (user: User) => User): UserList {
    const user = this.get(name);
    return user === undefined ? this : this.with(change(user));
  }

  /** The users from `from` to before `to`, in display order: what a window of rows shows. */
  slice(from = 0, to = this.length): User[] {
    return this.root === null ? [] : [...walk(this.root, from, to)];
  }

  toArray(): User[] {
    return this.slice();
  }

  [Symbol.iterator](): Iterator<User> {
    return this.root === null ? [][Symbol.iterator]() : walk(this.root, 0, this.length);
  }

  map<T>(f: (user: User, index: number) => T): T[] {
    return this.toArray().map(f);
  }

  filter(f: (user: User, index: number) => boolean): User[] {
    return this.toArray().filter(f);
  }

  find(f: (user: User, index: number) => boolean): User | undefined {
    return this.toArray().find(f);
  }

  findIndex(f: (user: User, index: number) => boolean): number {
    return this.toArray().findIndex(f);
  }

  some(f: (user: User, index: number) => boolean): boolean {
    return this.toArray().some(f);
  }

  every(f: (user: User, index: number) => boolean): boolean {
    return this.toArray().every(f);
  }
}
