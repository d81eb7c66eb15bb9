/**
 * The flags of a store member, shared by `kubeno store`, `kubeno apiserver` and `kubeno server`
 * (which embed a member).
 *
 * @module
 */
import {
  type ClusterMember,
  type FlagSpecs,
  type FlagValues,
  type HostPort,
  parseCount,
  parseHostPort,
  parseInitialCluster,
  UsageError,
} from "../cli/mod.ts";

/** Flag declarations of a store member. */
export const STORE_FLAGS = {
  name: { type: "string", default: "m1", placeholder: "NAME", description: "this member's name" },
  "data-dir": {
    type: "string",
    placeholder: "DIR",
    description: "where the member keeps its log and snapshots (default .data/<name>)",
  },
  "listen-client": {
    type: "string",
    default: "127.0.0.1:2379",
    placeholder: "ADDR",
    description: "host:port of the client API (etcd v3 JSON gateway subset)",
  },
  "listen-peer": {
    type: "string",
    default: "127.0.0.1:2380",
    placeholder: "ADDR",
    description: "host:port for Raft traffic between members",
  },
  "initial-cluster": {
    type: "string",
    placeholder: "LIST",
    description: "every member as name=host:port, comma-separated (default: this member alone)",
  },
  "initial-cluster-state": {
    type: "string",
    default: "new",
    placeholder: "STATE",
    description: "new: bootstrap a cluster; existing: join a running one after a member add",
  },
  "snapshot-count": {
    type: "string",
    default: "100000",
    placeholder: "N",
    description: "applied entries between snapshots of the state machine",
  },
  "snapshot-catchup-entries": {
    type: "string",
    default: "5000",
    placeholder: "N",
    description: "entries kept behind a snapshot for slow followers (more: snapshot instead)",
  },
  "quota-backend-bytes": {
    type: "string",
    default: String(2 * 1024 ** 3),
    placeholder: "BYTES",
    description: "limit on stored keys, values and history; writes past it fail",
  },
} as const satisfies FlagSpecs;

/** A store member's validated configuration. */
export interface StoreMemberConfig {
  readonly name: string;
  readonly dataDir: string;
  readonly listenClient: HostPort;
  readonly listenPeer: HostPort;
  readonly initialCluster: readonly ClusterMember[];
  /** Join a running cluster rather than bootstrap a new one. */
  readonly join: boolean;
  readonly snapshotCount: number;
  readonly catchUpEntries: number;
  readonly quotaBytes: number;
}

/**
 * Validates the store flags.
 *
 * @throws {UsageError} when a value is malformed or the member is not in its own cluster.
 */
export function storeConfigFromFlags(flags: FlagValues<typeof STORE_FLAGS>): StoreMemberConfig {
  const listenPeer = parseHostPort("listen-peer", flags["listen-peer"]);
  const initialCluster = flags["initial-cluster"] === undefined
    ? [{ name: flags.name, peer: listenPeer }]
    : parseInitialCluster("initial-cluster", flags["initial-cluster"]);
  if (!initialCluster.some((member) => member.name === flags.name)) {
    throw new UsageError(`--initial-cluster does not name this member (--name ${flags.name})`);
  }
  const state = flags["initial-cluster-state"];
  if (state !== "new" && state !== "existing") {
    throw new UsageError(
      `--initial-cluster-state must be new or existing, got ${JSON.stringify(state)}`,
    );
  }
  const snapshotCount = parseCount("snapshot-count", flags["snapshot-count"]);
  if (snapshotCount < 1) throw new UsageError("--snapshot-count must be at least 1");
  return {
    join: state === "existing",
    snapshotCount,
    catchUpEntries: parseCount("snapshot-catchup-entries", flags["snapshot-catchup-entries"]),
    quotaBytes: parseCount("quota-backend-bytes", flags["quota-backend-bytes"]),
    name: flags.name,
    dataDir: flags["data-dir"] ?? `.data/${flags.name}`,
    listenClient: parseHostPort("listen-client", flags["listen-client"]),
    listenPeer,
    initialCluster,
  };
}
