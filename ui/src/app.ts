/**
 * The page: a toolbar (resource, GroupBy keys, Select selector), the connection state, and the
 * matching objects as cards in nested groups. The query lives in the URL fragment (see
 * query.ts): the toolbar only rewrites the fragment, and the page follows the fragment, so
 * links, reloads and the browser's back button all show the same view.
 *
 * Many objects: renders are batched (at most one per {@link RENDER_DELAY_MS}), and every group
 * shows its first {@link PAGE} cards or subgroups with a "show more" button for the rest, so
 * the DOM stays small however many pods match.
 *
 * @module
 */
import { Component, type ComponentChildren, h } from "preact";
import type { ApiClient } from "../../client/http.ts";
import type { KubeObject } from "../../client/resources.ts";
import { type CardData, describe, valueOf } from "./describe.ts";
import { type Group, groupBy } from "./groups.ts";
import { LiveList, type LiveState } from "./live.ts";
import { FIELD_KEYS, formatQuery, parseQuery, type Query, RESOURCES } from "./query.ts";

/** Cards (or subgroups) a group shows before its "show more" button; each press adds as many. */
export const PAGE = 60;
/** Watch events arriving together are rendered together, at most this often. */
export const RENDER_DELAY_MS = 100;

/** Props of the {@link App}. */
export interface AppProps {
  readonly api: ApiClient;
}

interface AppState {
  readonly query: Query;
  readonly live: LiveState;
  /** Bumped on every batch of changes: the objects are in the LiveList, not in the state. */
  readonly version: number;
  readonly now: number;
  /** How many children a group (by path) shows, when more than {@link PAGE}. */
  readonly shown: ReadonlyMap<string, number>;
}

/** Splits the GroupBy field ("app, tier .node") into keys. */
function parseKeys(text: string): string[] {
  return text.split(/[\s,]+/).filter((key) => key !== "");
}

/** The page. */
export class App extends Component<AppProps, AppState> {
  #list: LiveList | undefined;
  #renderTimer: ReturnType<typeof setTimeout> | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;
  readonly #onHash = () => this.#follow(parseQuery(location.hash));

  constructor(props: AppProps) {
    super(props);
    this.state = {
      query: parseQuery(location.hash),
      live: { phase: "connecting" },
      version: 0,
      now: Date.now(),
      shown: new Map(),
    };
  }

  override componentDidMount(): void {
    addEventListener("hashchange", this.#onHash);
    // Ages move on without any watch event.
    this.#clock = setInterval(() => this.setState({ now: Date.now() }), 10_000);
    this.#watch(this.state.query);
  }

  override componentWillUnmount(): void {
    removeEventListener("hashchange", this.#onHash);
    clearInterval(this.#clock);
    clearTimeout(this.#renderTimer);
    void this.#list?.stop();
  }

  /** Shows `query`: a new list+watch when the resource or the selector changed. */
  #follow(query: Query): void {
    const old = this.state.query;
    this.setState({ query, shown: new Map() });
    if (old.resource !== query.resource || old.selector !== query.selector) this.#watch(query);
    document.title = `${query.resource} · kubeno`;
  }

  #watch(query: Query): void {
    void this.#list?.stop();
    const list = new LiveList({
      api: this.props.api,
      resource: query.resource,
      labelSelector: query.selector,
      onChange: () => {
        if (list !== this.#list || this.#renderTimer !== undefined) return;
        this.#renderTimer = setTimeout(() => {
          this.#renderTimer = undefined;
          this.setState((s) => ({ version: s.version + 1, now: Date.now() }));
        }, RENDER_DELAY_MS);
      },
      onState: (live) => {
        if (list === this.#list) this.setState({ live });
      },
    });
    this.#list = list;
    this.setState({ live: { phase: "connecting" } });
    list.start();
  }

  /** The toolbar's submit: the new query goes into the fragment, which the page follows. */
  #submit = (event: Event): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const query: Query = {
      resource: parseQuery(`/${String(form.get("resource"))}`).resource,
      groups: parseKeys(String(form.get("groups") ?? "")),
      selector: String(form.get("selector") ?? "").trim(),
    };
    const fragment = formatQuery(query);
    if (location.hash === fragment) this.#follow(parseQuery(fragment));
    else location.hash = fragment;
  };

