/**
 * Leader election on a coordination.k8s.io/v1 Lease (after client-go's leaderelection): a
 * candidate takes the lease when it is free or expired, renews it while it leads, and steps
 * down when a renewal fails for longer than the renew deadline. Every write is a
 * compare-and-swap on the lease's resourceVersion, so two candidates never both win.
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import { ApiStatusError } from "./http.ts";
import type { KubeObject, ResourceClient } from "./resources.ts";

/** A Lease object, as far as election reads it. */
export interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** Options of a {@link LeaderElector}. */
export interface LeaderElectionOptions {
  readonly namespace: string;
  readonly name: string;
  /** This candidate's identity (unique per process). */
  readonly identity: string;
  /** How long a lease is valid without renewal (default 15 s). */
  readonly leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before it steps down (default 10 s). */
  readonly renewDeadlineMs?: number;
  /** Interval of attempts (default 2 s). */
  readonly retryPeriodMs?: number;
  readonly onStartedLeading: () => void;
  readonly onStoppedLeading: () => void;
  readonly logger?: Logger;
}

function microTime(date: Date): string {
  return date.toISOString().replace("Z", "000Z");
}

/** Runs for leadership until stopped. */
export class LeaderElector {
  readonly #leases: ResourceClient<Lease>;
  readonly #options: LeaderElectionOptions;
  readonly #logger: Logger;
  readonly #abort = new AbortController();
  #leading = false;
  #lastRenew = 0;
  #running: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(leases: ResourceClient<Lease>, options: LeaderElectionOptions) {
    this.#leases = leases;
    this.#options = options;
    this.#logger = options.logger ?? createLogger("leader-election");
  }

  /** True while this candidate leads. */
  get isLeader(): boolean {
    return this.#leading;
  }

  /** Starts campaigning. */
  start(): void {
    this.#running ??= this.#loop();
  }

  /** Stops; a leader releases the lease so another candidate can take it at once. */
  async stop(): Promise<void> {
    this.#abort.abort();
    clearTimeout(this.#timer);
    this.#wake?.();
    await this.#running;
    if (this.#leading) {
      this.#leading = false;
      await this.#release().catch(() => {});
      this.#options.onStoppedLeading();
    }
  }

  async #loop(): Promise<void> {
    const retry = this.#options.retryPeriodMs ?? 2000;
    const deadline = this.#options.renewDeadlineMs ?? 10_000;
    while (!this.#abort.signal.aborted) {
      let held = false;
      try {
        held = await this.#tryAcquireOrRenew();
      } catch (error) {
        this.#logger.debug(1, "lease update failed", { error });
      }
      const now = Date.now();
      if (held) {
        this.#lastRenew = now;
        if (!this.#leading) {
          this.#leading = true;
          this.#logger.info("became leader", {
            lease: this.#options.name,
            identity: this.#options.identity,
          });
          this.#options.onStartedLeading();
        }
      } else if (this.#leading && now - this.#lastRenew > deadline) {
        this.#leading = false;
        this.#logger.info("lost leadership", { lease: this.#options.name });
        this.#options.onStoppedLeading();
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        this.#timer = setTimeout(resolve, retry);
      });
    }
  }

  /** One attempt: true when this candidate holds the lease afterwards. */
  async #tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, name, identity } = this.#options;
    const durationSeconds = Math.ceil((this.#options.leaseDurationMs ?? 15_000) / 1000);
    const now = new Date();
    let lease: Lease;
    try {
      lease = await this.#leases.get(namespace, name);
    } catch (error) {
      if (!(error instanceof ApiStatusError && error.code === 404)) throw error;
      try {
        await this.#leases.create({
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name, namespace },
          spec: {
            holderIdentity: identity,
            leaseDurationSeconds: durationSeconds,
            acquireTime: microTime(now),
            renewTime: microTime(now),
            leaseTransitions: 0,
          },
        });
        return true;
      } catch (createError) {
        if (createError instanceof ApiStatusError && createError.code === 409) return false;
        throw createError;
      }
    }
    const spec = lease.spec ?? {};
    const renewed = spec.renewTime ? Date.parse(spec.renewTime) : 0;
    const expired = renewed + (spec.leaseDurationSeconds ?? durationSeconds) * 1000 < now.getTime();
    const mine = spec.holderIdentity === identity;
    if (!mine && !expired && spec.holderIdentity) return false;
    const next: Lease = {
      ...lease,
      spec: {
        ...spec,
        holderIdentity: identity,
        leaseDurationSeconds: durationSeconds,
        renewTime: microTime(now),
        ...(mine ? {} : {
          acquireTime: microTime(now),
          leaseTransitions: (spec.leaseTransitions ?? 0) + 1,
        }),
      },
    };
    try {
      await this.#leases.update(next); // carries resourceVersion: a compare-and-swap
      return true;
    } catch (error) {
      if (error instanceof ApiStatusError && error.code === 409) return false;
      throw error;
    }
  }

  async #release(): Promise<void> {
    const lease = await this.#leases.get(this.#options.namespace, this.#options.name);
    if (lease.spec?.holderIdentity !== this.#options.identity) return;
    await this.#leases.update({
      ...lease,
      spec: { ...lease.spec, holderIdentity: "", renewTime: microTime(new Date(0)) },
    });
  }
}
