/**
 * A character trie whose edges live in one open-addressing hash table over typed arrays: (node, char) → child.
 * Compact (a few MB for ~40k names) and fast to walk: one multiply-xor hash and usually one probe per character.
 */
export class CharTrie<T> {
  private capacity: number;
  private mask: number;
  private keyNode: Int32Array;
  private keyChar: Uint16Array;
  private child: Int32Array;
  private edges = 0;
  private nodes = 1; // node 0 is the root
  /** Payload per node (index = node id); undefined for non-terminal nodes. */
  private payload: (T[] | undefined)[] = [undefined];

  constructor(initialCapacity = 1 << 16) {
    this.capacity = initialCapacity;
    this.mask = initialCapacity - 1;
    this.keyNode = new Int32Array(initialCapacity).fill(-1);
    this.keyChar = new Uint16Array(initialCapacity);
    this.child = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.nodes;
  }

  private static hash(node: number, ch: number): number {
    return (Math.imul(node, 0x9e3779b1) ^ Math.imul(ch + 1, 0x85ebca77)) >>> 0;
  }

  /** The child of `node` along `ch`, or -1. */
  next(node: number, ch: number): number {
    const mask = this.mask;
    let i = CharTrie.hash(node, ch) & mask;
    const kn = this.keyNode;
    for (;;) {
      const n = kn[i];
      if (n === -1) return -1;
      if (n === node && this.keyChar[i] === ch) return this.child[i];
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const oldNode = this.keyNode;
    const oldChar = this.keyChar;
    const oldChild = this.child;
    this.capacity *= 2;
    this.mask = this.capacity - 1;
    this.keyNode = new Int32Array(this.capacity).fill(-1);
    this.keyChar = new Uint16Array(this.capacity);
    this.child = new Int32Array(this.capacity);
    for (let j = 0; j < oldNode.length; j++) {
      if (oldNode[j] === -1) continue;
      this.place(oldNode[j], oldChar[j], oldChild[j]);
    }
  }

  private place(node: number, ch: number, child: number): void {
    let i = CharTrie.hash(node, ch) & this.mask;
    while (this.keyNode[i] !== -1) i = (i + 1) & this.mask;
    this.keyNode[i] = node;
    this.keyChar[i] = ch;
    this.child[i] = child;
  }

  /** Adds `value` under the key `key` (already folded). */
  add(key: string, value: T): void {
    let node = 0;
    for (let k = 0; k < key.length; k++) {
      const ch = key.charCodeAt(k);
      let nxt = this.next(node, ch);
      if (nxt === -1) {
        if ((this.edges + 1) * 2 > this.capacity) this.grow();
        nxt = this.nodes++;
        this.payload.push(undefined);
        this.place(node, ch, nxt);
        this.edges++;
      }
      node = nxt;
    }
    const list = this.payload[node];
    if (list) list.push(value);
    else this.payload[node] = [value];
  }

  values(node: number): T[] | undefined {
    return this.payload[node];
  }
}
