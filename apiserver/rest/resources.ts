/**
 * The REST verbs of one kind over the object store (after kube-apiserver's generic registry):
 * get, list (paged, selectors, Table), watch (from the watch cache, bookmarks, 410), create,
 * update, patch (four types), delete (finalizers, graceful pod deletion, preconditions) and
 * deletecollection, with dryRun=All and fieldValidation, plus the status, scale and binding
 * subresources. Kind-specific rules come in through {@link KindHooks}.
 *
 * @module
 */
import { cloneJson } from "../../api/json.ts";
import { applyDefaults } from "../../api/schema/defaults.ts";
import { type LabelSelector, labelSelectorAsSelector } from "../../api/labels.ts";
import {
  ApplyConflictError,
  fieldManagerOf,
  recordApply,
  recordApplyCreate,
  recordUpdate,
  type WriteContext,
} from "./managed_fields.ts";
import {
  strictDecodingMessage,
  unknownFieldMessage,
  validateShape,
} from "../../api/schema/shape.ts";
import type { KindInfo } from "../../api/types/registry.ts";
import {
  type FieldError,
  invalid as invalidField,
  required as requiredField,
} from "../../api/validation.ts";
import { decodeDocument, decodeObjectBody, mediaType, readBody } from "../body.ts";
import { ApiError, badRequest, conflict, notFound, type ResourceRef } from "../errors.ts";
import { jsonResponse } from "../status.ts";
import { checkPreconditions, encodeContinue, type ObjectStore } from "../storage/object_store.ts";
import type { WatchCache } from "../storage/watch_cache.ts";
import type { ResourceRequest } from "../request_info.ts";
import { invalid } from "./invalid.ts";
import { validateObject } from "../validation/mod.ts";
import {
  type ApiObject,
  defaultTypeAndNamespace,
  nowTimestamp,
  prepareCreate,
  prepareUpdate,
} from "./metadata.ts";
import {
  jsonPatch,
  mergePatch,
  PATCH_TYPES,
  strategicMergePatch,
  unsupportedPatchType,
} from "./patch.ts";
import { selectorFilter } from "./selectors.ts";
import { createServiceAccountToken } from "./service_account_token.ts";
import { requireJsonAcceptable } from "../protobuf/accept.ts";
import { toTable, wantsTable } from "./table.ts";
import { watchResponse } from "./watch_http.ts";
import { podExec } from "./exec.ts";
import { deletionFinalizers, parsePropagation, type PropagationOptions } from "./delete_policy.ts";
import {
  namespaceDeletion,
  namespaceHasFinalizers,
  prepareNamespaceCreate,
  restrictNamespaceUpdate,
} from "../admission/namespaces.ts";

type Json = Parameters<typeof mergePatch>[0];

/**
 * Each stored object's JSON as a list item (without apiVersion and kind), encoded once: objects
 * in the watch cache are immutable and shared by every list, so a list of 30,000 pods costs
 * string joins rather than 30,000 encodings. Entries go with their objects.
 */
const listItemEncodings = new WeakMap<ApiObject, string>();

function listItemJson(object: ApiObject): string {
  let text = listItemEncodings.get(object);
  if (text === undefined) {
    const { apiVersion: _a, kind: _k, ...rest } = object;
    text = JSON.stringify(rest);
    listItemEncodings.set(object, text);
  }
  return text;
}

/** True when a patch document sets metadata.resourceVersion (making it a precondition). */
function patchNamesResourceVersion(patch: Json, media: string): boolean {
  if (media === PATCH_TYPES.json) {
    return Array.isArray(patch) &&
      patch.some((op) =>
        op !== null && typeof op === "object" && !Array.isArray(op) &&
        typeof op.path === "string" &&
        (op.path === "/metadata/resourceVersion" || op.path === "/metadata")
      );
  }
  const metadata = patch !== null && typeof patch === "object" && !Array.isArray(patch)
    ? patch.metadata
    : undefined;
  return metadata !== null && typeof metadata === "object" && !Array.isArray(metadata) &&
    metadata.resourceVersion !== undefined && metadata.resourceVersion !== null;
}

/** Who a write is by, for managedFields: an update, or a server-side apply of `config`. */
interface Writer {
  readonly manager: string;
  /** The subresource written through ("scale"); by default "status" or "" from the part. */
  readonly subresource?: string;
  readonly apply?: { readonly config: ApiObject; readonly force: boolean };
}

/** Kind-specific behaviour the generic handler calls. */
export interface KindHooks {
  /** Semantic validation (after defaulting); `old` on update. */
  validate?(object: ApiObject, old?: ApiObject): FieldError[];
  /** Admission on create (allocations); may throw ApiError. Not called on dryRun side effects. */
  admitCreate?(object: ApiObject, dryRun: boolean): Promise<void>;
  /** Admission on update; may throw ApiError. */
  admitUpdate?(object: ApiObject, old: ApiObject, dryRun: boolean): Promise<void>;
  /** Called after an object is deleted for good (release allocations). */
  afterDelete?(object: ApiObject): Promise<void>;
}

