/**
 * The pure arithmetic of Deployments, after kube-controller-manager's
 * `deployment/util/deployment_util.go`, `rolling.go` and `sync.go`: maxSurge/maxUnavailable
 * resolution (percentages rounded up for surge, down for unavailability), how far a rolling
 * update may scale the new ReplicaSet up and the old ones down, proportional scaling of every
 * ReplicaSet when a Deployment is resized mid-rollout, revision and replica annotations,
 * conditions (with ReplicaSets' ReplicaFailure carried over), the pod-template hash, and which
 * old ReplicaSets history cleanup removes.
 *
 * Everything here works on small views ({@link RsView}, {@link DeploymentView}) so it can be
 * unit-tested without an API; `deployment.ts` applies the results. Pure: no I/O, no clock
 * (times are passed in).
 *
 * @module
 */
import { canonicalJson } from "../kubelet/names.ts";

/** The label the controller adds to a ReplicaSet's selector and template. */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
/** A ReplicaSet's (and its Deployment's) revision. */
export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
/** The earlier revisions a rolled-back-to ReplicaSet had, comma-separated. */
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
/** The Deployment's replicas when the ReplicaSet was last scaled. */
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
/** The Deployment's replicas + maxSurge when the ReplicaSet was last scaled. */
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
/** kubectl apply's annotation, never copied from a Deployment to its ReplicaSets. */
const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
/** Longest revision-history annotation, as Kubernetes' maxRevHistoryLengthInChars. */
const MAX_REVISION_HISTORY_CHARS = 2000;

/** An int or a percentage string ("25%"), as intstr.IntOrString. */
export type IntOrPercent = number | string;

/** The ReplicaSet fields the arithmetic reads. */
export interface RsView {
  readonly name: string;
  /** metadata.creationTimestamp (RFC 3339; compares as text). */
  readonly created: string;
  /** spec.replicas. */
  readonly replicas: number;
  /** status.availableReplicas. */
  readonly availableReplicas: number;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The Deployment fields the arithmetic reads. */
export interface DeploymentView {
  readonly replicas: number;
  readonly strategy: "RollingUpdate" | "Recreate";
  readonly maxSurge?: IntOrPercent | undefined;
  readonly maxUnavailable?: IntOrPercent | undefined;
}

/**
 * An int, or a percentage of `total` rounded up or down, as
 * `intstrutil.GetScaledValueFromIntOrPercent`. Throws RangeError for a string that is not a
 * percentage ("invalid value for IntOrString: invalid type: string is not a percentage").
 */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === "number") return value;
  const match = /^(-?\d+)%$/.exec(value);
  if (match === null) {
    throw new RangeError(
      `invalid value for IntOrString: invalid type: string is not a percentage: ${
        JSON.stringify(value)
      }`,
    );
  }
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * maxSurge (rounded up) and maxUnavailable (rounded down) as absolute numbers of `desired`, as
 * `ResolveFenceposts`; when both come out 0, unavailability is 1 so a rollout can progress.
 */
export function resolveFenceposts(
  maxSurge: IntOrPercent | undefined,
  maxUnavailable: IntOrPercent | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** Pods a rolling update may run above `replicas` (0 for Recreate). */
export function maxSurgeOf(d: DeploymentView): number {
  if (d.strategy !== "RollingUpdate") return 0;
  return resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas).surge;
}

/** Pods a rolling update may have unavailable (0 for Recreate; never above `replicas`). */
export function maxUnavailableOf(d: DeploymentView): number {
  if (d.strategy !== "RollingUpdate" || d.replicas === 0) return 0;
  return Math.min(
    resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas).unavailable,
    d.replicas,
  );
}

function sum(rss: readonly RsView[], f: (rs: RsView) => number): number {
  return rss.reduce((total, rs) => total + f(rs), 0);
}

/** Oldest first, ties by name (ReplicaSetsByCreationTimestamp). */
export function byCreation(a: RsView, b: RsView): number {
  return a.created < b.created ? -1 : a.created > b.created ? 1 : a.name.localeCompare(b.name);
}