  #showMore = (path: string, count: number): void => {
    this.setState((s) => ({ shown: new Map(s.shown).set(path, count) }));
  };

  override render(): ComponentChildren {
    const { query, live, now, shown } = this.state;
    const objects: KubeObject[] = this.#list === undefined ? [] : [...this.#list.objects()];
    const cards = objects.map((o) => ({ object: o, card: describe(query.resource, o, now) }))
      .sort((a, b) => a.card.id.localeCompare(b.card.id, "en", { numeric: true }));
    const root = groupBy(cards, query.groups, (c, key) => valueOf(query.resource, c.object, key));
    const labelKeys = [...new Set(objects.flatMap((o) => Object.keys(o.metadata.labels ?? {})))];
    return h(
      "div",
      { class: "page" },
      h(Toolbar, { query, labelKeys, onSubmit: this.#submit }),
      h(StatusLine, { live, count: root.count, query }),
      live.phase === "failed" ? h("p", { class: "error", role: "alert" }, live.message) : h(
        "main",
        { "aria-busy": live.phase === "connecting" ? "true" : "false" },
        h(GroupView, { group: root, depth: 0, shown, onShowMore: this.#showMore }),
      ),
    );
  }
}

interface ToolbarProps {
  readonly query: Query;
  readonly labelKeys: readonly string[];
  readonly onSubmit: (event: Event) => void;
}

/**
 * The query form. Its fields are uncontrolled and keyed by the query, so a new fragment (a
 * link, the back button) resets them, while typing is never overwritten by a live update.
 */
function Toolbar({ query, labelKeys, onSubmit }: ToolbarProps): ComponentChildren {
  const key = formatQuery(query);
  return h(
    "form",
    { class: "toolbar", onSubmit, key, role: "search" },
    h("h1", null, "kubeno"),
    h(
      "label",
      null,
      "Show",
      h(
        "select",
        { name: "resource", value: query.resource },
        RESOURCES.map((r) => h("option", { value: r, key: r }, r)),
      ),
    ),
    h(
      "label",
      null,
      "Group by",
      h("input", {
        name: "groups",
        defaultValue: query.groups.join(", "),
        placeholder: "app, .node",
        list: "label-keys",
        autocomplete: "off",
        spellcheck: false,
        title: `Label keys, outermost first; or ${FIELD_KEYS.join(", ")}`,
      }),
    ),
    h(
      "label",
      { class: "grow" },
      "Select",
      h("input", {
        name: "selector",
        defaultValue: query.selector,
        placeholder: "app=web,tier in (a,b),!canary",
        autocomplete: "off",
        spellcheck: false,
        title: "A label selector (equality and set-based)",
      }),
    ),
    h("button", { type: "submit" }, "Apply"),
    h(
      "datalist",
      { id: "label-keys" },
      [...FIELD_KEYS, ...labelKeys].map((k) => h("option", { value: k, key: k })),
    ),
  );
}

interface StatusLineProps {
  readonly live: LiveState;
  readonly count: number;
  readonly query: Query;
}

function StatusLine({ live, count, query }: StatusLineProps): ComponentChildren {
  const text = live.phase === "live"
    ? `${count} ${query.resource}, live`
    : live.phase === "connecting"
    ? "connecting…"
    : live.phase === "retrying"
    ? `reconnecting in ${(live.retryMs / 1000).toFixed(1)} s: ${live.message}`
    : "stopped";
  return h(
    "p",
    { class: `status status-${live.phase}`, role: "status", "aria-live": "polite" },
    text,
  );
}

interface GroupViewProps {
  readonly group: Group<{ readonly card: CardData }>;
  readonly depth: number;
  readonly shown: ReadonlyMap<string, number>;
  readonly onShowMore: (path: string, count: number) => void;
}

/** A group: its heading (not for the root), then its subgroups or its cards, a page at a time. */
function GroupView({ group, depth, shown, onShowMore }: GroupViewProps): ComponentChildren {
  const limit = shown.get(group.path) ?? PAGE;
  const children = group.groups.length > 0 ? group.groups : group.items;
  const rest = children.length - limit;
  const body = group.groups.length > 0
    ? group.groups.slice(0, limit).map((g) =>
      h(GroupView, { group: g, depth: depth + 1, shown, onShowMore, key: g.path })
    )
    : h(
      "ul",
      { class: "cards" },
      group.items.slice(0, limit).map(({ card }) => h(Card, { card, key: card.id })),
    );
  const more = rest > 0
    ? h(
      "button",
      { type: "button", class: "more", onClick: () => onShowMore(group.path, limit + PAGE) },
      `Show ${Math.min(rest, PAGE)} more (${rest} not shown)`,
    )
    : null;
  if (depth === 0) {
    return h(
      "div",
      { class: "groups" },
      group.count === 0 ? h("p", { class: "empty" }, "Nothing matches.") : body,
      more,
    );
  }
  const heading = `h${Math.min(depth + 1, 6)}`;
  return h(
    "section",
    { class: `group depth-${Math.min(depth, 4)}`, "data-group": group.path },
    h(
      heading,
      { class: "group-title" },
      h("span", { class: "group-key" }, group.key),
      " = ",
      h("span", { class: "group-value" }, group.value ?? "(not set)"),
      " ",
      h("span", { class: "group-count", "aria-label": `${group.count} objects` }, group.count),
    ),
    body,
    more,
  );
}

/** One object: focusable, its colour and state in words, then its facts and labels. */
function Card({ card }: { readonly card: CardData }): ComponentChildren {
  return h(
    "li",
    {
      class: `card health-${card.health}`,
      tabIndex: 0,
      "data-id": card.id,
      "aria-label": `${card.title} ${card.state}`,
    },
    card.namespace === "" ? null : h("div", { class: "card-namespace" }, card.namespace),
    h("div", { class: "card-title" }, card.title),
    h("div", { class: "card-state" }, card.state),
    h(
      "dl",
      null,
      card.facts.map((
        [label, value],
      ) => [h("dt", { key: `t${label}` }, label), h("dd", { key: `d${label}` }, value)]),
    ),
    h("div", { class: "card-labels" }, card.labels),
  );
}