/** What a resource handler needs from the server. */
export interface ResourceDeps {
  readonly store: ObjectStore;
  readonly cache: WatchCache<ApiObject>;
  /**
   * Throws 404 when a namespace does not exist, 403 when it is terminating (admission for
   * namespaced creates of `name` of `resource`).
   */
  readonly requireNamespace: (
    namespace: string,
    resource?: ResourceRef,
    name?: string,
  ) => Promise<void>;
  readonly hooks?: KindHooks;
  /** Bookmark interval for watches (default 60 s). */
  readonly bookmarkMs?: number;
  /** Where a node's kubelet API is (for pods/log). */
  readonly kubeletAddress?: (nodeName: string) => Promise<{ hostname: string; port: number }>;
}

const STATUS_KINDS_WITHOUT_STATUS_SUBRESOURCE = new Set([
  "ConfigMap",
  "Secret",
  "Endpoints",
  "Event",
  "ServiceAccount",
  "Binding",
  "Lease",
  "EndpointSlice",
]);

/** The handler of one kind. */
export class ResourceHandler {
  readonly kind: KindInfo;
  readonly #deps: ResourceDeps;
  readonly #ref: ResourceRef;
  readonly #apiVersion: string;
  readonly #hasStatus: boolean;

  constructor(kind: KindInfo, deps: ResourceDeps) {
    this.kind = kind;
    this.#deps = deps;
    this.#ref = { resource: kind.resource, group: kind.group };
    this.#apiVersion = kind.group === "" ? kind.version : `${kind.group}/${kind.version}`;
    this.#hasStatus = kind.subresources.some((sub) => sub.name === "status") &&
      !STATUS_KINDS_WITHOUT_STATUS_SUBRESOURCE.has(kind.kind);
  }

  /** The key prefix of this kind's objects (all namespaces). */
  get prefix(): string {
    return this.kind.group === ""
      ? `/registry/${this.kind.resource}/`
      : `/registry/${this.kind.group}/${this.kind.resource}/`;
  }

  /** The key of one object. */
  key(namespace: string | undefined, name: string): string {
    return this.kind.namespaced ? `${this.prefix}${namespace}/${name}` : `${this.prefix}${name}`;
  }

  /** Answers one request for this kind. */
  async handle(request: Request, info: ResourceRequest, url: URL): Promise<Response> {
    const params = url.searchParams;
    requireJsonAcceptable(request);
    if (this.kind.namespaced && info.namespace === undefined && info.name !== undefined) {
      throw notFound(this.#ref, info.name);
    }
    if (info.subresource !== undefined) return await this.#subresource(request, info, params);
    switch (info.verb) {
      case "get":
        return this.#render(request, await this.get(info.namespace, info.name!), params);
      case "list":
        return await this.#list(request, info, params);
      case "watch":
        return this.#watch(request, info, params);
      case "create":
        return await this.#create(request, info, params);
      case "update":
        return await this.#update(request, info, params, "main");
      case "patch":
        return await this.#patch(request, info, params, "main");
      case "delete":
        return await this.#delete(request, info, params);
      case "deletecollection":
        return await this.#deleteCollection(request, info, params);
      default:
        throw new ApiError(
          "MethodNotAllowed",
          405,
          `${request.method} is not supported on ${this.kind.resource}`,
        );
    }
  }

  /**
   * True when a list can be served from the watch cache: a first page (no continue token) of
   * a consistent list (no resourceVersion: the cache must hold every write up to the store's
   * current revision) or a not-older-than list (resourceVersion N, Exact not asked), once the
   * cache has caught up; false sends the list to the store.
   */
  async #cacheServes(rv: string, params: URLSearchParams): Promise<boolean> {
    if (params.get("continue") || params.get("resourceVersionMatch") === "Exact") return false;
    if (rv !== "" && !/^\d+$/.test(rv)) return false;
    const target = rv === "" ? await this.#deps.store.currentRevision() : Number(rv);
    return await this.#deps.cache.waitCurrent(target);
  }

  /** Every object of this kind (a linearizable read of the store). */
  async listAll(): Promise<{ items: ApiObject[]; revision: number }> {
    return await this.#deps.store.list<ApiObject>(this.prefix);
  }

