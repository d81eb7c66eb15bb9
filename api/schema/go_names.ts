/**
 * Go type names of schemas, as Go's `encoding/json` prints them in decode errors
 * (`[]v1.Container`, `map[string]string`, `int32`). Pure: no I/O.
 *
 * @module
 */

import { resolve, type Schema } from "./dsl.ts";

/** The Go package name and type name of an object definition (`io.k8s.api.core.v1.Pod` → `v1.Pod`). */
export function goDefinitionName(definition: string): string {
  const parts = definition.split(".");
  const name = parts[parts.length - 1] ?? definition;
  const pkg = parts[parts.length - 2];
  return pkg === undefined ? name : `${pkg}.${name}`;
}

/** The bare Go struct name of an object definition (`io.k8s.api.core.v1.Pod` → `Pod`). */
export function goStructName(definition: string): string {
  const parts = definition.split(".");
  return parts[parts.length - 1] ?? definition;
}

/** The Go type a schema stands for, as `reflect.Type.String()` prints it. */
export function goTypeName(schema: Schema): string {
  const s = resolve(schema);
  switch (s.kind) {
    case "string":
      return s.goType ?? "string";
    case "integer":
      return s.format;
    case "number":
      return "float64";
    case "boolean":
      return "bool";
    case "time":
      return s.micro ? "v1.MicroTime" : "v1.Time";
    case "bytes":
      return "[]uint8";
    case "quantity":
      return "resource.Quantity";
    case "intOrString":
      return "intstr.IntOrString";
    case "any":
      return s.name === undefined ? "interface {}" : goDefinitionName(s.name);
    case "array":
      return "[]" + goTypeName(s.items);
    case "map":
      return "map[string]" + goTypeName(s.values);
    case "object":
      return goDefinitionName(s.name);
  }
}
