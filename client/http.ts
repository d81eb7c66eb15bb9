/**
 * The HTTP side of the typed client: JSON requests to the API server (trying the next server of
 * several when one cannot be reached), and Kubernetes Status errors as typed exceptions.
 *
 * @module
 */

/** A Kubernetes Status an API call failed with. */
export class ApiStatusError extends Error {
  override name = "ApiStatusError";
  /** The HTTP status code. */
  readonly code: number;
  /** The Status reason ("NotFound", "Conflict", "Expired", ...). */
  readonly reason: string;
  /** The whole Status object. */
  readonly status: Record<string, unknown>;

  constructor(code: number, status: Record<string, unknown>) {
    super(typeof status.message === "string" ? status.message : `HTTP ${code}`);
    this.code = code;
    this.reason = typeof status.reason === "string" ? status.reason : "Unknown";
    this.status = status;
  }
}

/** No API server answered. */
export class ApiUnreachableError extends Error {
  override name = "ApiUnreachableError";
}

/** Options of one request. */
export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

/** A client of one cluster's API servers. */
export class ApiClient {
  readonly #servers: readonly URL[];
  #current = 0;

  /** `servers`: one API server URL or several (tried in turn when one cannot be reached). */
  constructor(servers: readonly (string | URL)[]) {
    if (servers.length === 0) throw new RangeError("ApiClient needs at least one server URL");
    this.#servers = servers.map((server) => new URL(server));
  }

  /** Sends a request and returns the raw response (status checked). */
  async fetch(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this.#servers.length; attempt++) {
      const base = this.#servers[this.#current]!;
      const url = new URL(path, base);
      for (const [key, value] of Object.entries(options.query ?? {})) {
        if (value !== undefined) url.searchParams.set(key, value);
      }
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: {
            accept: "application/json",
            ...(options.body === undefined ? {} : {
              "content-type": options.contentType ?? "application/json",
            }),
          },
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        lastError = error;
        this.#current = (this.#current + 1) % this.#servers.length;
        continue;
      }
      if (response.ok) return response;
      const text = await response.text();
      let status: Record<string, unknown>;
      try {
        status = JSON.parse(text) as Record<string, unknown>;
      } catch {
        status = { message: text, code: response.status };
      }
      throw new ApiStatusError(response.status, status);
    }
    throw new ApiUnreachableError(
      `no API server answered (${this.#servers.join(", ")}): ${String(lastError)}`,
    );
  }

  /** Sends a request and parses the JSON answer. */
  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.fetch(method, path, options);
    return await response.json() as T;
  }
}
