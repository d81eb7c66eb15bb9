/**
 * OpenAPI v3 as kubectl reads it: `/openapi/v3` lists one document per group-version, and each
 * document has the paths (with the PATCH operations tagged by `x-kubernetes-group-version-kind`
 * and carrying a `fieldValidation` parameter, which is what makes kubectl leave validation to
 * the server) and `components.schemas` generated from the schemas in api/ (so `kubectl explain`
 * works).
 *
 * @module
 */
import type { Json } from "../api/json.ts";
import { type OpenApiSchema, toOpenApiV3 } from "../api/schema/openapi.ts";
import { type KindInfo, KINDS, SUBRESOURCE_SCHEMAS } from "../api/types/registry.ts";

function gvPath(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}

function definitionName(kind: KindInfo): string {
  return (kind.schema as { name?: string }).name ?? kind.kind;
}

const QUERY = (name: string, description: string): Json => ({
  name,
  in: "query",
  description,
  schema: { type: "string", uniqueItems: true },
});

const COMMON_WRITE_PARAMS: Json[] = [
  QUERY("dryRun", "When present, indicates that modifications should not be persisted."),
  QUERY(
    "fieldManager",
    "fieldManager is a name associated with the actor or entity that is making these changes.",
  ),
  QUERY(
    "fieldValidation",
    "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn (default), Strict.",
  ),
];

function operation(kind: KindInfo, action: string, ref: string, params: Json[] = []): Json {
  return {
    description: `${action} the specified ${kind.kind}`,
    operationId: `${action}${kind.kind}`,
    parameters: params,
    responses: {
      "200": { description: "OK", content: { "application/json": { schema: { $ref: ref } } } },
    },
    "x-kubernetes-action": action === "read" ? "get" : action === "replace" ? "put" : action,
    "x-kubernetes-group-version-kind": {
      group: kind.group,
      version: kind.version,
      kind: kind.kind,
    },
  };
}

/** The document of one group-version, or undefined when not served. */
export function openApiDocument(group: string, version: string): unknown | undefined {
  const kinds = KINDS.filter((k) => k.group === group && k.version === version);
  if (kinds.length === 0) return undefined;
  const schemas = toOpenApiV3([
    ...kinds.map((k) => k.schema),
    ...kinds.flatMap((k) => k.listSchema ? [k.listSchema] : []),
    ...SUBRESOURCE_SCHEMAS,
  ]);
  const paths: Record<string, Json> = {};
  for (const kind of kinds) {
    const ref = `#/components/schemas/${definitionName(kind)}`;
    const base = `/${gvPath(group, version)}${
      kind.namespaced ? "/namespaces/{namespace}" : ""
    }/${kind.resource}`;
    const patchBody: Json = {
      content: Object.fromEntries(
        [
          "application/json-patch+json",
          "application/merge-patch+json",
          "application/strategic-merge-patch+json",
          "application/apply-patch+yaml",
        ]
          .map((type) => [type, { schema: { type: "object" } }]),
      ),
      required: true,
    };
    paths[base] = {
      get: operation(kind, "list", ref),
      ...(kind.verbs.includes("create")
        ? {
          post: {
            ...(operation(kind, "create", ref, COMMON_WRITE_PARAMS) as object),
            requestBody: { content: { "*/*": { schema: { $ref: ref } } }, required: true },
          },
        }
        : {}),
    };
    if (kind.verbs.includes("get")) {
      paths[`${base}/{name}`] = {
        get: operation(kind, "read", ref),
        put: {
          ...(operation(kind, "replace", ref, COMMON_WRITE_PARAMS) as object),
          requestBody: { content: { "*/*": { schema: { $ref: ref } } }, required: true },
        },
        patch: {
          ...(operation(kind, "patch", ref, [
            ...COMMON_WRITE_PARAMS,
            QUERY("force", 'Force is going to "force" Apply requests.'),
          ]) as object),
          requestBody: patchBody,
        },
        delete: operation(kind, "delete", ref),
      };
    }
  }
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "v1.32.0" },
    paths,
    components: { schemas: schemas as Record<string, OpenApiSchema> },
  };
}

/** A stable hash of a document, for the `?hash=` of its URL. */
async function hashOf(document: unknown): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-512",
    new TextEncoder().encode(JSON.stringify(document)),
  );
  return Array.from(new Uint8Array(digest).slice(0, 32), (b) => b.toString(16).padStart(2, "0"))
    .join("").toUpperCase();
}

/** `GET /openapi/v3`: the list of documents. */
export async function openApiRoot(): Promise<unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const seen = new Set<string>();
  for (const kind of KINDS) {
    const path = gvPath(kind.group, kind.version);
    if (seen.has(path)) continue;
    seen.add(path);
    paths[path] = {
      serverRelativeURL: `/openapi/v3/${path}?hash=${await hashOf(
        openApiDocument(kind.group, kind.version),
      )}`,
    };
  }
  return { paths };
}
