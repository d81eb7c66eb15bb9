/**
 * Events of a control-plane component (scheduler, controllers): core/v1 Events about the object
 * a decision concerns ("Successfully assigned default/web-1 to node-3", "Created pod:
 * web-x2k9d"), as client-go's event recorder writes them.
 *
 * Recording never blocks the caller and never throws. Writes go out in the background, at most
 * {@link MAX_EVENT_WRITES_IN_FLIGHT} at a time; at most {@link MAX_PENDING_EVENTS} wait, and
 * more are dropped (as client-go's broadcaster drops when its queue is full), so a burst of
 * thousands of decisions cannot grow memory without bound or starve the component's own
 * requests. Drops are logged once per burst, with their count when the queue drains.
 *
 * @module
 */
import type { Logger } from "../cli/log.ts";
import type { KubeObject, ResourceClient } from "./resources.ts";

/** Events waiting to be written beyond which new ones are dropped. */
export const MAX_PENDING_EVENTS = 1000;
/** Event writes on the wire at once. */
export const MAX_EVENT_WRITES_IN_FLIGHT = 8;

/** `Normal` or `Warning`, as core/v1 Event.type. */
export type EventType = "Normal" | "Warning";

/** The apiVersion and kind of an involved object (list items may not carry them). */
export interface ObjectKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** Writes Events for one component (its name goes in `source.component`). */
export class ComponentEventRecorder {
  readonly #events: ResourceClient<KubeObject>;
  readonly #component: string;
  readonly #logger: Logger;
  readonly #queue: KubeObject[] = [];
  #inFlight = 0;
  #dropped = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(events: ResourceClient<KubeObject>, component: string, logger: Logger) {
    this.#events = events;
    this.#component = component;
    this.#logger = logger;
  }

  /** Queues an Event about `object` of kind `kind` (cluster-scoped objects' go to default). */
  record(
    kind: ObjectKind,
    object: KubeObject,
    type: EventType,
    reason: string,
    message: string,
  ): void {
    if (this.#queue.length >= MAX_PENDING_EVENTS) {
      if (this.#dropped++ === 0) {
        this.#logger.warn("dropping events: too many waiting to be written", { reason });
      }
      return;
    }
    this.#queue.push(this.#event(kind, object, type, reason, message));
    this.#pump();
  }

  /** Resolves once every queued event has been written (or given up on). */
  flush(): Promise<void> {
    if (this.#queue.length === 0 && this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #pump(): void {
    while (this.#inFlight < MAX_EVENT_WRITES_IN_FLIGHT && this.#queue.length > 0) {
      const event = this.#queue.shift()!;
      this.#inFlight++;
      this.#events.create(event)
        .catch((error) =>
          this.#logger.debug(1, "event not recorded", { reason: event.reason, error })
        )
        .finally(() => {
          this.#inFlight--;
          this.#pump();
          if (this.#queue.length === 0 && this.#inFlight === 0) this.#idle();
        });
    }
  }

  #idle(): void {
    if (this.#dropped > 0) {
      this.#logger.warn("events were dropped", { count: this.#dropped });
      this.#dropped = 0;
    }
    for (const wake of this.#idleWaiters.splice(0)) wake();
  }

  #event(
    kind: ObjectKind,
    object: KubeObject,
    type: EventType,
    reason: string,
    message: string,
  ): KubeObject {
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const { name, namespace, uid, resourceVersion } = object.metadata;
    return {
      apiVersion: "v1",
      kind: "Event",
      metadata: { generateName: `${name}.`, namespace: namespace ?? "default" },
      involvedObject: {
        apiVersion: kind.apiVersion,
        kind: kind.kind,
        ...(namespace === undefined ? {} : { namespace }),
        name,
        uid,
        ...(resourceVersion === undefined ? {} : { resourceVersion }),
      },
      reason,
      message,
      type,
      source: { component: this.#component },
      reportingComponent: this.#component,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
  }
}
