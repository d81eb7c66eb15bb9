/**
 * Projects a set of files into a directory atomically, like the kubelet's AtomicWriter (used for
 * configMap, secret and downwardAPI volumes): the files go into a fresh hidden directory
 * `..<timestamp>`, the symlink `..data` is switched to it with one rename, and every top-level
 * name the user sees is a symlink through `..data`. A container reading the volume sees the
 * whole old set of files or the whole new one, never a mix, and updates reach running
 * containers (except through subPath mounts).
 *
 * @module
 */

/** One file of a projection. */
export interface FileProjection {
  readonly data: Uint8Array;
  /** Permission bits (0o644 by default in Kubernetes: defaultMode 420). */
  readonly mode: number;
}

const DATA_DIR = "..data";
const DATA_DIR_TMP = "..data_tmp";

/** Checks a projected path like AtomicWriter's validatePath; throws RangeError. */
export function validateProjectedPath(path: string): void {
  if (path === "") throw new RangeError("invalid path: must not be empty");
  if (path.length > 4096) {
    throw new RangeError(`invalid path: must be less than or equal to 4096 characters`);
  }
  if (path.startsWith("/")) throw new RangeError(`invalid path: must be relative path: ${path}`);
  const parts = path.split("/");
  if (parts.includes("..")) throw new RangeError(`invalid path: must not contain '..': ${path}`);
  if (parts[0]!.startsWith("..")) {
    throw new RangeError(`invalid path: must not start with '..': ${path}`);
  }
}

/**
 * Makes `dir` show exactly `payload` (relative path -> file). Returns false when it already did
 * (nothing written), true when it switched to a new generation.
 */
export async function writeProjection(
  dir: string,
  payload: ReadonlyMap<string, FileProjection>,
): Promise<boolean> {
  for (const path of payload.keys()) validateProjectedPath(path);
  await Deno.mkdir(dir, { recursive: true });
  const current = await currentGeneration(dir);
  if (current !== undefined && await sameContent(`${dir}/${current}`, payload)) {
    await linkUserVisiblePaths(dir, payload);
    return false;
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, "_").replace("T", "_").replace("Z", "");
  const generation = `..${stamp}.${crypto.randomUUID().slice(0, 8)}`;
  const target = `${dir}/${generation}`;
  await Deno.mkdir(target, { mode: 0o755 });
  await Deno.chmod(target, 0o755);
  for (const [path, file] of payload) {
    const full = `${target}/${path}`;
    const parent = full.slice(0, full.lastIndexOf("/"));
    await Deno.mkdir(parent, { recursive: true, mode: 0o755 });
    await Deno.writeFile(full, file.data, { mode: file.mode });
    await Deno.chmod(full, file.mode);
  }
  await Deno.remove(`${dir}/${DATA_DIR_TMP}`).catch(() => {});
  await Deno.symlink(generation, `${dir}/${DATA_DIR_TMP}`);
  await Deno.rename(`${dir}/${DATA_DIR_TMP}`, `${dir}/${DATA_DIR}`);
  await linkUserVisiblePaths(dir, payload);
  if (current !== undefined) await Deno.remove(`${dir}/${current}`, { recursive: true });
  return true;
}

/** The generation `..data` points at, if any. */
async function currentGeneration(dir: string): Promise<string | undefined> {
  try {
    return await Deno.readLink(`${dir}/${DATA_DIR}`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** True when `generation` holds exactly the payload's files, contents and modes. */
async function sameContent(
  generation: string,
  payload: ReadonlyMap<string, FileProjection>,
): Promise<boolean> {
  const found = await listFiles(generation, "");
  if (found.length !== payload.size) return false;
  for (const path of found) {
    const want = payload.get(path);
    if (want === undefined) return false;
    const full = `${generation}/${path}`;
    const stat = await Deno.stat(full);
    if (((stat.mode ?? 0) & 0o7777) !== want.mode) return false;
    const have = await Deno.readFile(full);
    if (have.length !== want.data.length || have.some((b, i) => b !== want.data[i])) return false;
  }
  return true;
}

async function listFiles(root: string, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(prefix === "" ? root : `${root}/${prefix}`)) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory) out.push(...await listFiles(root, path));
    else out.push(path);
  }
  return out;
}

/** Top-level symlinks `name -> ..data/name` for the payload; stale ones removed. */
async function linkUserVisiblePaths(
  dir: string,
  payload: ReadonlyMap<string, FileProjection>,
): Promise<void> {
  const wanted = new Set([...payload.keys()].map((path) => path.split("/")[0]!));
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name.startsWith("..")) continue;
    if (!wanted.has(entry.name)) await Deno.remove(`${dir}/${entry.name}`, { recursive: true });
  }
  for (const name of wanted) {
    const link = `${dir}/${name}`;
    try {
      if ((await Deno.readLink(link)) === `${DATA_DIR}/${name}`) continue;
      await Deno.remove(link);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        // Not a symlink: something else took the name; replace it.
        await Deno.remove(link, { recursive: true });
      }
    }
    await Deno.symlink(`${DATA_DIR}/${name}`, link);
  }
}
