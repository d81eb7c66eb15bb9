/**
 * Events of the replica controllers (replication controller, ReplicaSet, Deployment): core/v1
 * Events about the object a decision concerns ("Created pod: web-x2k9d", "Scaled up replica
 * set web-6d4b9 from 0 to 3"), as client-go's event recorder writes them.
 *
 * Recording never blocks a sync and never throws: writes go out one at a time in the
 * background, and at most {@link MAX_PENDING_EVENTS} wait (more are dropped with a log line),
 * so a burst of thousands of pod creations cannot grow memory without bound.
 *
 * @module
 */
import type { Logger } from "../cli/log.ts";
import type { KubeObject, ResourceClient } from "../client/mod.ts";

/** Events waiting to be written beyond which new ones are dropped. */
export const MAX_PENDING_EVENTS = 1000;

/** `Normal` or `Warning`, as core/v1 Event.type. */
export type EventType = "Normal" | "Warning";

/** The apiVersion and kind of an involved object (list items may not carry them). */
export interface ObjectKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** Writes Events for one controller (its name goes in `source.component`). */
export class ControllerEventRecorder {
  readonly #events: ResourceClient<KubeObject>;
  readonly #component: string;
  readonly #logger: Logger;
  #pending = 0;
  #chain: Promise<void> = Promise.resolve();

  constructor(events: ResourceClient<KubeObject>, component: string, logger: Logger) {
    this.#events = events;
    this.#component = component;
    this.#logger = logger;
  }

  /** Queues an Event about `object`, a namespaced object of kind `kind`. */
  record(
    kind: ObjectKind,
    object: KubeObject,
    type: EventType,
    reason: string,
    message: string,
  ): void {
    if (this.#pending >= MAX_PENDING_EVENTS) {
      this.#logger.warn("dropping an event: too many pending", { reason });
      return;
    }
    this.#pending++;
    this.#chain = this.#chain.then(() => this.#write(kind, object, type, reason, message)).catch(
      (error) => this.#logger.debug(1, "event not recorded", { reason, error }),
    ).finally(() => {
      this.#pending--;
    });
  }

  /** Resolves once every queued event has been written (or given up on). */
  flush(): Promise<void> {
    return this.#chain;
  }

  async #write(
    kind: ObjectKind,
    object: KubeObject,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const { name, namespace, uid, resourceVersion } = object.metadata;
    await this.#events.create({
      apiVersion: "v1",
      kind: "Event",
      metadata: { generateName: `${name}.`, namespace: namespace ?? "default" },
      involvedObject: {
        apiVersion: kind.apiVersion,
        kind: kind.kind,
        namespace,
        name,
        uid,
        resourceVersion,
      },
      reason,
      message,
      type,
      source: { component: this.#component },
      reportingComponent: this.#component,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
  }
}