/** The size a rolling update may give the new ReplicaSet now (`NewRSNewReplicas`). */
export function newRsReplicas(
  d: DeploymentView,
  all: readonly RsView[],
  newRs: RsView,
): number {
  if (d.strategy === "Recreate") return d.replicas;
  const current = sum(all, (rs) => rs.replicas);
  const maxTotal = d.replicas + maxSurgeOf(d);
  if (current >= maxTotal) return newRs.replicas; // cannot scale up: surge used up
  const up = Math.min(maxTotal - current, d.replicas - newRs.replicas);
  return newRs.replicas + up;
}

/**
 * How far a rolling update scales old ReplicaSets down now (`reconcileOldReplicaSets`): first
 * their unavailable pods (oldest ReplicaSet first), then available ones while more than
 * `replicas - maxUnavailable` pods stay available counting the new ReplicaSet's. Returns the
 * new sizes of the ReplicaSets to change (name → replicas), in the order to apply them.
 */
export function oldRsScaleDown(
  d: DeploymentView,
  oldRss: readonly RsView[],
  newRs: RsView | undefined,
): Map<string, number> {
  const sizes = new Map<string, number>();
  const old = oldRss.filter((rs) => rs.replicas > 0).sort(byCreation);
  const all = newRs === undefined ? old : [...old, newRs];
  if (sum(old, (rs) => rs.replicas) === 0) return sizes;
  const minAvailable = d.replicas - maxUnavailableOf(d);
  // A ReplicaSet just scaled down still reports the pods it is deleting as available until its
  // controller catches up: never count more available pods than a ReplicaSet is asked to keep,
  // or a resync on that stale status would scale down again below the availability floor.
  const availableOf = (rs: RsView) => Math.min(rs.availableReplicas, rs.replicas);
  const newUnavailable = newRs === undefined ? 0 : newRs.replicas - availableOf(newRs);
  const maxScaledDown = sum(all, (rs) => rs.replicas) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return sizes;
  // Unhealthy replicas first: removing them costs no availability.
  let cleaned = 0;
  const size = (rs: RsView) => sizes.get(rs.name) ?? rs.replicas;
  for (const rs of old) {
    if (cleaned >= maxScaledDown) break;
    const unhealthy = rs.replicas - availableOf(rs);
    if (unhealthy <= 0) continue;
    const down = Math.min(maxScaledDown - cleaned, unhealthy);
    sizes.set(rs.name, rs.replicas - down);
    cleaned += down;
  }
  // Then available ones, down to the availability floor.
  const available = sum(all, availableOf);
  if (available <= minAvailable) return sizes;
  const toScaleDown = available - minAvailable;
  let scaled = 0;
  for (const rs of old) {
    if (scaled >= toScaleDown) break;
    if (size(rs) === 0) continue;
    const down = Math.min(size(rs), toScaleDown - scaled);
    sizes.set(rs.name, size(rs) - down);
    scaled += down;
  }
  return sizes;
}

