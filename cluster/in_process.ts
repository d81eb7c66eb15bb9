/**
 * Components run inside one process (`kubeno up`, `server`, `agent`), as k3s does: one Deno
 * process for a master and a node together costs a fraction of one process per component
 * (each Deno process holds its own V8 heap and module graph, ~85 MB measured here).
 *
 * Each component's `run()` is the same function its own command uses: it starts, then waits for
 * the process's SIGINT or SIGTERM (`untilSignal`), stops and resolves to an exit code. So one
 * signal stops them all, and a kill -9 of the process leaves no component behind.
 *
 * Invariants:
 * - the group holds its own SIGINT/SIGTERM listener for its whole life, so a signal it raises
 *   itself never falls through to the default action (termination without cleanup);
 * - once stopping, the group raises SIGTERM again every second while a component is still
 *   running: a component that was starting when the first signal came (and so had not listened
 *   yet) gets it too;
 * - a required component that ends before any signal stops the others the same way, and makes
 *   the group's exit code non-zero; an optional one is logged and the rest go on without it.
 *
 * @module
 */
import type { Logger } from "../cli/log.ts";

/** One component run in this process. */
export interface InProcessComponent {
  /** For logs: `scheduler`, `kubelet`... */
  readonly name: string;
  /** Whether the command stops when it fails (the proxy is optional, the kubelet is not). */
  readonly required: boolean;
  /** The component's run function; resolves after SIGINT/SIGTERM to its exit code. */
  run(): Promise<number>;
}

const SIGNALS: readonly Deno.Signal[] = ["SIGINT", "SIGTERM"];

/** How long components get to stop after the first signal before the group gives up. */
const STOP_DEADLINE_MS = 30_000;

/** Components of one command sharing the process's signals. */
export class ComponentGroup {
  readonly #logger: Logger;
  readonly #running = new Map<string, Promise<number>>();
  readonly #listener = () => this.#onSignal();
  #stopping = false;
  #failed = 0;
  #signalled: () => void = () => {};
  readonly #signal: Promise<void>;

  constructor(logger: Logger) {
    this.#logger = logger;
    this.#signal = new Promise((resolve) => (this.#signalled = resolve));
    for (const signal of SIGNALS) Deno.addSignalListener(signal, this.#listener);
  }

  /** Whether a stop was asked for (by a signal or a failed required component). */
  get stopping(): boolean {
    return this.#stopping;
  }

  /** Starts `component` unless the group is already stopping. */
  start(component: InProcessComponent): void {
    if (this.#stopping) return;
    const done = component.run().catch((error) => {
      this.#logger.error("component failed", { component: component.name, error });
      return 1;
    }).then((code) => {
      this.#running.delete(component.name);
      if (this.#stopping) {
        if (code !== 0) this.#failed ||= code;
        return code;
      }
      if (component.required) {
        this.#logger.error("component stopped; stopping the rest", {
          component: component.name,
          code,
        });
        this.#failed ||= code === 0 ? 1 : code;
        this.stop();
      } else {
        this.#logger.warn("component stopped; going on without it", {
          component: component.name,
          code,
        });
      }
      return code;
    });
    this.#running.set(component.name, done);
  }

  /** Stops every component, as a SIGTERM to this process would. */
  stop(): void {
    Deno.kill(Deno.pid, "SIGTERM");
  }

  /** Resolves once a signal came (or {@link stop} was called). */
  signalled(): Promise<void> {
    return this.#signal;
  }

  /**
   * Waits for the first signal, then for every component to stop; resolves to the group's exit
   * code (0, or the first failure's) and releases the signal listeners.
   */
  async wait(): Promise<number> {
    await this.#signal;
    const deadline = Date.now() + STOP_DEADLINE_MS;
    while (this.#running.size > 0) {
      if (Date.now() > deadline) {
        this.#logger.error("components did not stop in time", {
          components: [...this.#running.keys()].join(","),
        });
        this.#failed ||= 1;
        break;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const tick = new Promise((resolve) => (timer = setTimeout(resolve, 1000)));
      await Promise.race([Promise.all(this.#running.values()), tick]);
      clearTimeout(timer);
      // Reaches components that were starting when the first signal came.
      if (this.#running.size > 0) Deno.kill(Deno.pid, "SIGTERM");
    }
    for (const signal of SIGNALS) Deno.removeSignalListener(signal, this.#listener);
    return this.#failed;
  }

  /** Resolves when every component but `except` has stopped (the API server waits for them). */
  async othersStopped(except: string): Promise<void> {
    for (;;) {
      const others = [...this.#running].filter(([name]) => name !== except);
      if (others.length === 0) return;
      await Promise.all(others.map(([, done]) => done));
    }
  }

  #onSignal(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#logger.info("stopping");
    this.#signalled();
  }
}
