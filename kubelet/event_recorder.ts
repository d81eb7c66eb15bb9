/**
 * Records the runtime's pod events (Pulling, Created, Started, Killing, Unhealthy, BackOff...)
 * as core/v1 Events in the pod's namespace, like client-go's event recorder with its
 * correlator: a repeat of the same event (same pod, container, reason and message) within ten
 * minutes bumps `count` and `lastTimestamp` of the first one instead of creating another.
 * Recording never blocks the caller and never throws: writes go out one at a time in the
 * background, and at most {@link MAX_PENDING} wait (more are dropped, with a log line).
 *
 * @module
 */
import type { Logger } from "../cli/log.ts";
import { ApiStatusError, type KubeObject, type ResourceClient } from "../client/mod.ts";
import type { PodEvent } from "./pod_runtime.ts";

/** Events waiting to be written beyond which new ones are dropped. */
export const MAX_PENDING = 1000;
const AGGREGATE_MS = 10 * 60_000;

interface Seen {
  name: string;
  namespace: string;
  count: number;
  firstAt: number;
}

/** Writes pod events to the API; see the module documentation. */
export class EventRecorder {
  readonly #events: ResourceClient<KubeObject>;
  readonly #nodeName: string;
  readonly #logger: Logger;
  readonly #seen = new Map<string, Seen>();
  #pending = 0;
  #chain: Promise<void> = Promise.resolve();

  constructor(events: ResourceClient<KubeObject>, nodeName: string, logger: Logger) {
    this.#events = events;
    this.#nodeName = nodeName;
    this.#logger = logger;
  }

  /** Queues the event for writing. */
  record(event: PodEvent): void {
    if (this.#pending >= MAX_PENDING) {
      this.#logger.warn("dropping an event: too many pending", { reason: event.reason });
      return;
    }
    this.#pending++;
    // Stamped now: a backed-up queue must not move the event's time to when it was written.
    const at = new Date();
    this.#chain = this.#chain.then(() => this.#write(event, at)).catch((error) => {
      this.#logger.debug(1, "could not record an event", { reason: event.reason, error });
    }).finally(() => {
      this.#pending--;
    });
  }

  /** Resolves once every queued event has been written (or given up on). */
  flush(): Promise<void> {
    return this.#chain;
  }

  async #write(event: PodEvent, at: Date): Promise<void> {
    const { pod } = event;
    const key = [pod.uid, event.container ?? "", event.type, event.reason, event.message].join(
      "\u0000",
    );
    const now = at.getTime();
    const timestamp = at.toISOString().replace(/\.\d+Z$/, "Z");
    for (const [k, seen] of this.#seen) {
      if (now - seen.firstAt > AGGREGATE_MS) this.#seen.delete(k);
    }
    const seen = this.#seen.get(key);
    if (seen !== undefined) {
      try {
        await this.#events.patch(seen.namespace, seen.name, {
          count: seen.count + 1,
          lastTimestamp: timestamp,
        });
        seen.count++;
        return;
      } catch (error) {
        // The event went away (deleted, expired, its namespace recreated): record it afresh,
        // as client-go does, rather than lose every repeat for the rest of the window.
        if (!(error instanceof ApiStatusError && error.code === 404)) throw error;
        this.#seen.delete(key);
      }
    }
    // client-go names events <object>.<unix nanoseconds in hex>.
    const nanos = BigInt(now) * 1_000_000n + BigInt(Math.floor(Math.random() * 1_000_000));
    const name = `${pod.name}.${nanos.toString(16)}`;
    await this.#events.create({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace: pod.namespace },
      involvedObject: {
        apiVersion: "v1",
        kind: "Pod",
        namespace: pod.namespace,
        name: pod.name,
        uid: pod.uid,
        ...(event.container === undefined ? {} : {
          fieldPath: `spec.${
            event.initContainer ? "initContainers" : "containers"
          }{${event.container}}`,
        }),
      },
      reason: event.reason,
      message: event.message,
      type: event.type,
      source: { component: "kubelet", host: this.#nodeName },
      reportingComponent: "kubelet",
      reportingInstance: this.#nodeName,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
    } as KubeObject);
    this.#seen.set(key, { name, namespace: pod.namespace, count: 1, firstAt: now });
  }
}