/** An annotation as a non-negative integer, or undefined. */
export function intAnnotation(rs: RsView, key: string): number | undefined {
  const value = rs.annotations[key];
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** A ReplicaSet's revision (0 without the annotation). */
export function revisionOf(rs: RsView): number {
  return intAnnotation(rs, REVISION_ANNOTATION) ?? 0;
}

/** Highest revision among `rss` (0 for none). */
export function maxRevision(rss: readonly RsView[]): number {
  return rss.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

/**
 * The ReplicaSet to give all of a resized Deployment's replicas (`FindActiveOrLatest`): the one
 * active ReplicaSet, the newest when none is active, none when several are.
 */
export function findActiveOrLatest(
  newRs: RsView | undefined,
  oldRss: readonly RsView[],
): RsView | undefined {
  const all = newRs === undefined ? [...oldRss] : [...oldRss, newRs];
  const active = all.filter((rs) => rs.replicas > 0);
  if (active.length === 1) return active[0];
  if (active.length > 1) return undefined;
  return newRs ?? [...oldRss].sort(byCreation).at(-1);
}

/** The new ReplicaSet has all the Deployment's replicas, available (`IsSaturated`). */
export function isSaturated(d: DeploymentView, newRs: RsView | undefined): boolean {
  return newRs !== undefined &&
    intAnnotation(newRs, DESIRED_REPLICAS_ANNOTATION) === d.replicas &&
    newRs.replicas === d.replicas && newRs.availableReplicas === d.replicas;
}

/** Go's math.Round: half away from zero. */
function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * New sizes when a Deployment with several active ReplicaSets is resized (`scale`'s rolling
 * branch): each ReplicaSet grows or shrinks in proportion to its size against the
 * Deployment's previous maximum (its max-replicas annotation, else `statusReplicas`), the
 * leftover going to the largest (newest on ties when scaling up, oldest when scaling down).
 * Returns name → replicas for every active ReplicaSet, and "up", "down" or "" for the Events.
 */
export function proportionalSizes(
  d: DeploymentView,
  active: readonly RsView[],
  statusReplicas: number,
): { sizes: Map<string, number>; operation: "up" | "down" | "" } {
  const total = sum(active, (rs) => rs.replicas);
  const allowed = d.replicas > 0 ? d.replicas + maxSurgeOf(d) : 0;
  const toAdd = allowed - total;
  const operation = toAdd > 0 ? "up" : toAdd < 0 ? "down" : "";
  // Largest first; ties newest first when scaling up, oldest first when scaling down.
  const sorted = [...active].sort((a, b) =>
    b.replicas - a.replicas || (operation === "up" ? -byCreation(a, b) : byCreation(a, b))
  );
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of sorted) {
    let proportion = 0;
    if (toAdd !== 0 && rs.replicas !== 0 && toAdd !== added) {
      const fraction = rsFraction(rs, d, statusReplicas);
      const remaining = toAdd - added;
      proportion = toAdd > 0 ? Math.min(fraction, remaining) : Math.max(fraction, remaining);
    }
    sizes.set(rs.name, rs.replicas + proportion);
    added += proportion;
  }
  const first = sorted[0];
  if (first !== undefined && toAdd !== 0) {
    sizes.set(first.name, Math.max(0, sizes.get(first.name)! + toAdd - added));
  }
  return { sizes, operation };
}

/** How many replicas `rs` gains or loses in a proportional resize (`getReplicaSetFraction`). */
function rsFraction(rs: RsView, d: DeploymentView, statusReplicas: number): number {
  if (d.replicas === 0) return -rs.replicas;
  const maxReplicas = d.replicas + maxSurgeOf(d);
  let before = intAnnotation(rs, MAX_REPLICAS_ANNOTATION) ?? 0;
  // Without the annotation (a ReplicaSet scaled by hand), the Deployment's current size.
  if (before === 0) before = statusReplicas;
  if (before === 0) return 0;
  return roundHalfAway((rs.replicas * maxReplicas) / before) - rs.replicas;
}

/**
 * The annotations a Deployment's new ReplicaSet should have (`SetNewReplicaSetAnnotations`):
 * the Deployment's own (minus revision, history, replica counts and last-applied), the new
 * revision when higher than the current one (the old one moving to revision-history: a
 * rollback to this ReplicaSet), and for a ReplicaSet about to be created the desired and max
 * replicas. Returns the annotations and whether they changed.
 */
export function newRsAnnotations(
  deploymentAnnotations: Readonly<Record<string, string>>,
  rsAnnotations: Readonly<Record<string, string>>,
  newRevision: number,
  creating: { replicas: number; maxReplicas: number } | undefined,
): { annotations: Record<string, string>; changed: boolean } {
  const annotations = { ...rsAnnotations };
  let changed = false;
  const skip = new Set([
    LAST_APPLIED_ANNOTATION,
    REVISION_ANNOTATION,
    REVISION_HISTORY_ANNOTATION,
    DESIRED_REPLICAS_ANNOTATION,
    MAX_REPLICAS_ANNOTATION,
  ]);
  for (const [key, value] of Object.entries(deploymentAnnotations)) {
    if (skip.has(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  const oldText = annotations[REVISION_ANNOTATION];
  const oldRevision = oldText === undefined || oldText === "" ? 0 : Number(oldText);
  if (!Number.isInteger(oldRevision)) return { annotations, changed };
  if (oldRevision < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldText !== undefined && oldText !== "") {
      const history = annotations[REVISION_HISTORY_ANNOTATION] ?? "";
      let revisions = history === "" ? [] : history.split(",");
      revisions.push(oldText);
      while (revisions.join(",").length > MAX_REVISION_HISTORY_CHARS) {
        revisions = revisions.slice(1);
      }
      annotations[REVISION_HISTORY_ANNOTATION] = revisions.join(",");
    }
  }
  if (creating !== undefined) {
    changed = setReplicaAnnotations(annotations, creating.replicas, creating.maxReplicas) ||
      changed;
  }
  return { annotations, changed };
}

/** Sets desired-replicas and max-replicas in `annotations`; true when they changed. */
export function setReplicaAnnotations(
  annotations: Record<string, string>,
  desired: number,
  max: number,
): boolean {
  let changed = false;
  for (
    const [key, value] of [[DESIRED_REPLICAS_ANNOTATION, desired], [
      MAX_REPLICAS_ANNOTATION,
      max,
    ]] as const
  ) {
    if (annotations[key] !== String(value)) {
      annotations[key] = String(value);
      changed = true;
    }
  }
  return changed;
}

/**
 * Old ReplicaSets history cleanup deletes (`cleanupDeployment`): beyond `limit`, the lowest
 * revisions first, only those scaled to zero with no pods left and their status up to date.
 */
export function historyToDelete<T extends RsView & { readonly deletable: boolean }>(
  oldRss: readonly T[],
  limit: number,
): T[] {
  const diff = oldRss.length - limit;
  if (diff <= 0) return [];
  const sorted = [...oldRss].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  return sorted.slice(0, diff).filter((rs) => rs.deletable);
}

/**
 * A value without nulls, empty objects and empty arrays, recursively: Kubernetes compares and
 * hashes templates as Go structs, where those are all the zero value (`creationTimestamp:
 * null`, which kubectl's rollback sends, is the same as no creationTimestamp).
 */
export function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(pruneEmpty).filter((v) => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [k, pruneEmpty(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value === null ? undefined : value;
}

/** Canonical JSON of a template as Kubernetes would see it (see {@link pruneEmpty}). */
function semanticJson(value: unknown): string {
  return canonicalJson(pruneEmpty(value) ?? {});
}

/** The alphabet of Kubernetes' `rand.SafeEncodeString` (no vowels, no look-alikes). */
const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/**
 * The pod-template hash (`controller.ComputeHash`): FNV-1a (32 bit) over the template (here its
 * canonical JSON; Kubernetes hashes Go's printed form, so values differ but look alike) and the
 * collision count, printed in decimal and mapped onto the safe alphabet.
 */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  const bytes = [...new TextEncoder().encode(semanticJson(template))];
  if (collisionCount !== undefined) {
    const count = collisionCount >>> 0;
    bytes.push(count & 0xff, (count >>> 8) & 0xff, (count >>> 16) & 0xff, (count >>> 24) & 0xff);
  }
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return [...String(hash >>> 0)].map((c) => SAFE_ALPHABET[c.charCodeAt(0) % SAFE_ALPHABET.length])
    .join("");
}

/** A pod template without the pod-template-hash label (to compare templates, `EqualIgnoreHash`). */
export function withoutHash(template: unknown): unknown {
  const copy = structuredClone(
    (template ?? {}) as { metadata?: { labels?: Record<string, string> } },
  );
  if (copy.metadata?.labels !== undefined) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  return copy;
}

/** Two pod templates are equal but for the hash label. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return semanticJson(withoutHash(a)) === semanticJson(withoutHash(b));
}

/** A DeploymentCondition (times are RFC 3339 strings). */
export interface DeploymentCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

/** Progressing / Available condition types and reasons, as Kubernetes names them. */
export const CONDITION = {
  progressing: "Progressing",
  available: "Available",
  replicaFailure: "ReplicaFailure",
  newRsAvailable: "NewReplicaSetAvailable",
  rsUpdated: "ReplicaSetUpdated",
  newRsCreated: "NewReplicaSetCreated",
  foundNewRs: "FoundNewReplicaSet",
  timedOut: "ProgressDeadlineExceeded",
  failedRsCreate: "ReplicaSetCreateError",
  paused: "DeploymentPaused",
  resumed: "DeploymentResumed",
  minAvailable: "MinimumReplicasAvailable",
  minUnavailable: "MinimumReplicasUnavailable",
} as const;

/** A condition stamped `now`. */
export function newCondition(
  type: string,
  status: DeploymentCondition["status"],
  reason: string,
  message: string,
  now: string,
): DeploymentCondition {
  return { type, status, reason, message, lastUpdateTime: now, lastTransitionTime: now };
}

/**
 * Sets `condition` in `conditions` (`SetDeploymentCondition`): no change when status and
 * reason are the same; lastTransitionTime kept when only the reason changes.
 */
export function setCondition(
  conditions: DeploymentCondition[],
  condition: DeploymentCondition,
): DeploymentCondition[] {
  const current = conditions.find((c) => c.type === condition.type);
  if (
    current !== undefined && current.status === condition.status &&
    current.reason === condition.reason
  ) return conditions;
  const next = { ...condition };
  if (current !== undefined && current.status === condition.status) {
    next.lastTransitionTime = current.lastTransitionTime;
  }
  return [...conditions.filter((c) => c.type !== condition.type), next];
}

/** A ReplicaSetCondition (no lastUpdateTime; times are RFC 3339 strings). */
export interface RsCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
}

/**
 * The ReplicaFailure condition a Deployment carries over from its ReplicaSets
 * (`getReplicaFailures` + `ReplicaSetToDeploymentCondition`): the new ReplicaSet's if it has
 * one, else the first among all of them (`all`, in the caller's order); its lastUpdateTime is
 * the ReplicaSet condition's lastTransitionTime. Undefined when none has one: the Deployment's
 * goes then.
 */
export function replicaFailureOf(
  newRs: readonly RsCondition[] | undefined,
  all: readonly (readonly RsCondition[] | undefined)[],
): DeploymentCondition | undefined {
  const failure = (newRs ?? []).find((c) => c.type === CONDITION.replicaFailure) ??
    all.flatMap((conditions) => conditions ?? []).find((c) => c.type === CONDITION.replicaFailure);
  if (failure === undefined) return undefined;
  const status = failure.status === "True" || failure.status === "False"
    ? failure.status
    : "Unknown";
  const time = failure.lastTransitionTime ?? "";
  return {
    type: CONDITION.replicaFailure,
    status,
    reason: failure.reason ?? "",
    message: failure.message ?? "",
    lastUpdateTime: time,
    lastTransitionTime: time,
  };
}

/** The counts of a DeploymentStatus the progress checks compare. */
export interface RolloutCounts {
  readonly replicas: number;
  readonly updatedReplicas: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
  readonly observedGeneration: number;
}

/** The rollout is done: every replica updated and available (`DeploymentComplete`). */
export function rolloutComplete(replicas: number, generation: number, s: RolloutCounts): boolean {
  return s.updatedReplicas === replicas && s.replicas === replicas &&
    s.availableReplicas === replicas && s.observedGeneration >= generation;
}

/** The new status shows progress over the old one (`DeploymentProgressing`). */
export function rolloutProgressed(old: RolloutCounts, next: RolloutCounts): boolean {
  return next.updatedReplicas > old.updatedReplicas ||
    next.replicas - next.updatedReplicas < old.replicas - old.updatedReplicas ||
    next.readyReplicas > old.readyReplicas || next.availableReplicas > old.availableReplicas;
}

/**
 * The Progressing condition has not changed for `deadlineSeconds` (`DeploymentTimedOut`);
 * never for a completed rollout, always once timed out.
 */
export function rolloutTimedOut(
  progressing: DeploymentCondition | undefined,
  deadlineSeconds: number,
  now: number,
): boolean {
  if (progressing === undefined || progressing.reason === CONDITION.newRsAvailable) return false;
  if (progressing.reason === CONDITION.timedOut) return true;
  return Date.parse(progressing.lastUpdateTime) + deadlineSeconds * 1000 < now;
}
