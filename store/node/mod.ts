/**
 * A replicated store member: Raft core + WAL + peer transport + MVCC, as a StoreBackend.
 *
 * @module
 */
export {
  DataDirMismatchError,
  STORE_VERSION,
  StoreNode,
  type StoreNodeOptions,
} from "./store_node.ts";
export { clusterId, clusterToken, memberId } from "./ids.ts";
