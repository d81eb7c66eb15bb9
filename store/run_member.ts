/**
 * `kubeno store`: one member of the replicated store, serving the client API until SIGINT or
 * SIGTERM. A leader stopped by a signal hands leadership over before it exits.
 *
 * @module
 */
import { createLogger } from "../cli/log.ts";
import type { StoreMemberConfig } from "./flags.ts";
import { serveGateway } from "./gateway/mod.ts";
import { DataDirMismatchError, StoreNode } from "./node/mod.ts";
import { WalError } from "./wal/mod.ts";

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<Deno.Signal> {
  return new Promise((resolve) => {
    const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
    const handlers = signals.map((signal) => {
      const handler = () => {
        signals.forEach((s, i) => Deno.removeSignalListener(s, handlers[i]!));
        resolve(signal);
      };
      Deno.addSignalListener(signal, handler);
      return handler;
    });
  });
}

/** What runs on top of a member (the API server when embedded). */
export interface MemberServices {
  /** Called once the member and its client API are up. */
  started(node: StoreNode): Promise<void>;
  /** Called before the member stops. */
  stopping(): Promise<void>;
}

/** Runs a store member until a signal; resolves to the exit code. */
export async function runStoreMember(
  config: StoreMemberConfig,
  verbosity: number,
  services?: MemberServices,
): Promise<number> {
  const logger = createLogger("store", verbosity).with({ member: config.name });
  let node: StoreNode;
  try {
    node = await StoreNode.start({
      name: config.name,
      dataDir: config.dataDir,
      initialCluster: config.initialCluster,
      listenPeer: config.listenPeer,
      join: config.join,
      snapshotCount: config.snapshotCount,
      catchUpEntries: config.catchUpEntries,
      quotaBytes: config.quotaBytes,
      logger,
    });
  } catch (error) {
    if (error instanceof DataDirMismatchError || error instanceof WalError) {
      console.error(`kubeno store: ${error.message}`);
      return 1;
    }
    if (error instanceof Deno.errors.AddrInUse) {
      console.error(
        `kubeno store: --listen-peer ${config.listenPeer.hostname}:${config.listenPeer.port} is in use`,
      );
      return 1;
    }
    throw error;
  }
  let gateway;
  try {
    gateway = serveGateway(node, {
      hostname: config.listenClient.hostname,
      port: config.listenClient.port,
      logger,
    });
  } catch (error) {
    await node.stop({ transfer: false });
    if (error instanceof Deno.errors.AddrInUse) {
      console.error(
        `kubeno store: --listen-client ${config.listenClient.hostname}:${config.listenClient.port} is in use`,
      );
      return 1;
    }
    throw error;
  }
  const stopped = untilSignal();
  try {
    await services?.started(node);
  } catch (error) {
    await gateway.shutdown();
    await node.stop({ transfer: false });
    if (error instanceof Deno.errors.AddrInUse) {
      console.error(`kubeno: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const signal = await stopped;
  logger.info("stopping", { signal });
  await services?.stopping();
  await node.stop();
  await gateway.shutdown();
  return 0;
}
