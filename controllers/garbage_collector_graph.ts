/**
 * The garbage collector's ownership graph (after kube-controller-manager's GraphBuilder): every
 * object the collector watches, by uid, with its ownerReferences, and the reverse index from an
 * owner's uid to its dependents. Recording a change returns the work it causes:
 *
 * - `delete` of an object: check whether its owners are gone (an owner it names is not in the
 *   graph, or an owner left the graph) and collect it if they all are; for an owner being
 *   deleted in the foreground, delete its dependents and then drop its finalizer.
 * - `orphan` of an owner being deleted with the orphan finalizer: strip its dependents'
 *   references to it, then the finalizer.
 *
 * Invariants: `#dependents.get(o)` holds exactly the uids of nodes whose ownerReferences name
 * `o`, whether or not `o` itself is in the graph. Pure: no I/O.
 *
 * @module
 */
import type { KindInfo } from "../api/types/registry.ts";
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from "../apiserver/rest/delete_policy.ts";

/** An ownerReference as objects carry it. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** One object in the graph. */
export interface GraphNode {
  readonly kind: KindInfo;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly uid: string;
  readonly owners: readonly OwnerReference[];
  /** Set once the object has a deletionTimestamp. */
  readonly deleting: boolean;
  readonly finalizers: readonly string[];
}

/** Work a change causes, for the collector's queue. */
export interface GraphWork {
  readonly action: "delete" | "orphan";
  readonly uid: string;
}

/** True while the node waits for its dependents to be deleted (foreground deletion). */
export function isDeletingDependents(node: GraphNode): boolean {
  return node.deleting && node.finalizers.includes(FOREGROUND_FINALIZER);
}

function isOrphaning(node: GraphNode): boolean {
  return node.deleting && node.finalizers.includes(ORPHAN_FINALIZER);
}

/** Whether what the graph tracks of an object (references, deletion, finalizers) changed. */
function ownershipChanged(a: GraphNode, b: GraphNode): boolean {
  return a.deleting !== b.deleting ||
    JSON.stringify([a.owners, a.finalizers]) !== JSON.stringify([b.owners, b.finalizers]);
}

/** The ownership graph. */
export class OwnershipGraph {
  readonly #nodes = new Map<string, GraphNode>();
  readonly #dependents = new Map<string, Set<string>>();

  /** The node with `uid`, if it is in the graph. */
  node(uid: string): GraphNode | undefined {
    return this.#nodes.get(uid);
  }

  /** How many objects the graph holds. */
  get size(): number {
    return this.#nodes.size;
  }

  /** The nodes whose ownerReferences name `uid`. */
  dependentsOf(uid: string): GraphNode[] {
    return [...this.#dependents.get(uid) ?? []].flatMap((d) => this.#nodes.get(d) ?? []);
  }

  /** The dependents that name `uid` with blockOwnerDeletion: a foreground owner waits for them. */
  blockingDependentsOf(uid: string): GraphNode[] {
    return this.dependentsOf(uid).filter((d) =>
      d.owners.some((o) => o.uid === uid && o.blockOwnerDeletion === true)
    );
  }

  /** Records an added or changed object; returns the work it causes. */
  upsert(node: GraphNode): GraphWork[] {
    const old = this.#nodes.get(node.uid);
    this.#nodes.set(node.uid, node);
    this.#unindex(old);
    for (const owner of node.owners) {
      let set = this.#dependents.get(owner.uid);
      if (set === undefined) this.#dependents.set(owner.uid, set = new Set());
      set.add(node.uid);
    }
    const work: GraphWork[] = [];
    const add = (action: GraphWork["action"], uid: string) => {
      if (!work.some((w) => w.action === action && w.uid === uid)) work.push({ action, uid });
    };
    // An owner not in the graph may never have existed, or be gone: verify against the API.
    if (node.owners.some((o) => !this.#nodes.has(o.uid))) add("delete", node.uid);
    // A foreground owner whose dependent changed (references, deletion) re-checks its blockers.
    if (old !== undefined && ownershipChanged(old, node)) {
      for (const owner of [...old.owners, ...node.owners]) {
        const o = this.#nodes.get(owner.uid);
        if (o !== undefined && isDeletingDependents(o)) add("delete", o.uid);
      }
    }
    if (isDeletingDependents(node) && !(old !== undefined && isDeletingDependents(old))) {
      add("delete", node.uid);
      for (const dependent of this.dependentsOf(node.uid)) add("delete", dependent.uid);
    }
    if (isOrphaning(node)) add("orphan", node.uid);
    return work;
  }

  /** Drops `node` from its owners' dependents (keeping no empty sets). */
  #unindex(node: GraphNode | undefined): void {
    for (const owner of node?.owners ?? []) {
      const set = this.#dependents.get(owner.uid);
      set?.delete(node!.uid);
      if (set?.size === 0) this.#dependents.delete(owner.uid);
    }
  }

  /** Records that the object with `uid` is gone; returns the work it causes. */
  remove(uid: string): GraphWork[] {
    const node = this.#nodes.get(uid);
    if (node === undefined) return [];
    this.#nodes.delete(uid);
    const work: GraphWork[] = [];
    this.#unindex(node);
    for (const owner of node.owners) {
      const o = this.#nodes.get(owner.uid);
      if (o !== undefined && isDeletingDependents(o)) work.push({ action: "delete", uid: o.uid });
    }
    // Its dependents lost an owner: each may now have none left.
    for (const dependent of this.dependentsOf(uid)) {
      work.push({ action: "delete", uid: dependent.uid });
    }
    return work;
  }
}
