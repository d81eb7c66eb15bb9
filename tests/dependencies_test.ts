/**
 * npm packages are pinned twice: in package.json (what `npm ci` installs into node_modules)
 * and in deno.json's import map (what the code imports). They must name the same versions.
 */
import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);
const readJson = async (name: string) =>
  JSON.parse(await Deno.readTextFile(new URL(name, root))) as Record<string, unknown>;

Deno.test("deno.json imports pin exactly the versions package.json installs", async () => {
  const pkg = await readJson("package.json");
  const deno = await readJson("deno.json");
  const installed: Record<string, string> = {
    ...(pkg.dependencies as Record<string, string>),
    ...(pkg.devDependencies as Record<string, string>),
  };
  const imports = deno.imports as Record<string, string>;
  assert.ok(Object.keys(imports).length > 0);
  for (const [name, specifier] of Object.entries(imports)) {
    const match = /^npm:(@?[^@]+)@(.+)$/.exec(specifier);
    assert.ok(match, `${name}: ${specifier} is an npm: specifier with a version`);
    const [, pkgName, version] = match;
    assert.equal(installed[pkgName!], version, `${pkgName} in package.json`);
    assert.match(version!, /^\d+\.\d+\.\d+$/, `${pkgName} is pinned to an exact version`);
  }
  assert.match(installed.deno ?? "", /^\d+\.\d+\.\d+$/, "the deno binary is pinned");
});
