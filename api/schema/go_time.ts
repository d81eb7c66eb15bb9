/**
 * Timestamps as Go's `time.Parse` reads `metav1.Time` (layout RFC 3339) and `metav1.MicroTime`
 * (RFC 3339 with exactly six fractional digits), with Go's error messages. Pure: no I/O.
 *
 * @module
 */

import { goQuote } from "../validation.ts";

/** Go's `time.RFC3339` layout. */
export const RFC3339_LAYOUT = "2006-01-02T15:04:05Z07:00";
/** `metav1.RFC3339Micro`, the layout of MicroTime. */
export const RFC3339_MICRO_LAYOUT = "2006-01-02T15:04:05.000000Z07:00";

type Elem =
  | { readonly lit: string }
  | { readonly std: "2006" | "01" | "02" | "15" | "04" | "05" | ".000000" | "Z07:00" };

const RFC3339_ELEMS: readonly Elem[] = [
  { std: "2006" },
  { lit: "-" },
  { std: "01" },
  { lit: "-" },
  { std: "02" },
  { lit: "T" },
  { std: "15" },
  { lit: ":" },
  { std: "04" },
  { lit: ":" },
  { std: "05" },
  { std: "Z07:00" },
];

const MICRO_ELEMS: readonly Elem[] = [
  ...RFC3339_ELEMS.slice(0, 11),
  { std: ".000000" },
  { std: "Z07:00" },
];

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Go's `getnum`: one or two digits (exactly two when `fixed`). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses `value` as Go's `time.Parse` does with the RFC 3339 layout (or MicroTime's when
 * `micro`). Returns undefined when it parses, else Go's error message, e.g. `parsing time
 * "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"` or
 * `parsing time "2024-13-01T00:00:00Z": month out of range`.
 */
export function goTimeParseError(value: string, micro = false): string | undefined {
  const layout = micro ? RFC3339_MICRO_LAYOUT : RFC3339_LAYOUT;
  const cannot = (rest: string, elem: string): string =>
    `parsing time ${goQuote(value)} as ${goQuote(layout)}: cannot parse ${goQuote(rest)} as ${
      goQuote(elem)
    }`;
  let rest = value;
  let year = 0;
  let month = 0;
  let day = 0;
  let range: string | undefined;
  for (const e of micro ? MICRO_ELEMS : RFC3339_ELEMS) {
    if ("lit" in e) {
      if (!rest.startsWith(e.lit)) return cannot(rest, e.lit);
      rest = rest.slice(e.lit.length);
      continue;
    }
    const before = rest;
    switch (e.std) {
      case "2006": {
        if (rest.length < 4 || ![0, 1, 2, 3].every((i) => isDigit(rest, i))) {
          return cannot(before, e.std);
        }
        year = Number(rest.slice(0, 4));
        rest = rest.slice(4);
        break;
      }
      case "01":
      case "02":
      case "15":
      case "04":
      case "05": {
        const r = getnum(rest, e.std !== "15");
        if (r === undefined) return cannot(before, e.std);
        const [n, after] = r;
        rest = after;
        if (e.std === "01") {
          month = n;
          if (n < 1 || n > 12) range ??= "month";
        } else if (e.std === "02") {
          day = n;
        } else if (e.std === "15") {
          if (n >= 24) range ??= "hour";
        } else if (e.std === "04") {
          if (n >= 60) range ??= "minute";
        } else {
          if (n >= 60) range ??= "second";
          // A fractional second may follow the seconds even when the layout has none.
          if (
            !micro && rest.length >= 2 && (rest[0] === "." || rest[0] === ",") && isDigit(rest, 1)
          ) {
            let i = 1;
            while (i < rest.length && isDigit(rest, i)) i++;
            rest = rest.slice(i);
          }
        }
        break;
      }
      case ".000000": {
        if (
          rest.length < 7 || rest[0] !== "." || ![1, 2, 3, 4, 5, 6].every((i) => isDigit(rest, i))
        ) {
          return cannot(before, e.std);
        }
        rest = rest.slice(7);
        break;
      }
      case "Z07:00": {
        if (rest.startsWith("Z")) {
          rest = rest.slice(1);
          break;
        }
        if (
          rest.length < 6 || (rest[0] !== "+" && rest[0] !== "-") || rest[3] !== ":" ||
          ![1, 2, 4, 5].every((i) => isDigit(rest, i))
        ) {
          return cannot(before, e.std);
        }
        if (Number(rest.slice(1, 3)) >= 24) range ??= "time zone offset hour";
        else if (Number(rest.slice(4, 6)) >= 60) range ??= "time zone offset minute";
        rest = rest.slice(6);
        break;
      }
    }
  }
  if (rest.length > 0) return `parsing time ${goQuote(value)}: extra text: ${goQuote(rest)}`;
  if (range !== undefined) return `parsing time ${goQuote(value)}: ${range} out of range`;
  if (day < 1 || day > daysIn(year, month)) {
    return `parsing time ${goQuote(value)}: day out of range`;
  }
  return undefined;
}
