/**
 * The UI's query, kept in the URL fragment so a view can be shared and reloaded: which resource,
 * the GroupBy keys (nested, outermost first) and the Select label selector. The seed's form is
 * `#/groups/<key>/<key>/selector/<selector>` (pods); kubeno adds an optional leading resource:
 * `#/<resource>/groups/name/.node/selector/tier in (web,api)`. Group keys are one path segment
 * each (URI-encoded, so prefixed keys such as `app.kubernetes.io%2Fname` fit); the selector is
 * the whole rest of the fragment after `selector/`, so `/` needs no escaping there.
 *
 * @module
 */

/** The resources the UI shows, in the order of its resource menu. */
export const RESOURCES = [
  "pods",
  "nodes",
  "services",
  "replicationcontrollers",
  "deployments",
  "replicasets",
] as const;

/** One of {@link RESOURCES}. */
export type ResourceName = typeof RESOURCES[number];

/**
 * Group keys that are not labels but fields (a label key never starts with a dot): the seed's
 * "group pods by host" is `.node`.
 */
export const FIELD_KEYS = [".namespace", ".node", ".phase"] as const;

/** What the page shows. */
export interface Query {
  readonly resource: ResourceName;
  /** GroupBy keys, outermost first; label keys or {@link FIELD_KEYS}. */
  readonly groups: readonly string[];
  /** Select: a label selector in the API's string form ("" selects everything). */
  readonly selector: string;
}

/** The query of a bare `/ui/`: every pod, grouped by node (the seed's /groups/host). */
export const DEFAULT_QUERY: Query = { resource: "pods", groups: [".node"], selector: "" };

function isResource(value: string): value is ResourceName {
  return (RESOURCES as readonly string[]).includes(value);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a stray "%" in a hand-typed URL: keep it as typed
  }
}

/**
 * Parses a URL fragment (`#/...`, with or without the `#`). Unknown leading segments are
 * ignored rather than refused, so a mistyped link still shows something; an empty fragment is
 * {@link DEFAULT_QUERY}.
 */
export function parseQuery(fragment: string): Query {
  const raw = fragment.replace(/^#/, "").split("/");
  // The selector is everything after the first "selector" segment (it may contain "/").
  const at = raw.indexOf("selector");
  const head = (at < 0 ? raw : raw.slice(0, at)).filter((s) => s !== "").map(decode);
  const selector = at < 0 ? "" : decode(raw.slice(at + 1).join("/")).trim();
  if (head.length === 0 && at < 0) return DEFAULT_QUERY;
  const resource = head[0] !== undefined && isResource(head[0]) ? head.shift()! : "pods";
  if (head[0] === "groups") head.shift();
  return {
    resource: resource as ResourceName,
    groups: head.filter((key) => key.trim() !== ""),
    selector,
  };
}

/** Encodes a selector for the fragment, leaving its usual characters readable. */
function encodeSelector(selector: string): string {
  return encodeURIComponent(selector).replace(
    /%(2C|3D|21|28|29|2F)/g,
    (escape) => decodeURIComponent(escape),
  );
}

/** The fragment of a query (`#/pods/groups/a/b/selector/x=y`); inverse of {@link parseQuery}. */
export function formatQuery(query: Query): string {
  const groups = query.groups.map((key) => `/${encodeURIComponent(key)}`).join("");
  return `#/${query.resource}/groups${groups}/selector/${encodeSelector(query.selector)}`;
}
