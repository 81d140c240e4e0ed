/**
 * A session's history as a tree (pure functions over its nodes, in seq order). A
 * message's parent is `parentId`, or, for a message stored before branches existed
 * (no field), the message before it: an old session reads as one linear branch. A
 * child is always newer than its parent (higher seq), so the newest descendant of a
 * message is a leaf.
 */
import type { MessageNode } from '../../model/documents.js';

export class MessageTree {
  private readonly byId = new Map<string, MessageNode>();
  private readonly parents = new Map<string, string | null>();
  private readonly children = new Map<string | null, MessageNode[]>();

  /** `nodes` in seq order (as the store lists them). */
  constructor(readonly nodes: readonly MessageNode[]) {
    let previous: string | null = null;
    for (const node of nodes) {
      // No field (stored before branches), or a parent that is not there (its insert
      // failed after the session named it the leaf): the message before it.
      const known = node.parentId === null || (node.parentId && this.byId.has(node.parentId));
      const parent = known ? (node.parentId as string | null) : previous;
      this.byId.set(node._id, node);
      this.parents.set(node._id, parent);
      const siblings = this.children.get(parent) ?? [];
      siblings.push(node);
      this.children.set(parent, siblings);
      previous = node._id;
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  parentOf(id: string): string | null {
    return this.parents.get(id) ?? null;
  }

  /** The newest message: the leaf of a session that never branched. */
  get newest(): MessageNode | undefined {
    return this.nodes.at(-1);
  }

  /** Root to `leafId`, in order; empty when the id is not in the tree. */
  pathTo(leafId: string): MessageNode[] {
    const path: MessageNode[] = [];
    for (let id: string | null = leafId; id !== null; id = this.parentOf(id)) {
      const node = this.byId.get(id);
      if (!node) break;
      path.push(node);
    }
    return path.reverse();
  }

  /** The replies to (or versions under) the message's parent, this one included, oldest first. */
  versionsOf(id: string): MessageNode[] {
    if (!this.byId.has(id)) return [];
    return this.children.get(this.parentOf(id)) ?? [];
  }

  /** The message's newest descendant (itself when it has none): the leaf of its newest branch. */
  newestLeafUnder(id: string): string {
    let newest = this.byId.get(id);
    const stack = [id];
    while (stack.length > 0) {
      for (const child of this.children.get(stack.pop() as string) ?? []) {
        if (!newest || child.seq > newest.seq) newest = child;
        stack.push(child._id);
      }
    }
    return newest?._id ?? id;
  }
}