  /** Reads one object (with apiVersion and kind). */
  async get(namespace: string | undefined, name: string): Promise<ApiObject> {
    return this.#typed(
      await this.#deps.store.get<ApiObject>(this.#ref, this.key(namespace, name), name),
    );
  }

  /** A copy of the watch cache's object (typed), or undefined when the cache has none. */
  #cachedCopy(namespace: string | undefined, name: string): ApiObject | undefined {
    const cached = this.#deps.cache.get(namespace ?? "", name);
    return cached === undefined ? undefined : this.#typed(cloneJson(cached));
  }

  #typed(object: ApiObject): ApiObject {
    return { apiVersion: this.#apiVersion, kind: this.kind.kind, ...object };
  }

  #render(request: Request, object: ApiObject, params: URLSearchParams, status = 200): Response {
    if (wantsTable(request.headers.get("accept"))) {
      const include = (params.get("includeObject") ?? "Metadata") as "None" | "Metadata" | "Object";
      return jsonResponse(
        toTable(
          this.kind.resource,
          [object],
          { resourceVersion: object.metadata.resourceVersion },
          include,
        ),
        status,
      );
    }
    return jsonResponse(object, status);
  }

  async #list(request: Request, info: ResourceRequest, params: URLSearchParams): Promise<Response> {
    const filter = selectorFilter(this.kind.resource, params);
    const limit = Number(params.get("limit") ?? "0") || 0;
    const rv = params.get("resourceVersion") ?? "";
    const prefix = info.namespace === undefined ? this.prefix : `${this.prefix}${info.namespace}/`;
    let items: ApiObject[];
    let meta: Record<string, unknown>;
    if (rv === "0" && !params.get("continue")) {
      const snapshot = this.#deps.cache.snapshot(info.namespace, filter.labelHint);
      items = snapshot.items.filter(filter);
      meta = { resourceVersion: String(snapshot.revision) };
    } else if (await this.#cacheServes(rv, params)) {
      // A consistent list served from memory: no store range, no decoding of every object.
      const snapshot = this.#deps.cache.snapshot(info.namespace, filter.labelHint);
      const all = snapshot.items.filter(filter);
      items = limit > 0 ? all.slice(0, limit) : all;
      const last = items[items.length - 1];
      meta = { resourceVersion: String(snapshot.revision) };
      if (last !== undefined && items.length < all.length) {
        // Later pages are read from the store at the same revision.
        const start = this.key(last.metadata.namespace, last.metadata.name!) + "\0";
        meta.continue = encodeContinue(start, snapshot.revision);
        meta.remainingItemCount = all.length - items.length;
      }
    } else {
      const page = await this.#deps.store.list<ApiObject>(prefix, {
        ...(limit > 0 ? { limit } : {}),
        ...(params.get("continue") ? { continue: params.get("continue")! } : {}),
        ...(rv !== "" && rv !== "0" && params.get("resourceVersionMatch") === "Exact"
          ? { revision: Number(rv) }
          : {}),
      });
      items = page.items.filter(filter);
      meta = {
        resourceVersion: String(page.revision),
        ...(page.continue === undefined ? {} : { continue: page.continue }),
        ...(page.remainingItemCount === undefined || items.length !== page.items.length
          ? {}
          : { remainingItemCount: page.remainingItemCount }),
      };
    }
    if (wantsTable(request.headers.get("accept"))) {
      const include = (params.get("includeObject") ?? "Metadata") as "None" | "Metadata" | "Object";
      return jsonResponse(
        toTable(this.kind.resource, items.map((o) => this.#typed(o)), meta, include),
      );
    }
    // The same text as JSON.stringify of the list, built from each item's cached encoding.
    const head = JSON.stringify({
      kind: this.kind.listKind ?? `${this.kind.kind}List`,
      apiVersion: this.#apiVersion,
      metadata: meta,
    });
    return new Response(`${head.slice(0, -1)},"items":[${items.map(listItemJson).join(",")}]}`, {
      headers: { "content-type": "application/json" },
    });
  }

  #watch(request: Request, info: ResourceRequest, params: URLSearchParams): Response {
    const filter = selectorFilter(this.kind.resource, params);
    const namespaceFilter = (o: ApiObject) =>
      (info.namespace === undefined || o.metadata.namespace === info.namespace) &&
      (info.name === undefined || o.metadata.name === info.name) && filter(o);
    const rv = params.get("resourceVersion") ?? "";
    const timeoutSeconds = Number(params.get("timeoutSeconds") ?? "0") || 1800;
    return watchResponse({
      request,
      cache: this.#deps.cache,
      fromRevision: rv === "" ? 0 : Number(rv),
      filter: namespaceFilter,
      table: wantsTable(request.headers.get("accept")) ? this.kind.resource : undefined,
      bookmarks: params.get("allowWatchBookmarks") === "true",
      bookmarkMs: this.#deps.bookmarkMs ?? 60_000,
      timeoutMs: timeoutSeconds * 1000,
      typed: (o) => this.#typed(o),
      bookmarkObject: (revision) => ({
        kind: this.kind.kind,
        apiVersion: this.#apiVersion,
        metadata: { resourceVersion: String(revision) },
      }),
    });
  }

  /** Decodes, shape-checks and defaults a body for `verb`; returns it and warnings. */
  async #decode(
    request: Request,
    params: URLSearchParams,
    info: ResourceRequest,
  ): Promise<{ object: ApiObject; warnings: string[] }> {
    const media = mediaType(request);
    const raw = decodeObjectBody(await readBody(request), media) as ApiObject;
    return this.#check(raw, params, info);
  }

  #check(
    raw: ApiObject,
    params: URLSearchParams,
    info: ResourceRequest,
  ): { object: ApiObject; warnings: string[] } {
    defaultTypeAndNamespace(raw, this.#apiVersion, this.kind.kind, info.namespace);
    const shape = validateShape(raw, this.kind.schema);
    if (shape.decodeError !== undefined) {
      throw badRequest(
        `${this.kind.kind} in version "${this.kind.version}" cannot be handled as a ${this.kind.kind}: ${shape.decodeError}`,
      );
    }
    if (shape.errors.length > 0) {
      throw invalid(this.kind.kind, this.kind.group, raw.metadata?.name ?? "", shape.errors);
    }
    const mode = params.get("fieldValidation") ?? "Warn";
    if (!["Strict", "Warn", "Ignore", ""].includes(mode)) {
      throw badRequest(
        `fieldValidation must be one of "Ignore", "Warn", or "Strict", got ${JSON.stringify(mode)}`,
      );
    }
    const warnings: string[] = [];
    if (shape.unknown.length > 0) {
      if (mode === "Strict") throw badRequest(strictDecodingMessage(shape.unknown));
      if (mode !== "Ignore") warnings.push(...shape.unknown.map(unknownFieldMessage));
    }
    applyDefaults(raw, this.kind.schema);
    return { object: raw, warnings };
  }

  #validate(object: ApiObject, old?: ApiObject): void {
    const errors = [
      ...validateObject(this.kind.kind, object, old),
      ...(this.#deps.hooks?.validate?.(object, old) ?? []),
    ];
    if (errors.length > 0) {
      throw invalid(this.kind.kind, this.kind.group, object.metadata.name ?? "", errors);
    }
  }

  async #create(
    request: Request,
    info: ResourceRequest,
    params: URLSearchParams,
  ): Promise<Response> {
    const { object, warnings } = await this.#decode(request, params, info);
    return await this.createObject(object, info, params, warnings, request);
  }

  /** Creates a decoded, defaulted object (also the server-side apply create path). */
  async createObject(
    object: ApiObject,
    info: ResourceRequest,
    params: URLSearchParams,
    warnings: string[],
    request: Request,
    applied?: ApiObject,
  ): Promise<Response> {
    const errors = prepareCreate(object);
    if (errors.length > 0) {
      throw invalid(this.kind.kind, this.kind.group, object.metadata.name ?? "", errors);
    }
    const ctx = this.#writeContext(fieldManagerOf(params, request, applied !== undefined), "");
    if (applied === undefined) recordUpdate(undefined, object, ctx);
    else recordApplyCreate(object, applied, ctx);
    if (this.kind.namespaced) {
      await this.#deps.requireNamespace(info.namespace ?? "", this.#ref, object.metadata.name);
    }
    if (this.kind.kind === "Namespace") prepareNamespaceCreate(object);
    this.#validate(object);
    const dryRun = params.getAll("dryRun").includes("All");
    await this.#deps.hooks?.admitCreate?.(object, dryRun);
    const created = dryRun ? object : await this.#deps.store.create(
      this.#ref,
      this.key(object.metadata.namespace, object.metadata.name!),
      object,
    );
    return withWarnings(this.#render(request, this.#typed(created), params, 201), warnings);
  }

  /** Who a write is recorded for in managedFields. */
  #writeContext(manager: string, subresource: string): WriteContext {
    const { group, version } = this.kind;
    return {
      manager,
      apiVersion: group === "" ? version : `${group}/${version}`,
      subresource,
      schema: this.kind.schema,
      now: nowTimestamp(),
    };
  }

  /** Writes `next` over `old` after the update rules; `part` says which part may change. */
  async #write(
    next: ApiObject,
    old: ApiObject,
    part: "main" | "status" | "finalize",
    params: URLSearchParams,
    expectedRevision: number | undefined,
    writer?: Writer,
  ): Promise<ApiObject> {
    prepareUpdate(next, old);
    if (this.kind.kind === "Namespace") next = restrictNamespaceUpdate(next, old, part);
    if (this.#hasStatus && part !== "finalize") {
      if (part === "main") next.status = old.status as never;
      else {
        // A status update changes status only (and metadata labels/annotations are ignored).
        const status = next.status;
        next = { ...cloneJson(old), status };
      }
      if (next.status === undefined) delete next.status;
    }
    if (writer !== undefined) {
      const ctx = this.#writeContext(
        writer.manager,
        writer.subresource ?? (part === "status" ? "status" : ""),
      );
      if (writer.apply === undefined) recordUpdate(old, next, ctx);
      else next = recordApply(old, writer.apply.config, next, ctx, writer.apply.force);
    }
    if (
      old.metadata.deletionTimestamp !== undefined &&
      (next.metadata.finalizers ?? []).length === 0 && !this.#awaitsKubelet(old) &&
      !(this.kind.kind === "Namespace" && namespaceHasFinalizers(next))
    ) {
      // The last finalizer went away: the object is deleted for good.
      if (!params.getAll("dryRun").includes("All")) {
        const gone = await this.#deps.store.delete<ApiObject>(
          this.#ref,
          this.key(old.metadata.namespace, old.metadata.name!),
          old.metadata.name!,
          { resourceVersion: old.metadata.resourceVersion! },
        );
        await this.#deps.hooks?.afterDelete?.(gone);
      }
      return next;
    }
    this.#validate(next, old);
    const dryRun = params.getAll("dryRun").includes("All");
    await this.#deps.hooks?.admitUpdate?.(next, old, dryRun);
    if (dryRun) return next;
    return await this.#deps.store.update(
      this.#ref,
      this.key(old.metadata.namespace, old.metadata.name!),
      next,
      expectedRevision,
    );
  }

  async #update(
    request: Request,
    info: ResourceRequest,
    params: URLSearchParams,
    part: "main" | "status" | "finalize",
  ): Promise<Response> {
    const { object, warnings } = await this.#decode(request, params, info);
    if (object.metadata.name !== undefined && object.metadata.name !== info.name) {
      throw badRequest(
        `the name of the object (${object.metadata.name}) does not match the name on the URL (${info.name})`,
      );
    }
    object.metadata.name = info.name!;
    const rv = object.metadata.resourceVersion;
    const old = await this.get(info.namespace, info.name!);
    if (rv !== undefined && rv !== "" && rv !== old.metadata.resourceVersion) {
      throw conflict(this.#ref, info.name!);
    }
    const written = await this.#write(
      object,
      old,
      part,
      params,
      Number(old.metadata.resourceVersion),
      { manager: fieldManagerOf(params, request, false) },
    );
    return withWarnings(this.#render(request, this.#typed(written), params), warnings);
  }

  async #patch(
    request: Request,
    info: ResourceRequest,
    params: URLSearchParams,
    part: "main" | "status" | "finalize",
  ): Promise<Response> {
    const media = mediaType(request);
    const body = await readBody(request);
    const patch = decodeDocument(
      body,
      media === PATCH_TYPES.apply ? "application/yaml" : "application/json",
    ) as Json;
    const name = info.name!;
    const isApply = media === PATCH_TYPES.apply;
    if (params.has("force") && !isApply) {
      throw badRequest("force: Forbidden: may not be specified for non-apply patch");
    }
    const manager = fieldManagerOf(params, request, isApply);
    const requestedVersion = patchNamesResourceVersion(patch, media);
    // The applied configuration as sent: defaulting must not make defaults the applier's.
    const applied = isApply ? cloneJson(patch) as unknown as ApiObject : undefined;
    const writer: Writer = applied === undefined
      ? { manager }
      : { manager, apply: { config: applied, force: params.get("force") === "true" } };
    // The first attempt starts from the watch cache's copy (kube-apiserver's cached existing
    // object): no store read. Any failure of an attempt that started there is retried from the
    // store, since a lagging copy can make a write look conflicting, gone or invalid.
    let fromCache = !params.getAll("dryRun").includes("All");
    for (let attempt = 0; attempt < 100; attempt++) {
      const cached = fromCache ? this.#cachedCopy(info.namespace, name) : undefined;
      fromCache = false;
      let old: ApiObject;
      try {
        old = cached ?? await this.get(info.namespace, name);
      } catch (error) {
        if (
          media === PATCH_TYPES.apply && error instanceof ApiError && error.code === 404 &&
          part === "main"
        ) {
          const { object, warnings } = this.#check(patch as ApiObject, params, info);
          return await this.createObject(object, info, params, warnings, request, applied);
        }
        throw error;
      }
      let rv: string | undefined;
      try {
        const { object, warnings } = this.#check(this.#applyPatch(media, old, patch), params, info);
        // A resourceVersion is a precondition only when the patch itself names one; otherwise
        // the patched object carries the stored one and a concurrent write is retried below.
        rv = requestedVersion ? object.metadata.resourceVersion : undefined;
        if (rv !== undefined && rv !== "" && rv !== old.metadata.resourceVersion) {
          throw conflict(this.#ref, name);
        }
        object.metadata.name = name;
        const written = await this.#write(
          object,
          old,
          part,
          params,
          Number(old.metadata.resourceVersion),
          writer,
        );
        return withWarnings(this.#render(request, this.#typed(written), params), warnings);
      } catch (error) {
        // Whatever went wrong with a cached copy is judged again on the stored object.
        if (cached !== undefined && error instanceof ApiError) continue;
        // Without a resourceVersion in the patch, a concurrent write is retried on the new state
        // (an apply that conflicts with other managers' fields is final).
        if (
          error instanceof ApiError && error.reason === "Conflict" &&
          !(error instanceof ApplyConflictError) && (rv === undefined || rv === "")
        ) continue;
        throw error;
      }
    }
    throw conflict(this.#ref, name, "too many concurrent writers; please try again");
  }

  /** `patch` (of media type `media`) applied to `old`, which is left as it was. */
  #applyPatch(media: string, old: ApiObject, patch: Json): ApiObject {
    switch (media) {
      case PATCH_TYPES.json:
        return jsonPatch(old as Json, patch) as ApiObject;
      case PATCH_TYPES.merge:
        return mergePatch(cloneJson(old) as Json, patch) as ApiObject;
      case PATCH_TYPES.strategic:
      case PATCH_TYPES.apply:
        return strategicMergePatch(old as Json, patch, this.kind.schema) as ApiObject;
      default:
        throw unsupportedPatchType(media);
    }
  }

  /** True for a pod bound to a node whose kubelet must confirm its deletion. */
  #awaitsKubelet(object: ApiObject): boolean {
    return this.kind.kind === "Pod" &&
      typeof (object.spec as { nodeName?: string } | undefined)?.nodeName === "string" &&
      (object.metadata.deletionGracePeriodSeconds ?? 0) > 0;
  }

  async #delete(
    request: Request,
    info: ResourceRequest,
    params: URLSearchParams,
  ): Promise<Response> {
    const options = await deleteOptions(request, params);
    const name = info.name!;
    const key = this.key(info.namespace, name);
    const dryRun = options.dryRun.includes("All");
    for (let attempt = 0; attempt < 100; attempt++) {
      const current = await this.get(info.namespace, name);
      const pre = options.preconditions;
      checkPreconditions(this.#ref, name, current, pre);
      const grace = this.#gracePeriod(current, options.gracePeriodSeconds);
      // The garbage collector's finalizers (orphan, foregroundDeletion) per propagationPolicy.
      const gcFinalizers = deletionFinalizers(current.metadata.finalizers ?? [], options);
      const finalizers = gcFinalizers ?? current.metadata.finalizers ?? [];
      // What to write instead of deleting now (graceful or finalized deletion), if anything.
      let next: ApiObject | undefined;
      if (this.kind.kind === "Namespace") {
        next = namespaceDeletion(current, gcFinalizers);
      } else if (finalizers.length > 0 || grace > 0) {
        // Graceful: mark, and let the finalizers' owners (or the kubelet) finish the deletion.
        if (
          current.metadata.deletionTimestamp !== undefined && gcFinalizers === undefined &&
          grace >= (current.metadata.deletionGracePeriodSeconds ?? 0) && finalizers.length > 0
        ) {
          return this.#render(request, current, params);
        }
        next = cloneJson(current);
        if (gcFinalizers !== undefined) next.metadata.finalizers = gcFinalizers;
        if (
          next.metadata.deletionTimestamp === undefined ||
          grace < (next.metadata.deletionGracePeriodSeconds ?? Infinity)
        ) {
          next.metadata.deletionTimestamp = nowTimestamp(new Date(Date.now() + grace * 1000));
          next.metadata.deletionGracePeriodSeconds = grace;
        }
        // No grace and no finalizers left: deleted at once below.
        if (grace === 0 && finalizers.length === 0) next = undefined;
      }
      if (next === current) return this.#render(request, current, params);
      if (next !== undefined) {
        if (dryRun) return this.#render(request, next, params);
        try {
          const written = await this.#deps.store.update(
            this.#ref,
            key,
            next,
            Number(current.metadata.resourceVersion),
          );
          return this.#render(request, this.#typed(written), params);
        } catch (error) {
          if (error instanceof ApiError && error.reason === "Conflict") continue;
          throw error;
        }
      }
      if (dryRun) return this.#render(request, current, params);
      try {
        const deleted = await this.#deps.store.delete<ApiObject>(this.#ref, key, name, {
          resourceVersion: current.metadata.resourceVersion!,
        });
        await this.#deps.hooks?.afterDelete?.(deleted);
        return this.#render(request, this.#typed(deleted), params);
      } catch (error) {
        if (
          error instanceof ApiError && error.reason === "Conflict" &&
          pre.resourceVersion === undefined
        ) continue;
        throw error;
      }
    }
    throw conflict(this.#ref, name, "too many concurrent writers; please try again");
  }

  /** The grace period of a delete: pods bound to a node wait for their kubelet. */
  #gracePeriod(object: ApiObject, requested: number | undefined): number {
    if (this.kind.kind !== "Pod") return 0;
    const spec = object.spec as
      | { nodeName?: string; terminationGracePeriodSeconds?: number }
      | undefined;
    if (spec?.nodeName === undefined || spec.nodeName === "") return 0;
    const phase = (object.status as { phase?: string } | undefined)?.phase;
    if (phase === "Succeeded" || phase === "Failed") return 0;
    return Math.max(0, requested ?? spec.terminationGracePeriodSeconds ?? 30);
  }

  async #deleteCollection(
    request: Request,
    info: ResourceRequest,
    params: URLSearchParams,
  ): Promise<Response> {
    const filter = selectorFilter(this.kind.resource, params);
    const prefix = info.namespace === undefined ? this.prefix : `${this.prefix}${info.namespace}/`;
    const page = await this.#deps.store.list<ApiObject>(prefix);
    const doomed = page.items.filter(filter);
    await request.body?.cancel();
    for (const object of doomed) {
      const sub = new Request(request.url, { method: "DELETE" });
      try {
        await this.#delete(sub, {
          ...info,
          verb: "delete",
          name: object.metadata.name!,
          ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
        }, params);
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 404)) throw error;
      }
    }
    return jsonResponse({
      kind: this.kind.listKind ?? `${this.kind.kind}List`,
      apiVersion: this.#apiVersion,
      metadata: { resourceVersion: String(await this.#deps.store.currentRevision()) },
      items: doomed,
    });
  }

  async #subresource(
    request: Request,
    info: ResourceRequest,
    params: URLSearchParams,
  ): Promise<Response> {
    const sub = info.subresource!;
    if (!this.kind.subresources.some((s) => s.name === sub) || info.name === undefined) {
      throw new ApiError("NotFound", 404, "the server could not find the requested resource");
    }
    if (sub === "status") {
      if (info.verb === "get") {
        return this.#render(request, await this.get(info.namespace, info.name), params);
      }
      if (info.verb === "update") return await this.#update(request, info, params, "status");
      if (info.verb === "patch") return await this.#patch(request, info, params, "status");
    }
    if (sub === "scale") return await this.#scale(request, info, params);
    if (sub === "finalize" && info.verb === "update") {
      return await this.#update(request, info, params, "finalize");
    }
    if (sub === "log" && info.verb === "get" && this.kind.kind === "Pod") {
      return await this.#podLog(info, params);
    }
    if (
      (sub === "exec" || sub === "attach") && ["get", "create"].includes(info.verb) &&
      this.kind.kind === "Pod"
    ) {
      const lookup = () => this.get(info.namespace, info.name!);
      return await podExec(request, lookup, params, this.#deps.kubeletAddress, sub);
    }
    if (sub === "binding" && info.verb === "create") return await this.#bind(request, info, params);
    if (sub === "token" && info.verb === "create" && this.kind.kind === "ServiceAccount") {
      const lookup = () => this.get(info.namespace, info.name!);
      return await createServiceAccountToken(request, info.namespace!, info.name!, lookup);
    }
    throw new ApiError(
      "MethodNotAllowed",
      405,
      `${request.method} is not supported on ${this.kind.resource}/${sub}`,
    );
  }

  /** pods/log: checks the pod and container, then streams the log from the node's kubelet. */
  async #podLog(info: ResourceRequest, params: URLSearchParams): Promise<Response> {
    const pod = await this.get(info.namespace, info.name!);
    const spec = (pod.spec ?? {}) as { nodeName?: string; containers?: { name: string }[] };
    const names = (spec.containers ?? []).map((c) => c.name);
    let container = params.get("container") ?? "";
    if (container === "") {
      if (names.length !== 1) {
        throw badRequest(
          `a container name must be specified for pod ${info.name}, choose one of: [${
            names.join(" ")
          }]`,
        );
      }
      container = names[0]!;
    } else if (!names.includes(container)) {
      throw badRequest(`container ${container} is not valid for pod ${info.name}`);
    }
    if (!spec.nodeName) throw badRequest(`pod ${info.name} does not have a host assigned`);
    if (this.#deps.kubeletAddress === undefined) {
      throw new ApiError("ServiceUnavailable", 503, "no kubelet connection is configured");
    }
    const { hostname, port } = await this.#deps.kubeletAddress(spec.nodeName);
    const url = new URL(
      `http://${hostname}:${port}/containerLogs/${encodeURIComponent(info.namespace!)}/${
        encodeURIComponent(info.name!)
      }/${encodeURIComponent(container)}`,
    );
    for (
      const key of ["follow", "tailLines", "sinceSeconds", "timestamps", "previous", "limitBytes"]
    ) {
      const value = params.get(key);
      if (value !== null) url.searchParams.set(key, value);
    }
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new ApiError(
        "InternalError",
        500,
        `Get "${url}": ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!response.ok) {
      const message = (await response.text()).trim();
      throw badRequest(message === "" ? `the kubelet answered ${response.status}` : message);
    }
    return new Response(response.body, { headers: { "content-type": "text/plain" } });
  }

  #scaleOf(object: ApiObject): unknown {
    const spec = (object.spec ?? {}) as { replicas?: number; selector?: unknown };
    const status = (object.status ?? {}) as { replicas?: number };
    // A ReplicationController's selector is a label map; apps/v1's is a LabelSelector.
    const selector = this.kind.kind === "ReplicationController"
      ? labelSelectorAsSelector({ matchLabels: (spec.selector ?? {}) as Record<string, string> })
      : labelSelectorAsSelector(spec.selector as LabelSelector | undefined);
    return {
      kind: "Scale",
      apiVersion: "autoscaling/v1",
      metadata: {
        name: object.metadata.name,
        namespace: object.metadata.namespace,
        uid: object.metadata.uid,
        resourceVersion: object.metadata.resourceVersion,
        creationTimestamp: object.metadata.creationTimestamp,
      },
      spec: { replicas: spec.replicas ?? 0 },
      status: {
        replicas: status.replicas ?? 0,
        selector: selector.toString(),
      },
    };
  }

  async #scale(
    request: Request,
    info: ResourceRequest,
    params: URLSearchParams,
  ): Promise<Response> {
    const name = info.name!;
    if (info.verb === "get") {
      return jsonResponse(this.#scaleOf(await this.get(info.namespace, name)));
    }
    if (info.verb !== "update" && info.verb !== "patch") {
      throw new ApiError(
        "MethodNotAllowed",
        405,
        `${request.method} is not supported on ${this.kind.resource}/scale`,
      );
    }
    const media = mediaType(request);
    const body = decodeDocument(await readBody(request), "application/json") as Json;
    for (let attempt = 0; attempt < 100; attempt++) {
      const old = await this.get(info.namespace, name);
      const current = this.#scaleOf(old) as Json;
      let scale: { spec?: { replicas?: unknown }; metadata?: { resourceVersion?: string } };
      if (info.verb === "update") scale = body as typeof scale;
      else if (media === PATCH_TYPES.json) scale = jsonPatch(current, body) as typeof scale;
      else scale = mergePatch(cloneJson(current), body) as typeof scale;
      const replicas = scale.spec?.replicas;
      if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
        throw invalid("Scale", "autoscaling", name, [
          invalidField("spec.replicas", replicas ?? null, "must be greater than or equal to 0"),
        ]);
      }
      const rv = scale.metadata?.resourceVersion;
      if (rv !== undefined && rv !== "" && rv !== old.metadata.resourceVersion) {
        throw conflict(this.#ref, name);
      }
      const next = cloneJson(old);
      next.spec = { ...(next.spec as object), replicas };
      try {
        const written = await this.#write(
          next,
          old,
          "main",
          params,
          Number(old.metadata.resourceVersion),
          { manager: fieldManagerOf(params, request, false), subresource: "scale" },
        );
        return jsonResponse(this.#scaleOf(this.#typed(written)));
      } catch (error) {
        if (
          error instanceof ApiError && error.reason === "Conflict" &&
          (rv === undefined || rv === "")
        ) continue;
        throw error;
      }
    }
    throw conflict(this.#ref, name, "too many concurrent writers; please try again");
  }

  async #bind(request: Request, info: ResourceRequest, params: URLSearchParams): Promise<Response> {
    const binding = decodeObjectBody(await readBody(request), mediaType(request)) as {
      target?: { name?: string; kind?: string };
    };
    const node = binding.target?.name;
    if (typeof node !== "string" || node === "") {
      throw invalid("Binding", "", info.name!, [requiredField("target.name", "")]);
    }
    const name = info.name!;
    const bindable = (pod: ApiObject) => {
      if (pod.metadata.deletionTimestamp !== undefined) {
        throw conflict(
          this.#ref,
          name,
          `pod ${name} is being deleted, cannot be assigned to a host`,
        );
      }
      const assigned = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
      if (assigned !== undefined && assigned !== "") {
        throw conflict(this.#ref, name, `pod ${name} is already assigned to node "${assigned}"`);
      }
    };
    if (params.getAll("dryRun").includes("All")) {
      // Checked against the stored pod; nothing is written.
      bindable(
        await this.#deps.store.get<ApiObject>(this.#ref, this.key(info.namespace, name), name),
      );
    } else {
      await this.#deps.store.guaranteedUpdate<ApiObject>(
        this.#ref,
        this.key(info.namespace, name),
        name,
        (pod) => {
          bindable(pod);
          pod.spec = { ...(pod.spec ?? {}), nodeName: node };
          return pod;
        },
        this.#deps.cache.get(info.namespace ?? "", name),
      );
    }
    return jsonResponse({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      code: 201,
    }, 201);
  }
}

/** Adds `Warning` headers (kubectl prints them) to a response. */
function withWarnings(response: Response, warnings: readonly string[]): Response {
  for (const warning of warnings) {
    response.headers.append("warning", `299 - ${JSON.stringify(warning)}`);
  }
  return response;
}

interface ParsedDeleteOptions extends PropagationOptions {
  gracePeriodSeconds: number | undefined;
  dryRun: string[];
  preconditions: { uid?: string; resourceVersion?: string };
}

async function deleteOptions(
  request: Request,
  params: URLSearchParams,
): Promise<ParsedDeleteOptions> {
  const body = await readBody(request);
  let options: {
    gracePeriodSeconds?: number;
    dryRun?: string[];
    preconditions?: { uid?: string; resourceVersion?: string };
    propagationPolicy?: unknown;
    orphanDependents?: unknown;
  } = {};
  if (body.length > 0) options = decodeObjectBody(body, mediaType(request)) as typeof options;
  const graceParam = params.get("gracePeriodSeconds");
  const grace = graceParam !== null ? Number(graceParam) : options.gracePeriodSeconds;
  return {
    gracePeriodSeconds: grace === undefined || Number.isNaN(grace) ? undefined : grace,
    dryRun: [...params.getAll("dryRun"), ...(options.dryRun ?? [])],
    preconditions: options.preconditions ?? {},
    ...parsePropagation(
      params.get("propagationPolicy") ?? options.propagationPolicy,
      params.has("orphanDependents")
        ? params.get("orphanDependents") === "true"
        : options.orphanDependents,
    ),
  };
}
