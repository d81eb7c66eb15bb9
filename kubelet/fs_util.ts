/**
 * Small file-system helpers of the kubelet: atomic replacement of a file, directory creation.
 *
 * @module
 */

/**
 * Replaces `path` with `data` atomically: writes a temporary file beside it, flushes it to disk,
 * then renames it over `path`, so a reader (or a kubelet that crashed half-way) sees either the
 * old content or the new, never a torn file. Creates the parent directory when missing.
 */
export async function atomicWriteFile(
  path: string,
  data: string | Uint8Array,
  options: { mode?: number } = {},
): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  try {
    const file = await Deno.open(temporary, {
      write: true,
      createNew: true,
      mode: options.mode ?? 0o644,
    });
    try {
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      await file.sync();
    } finally {
      file.close();
    }
    if (options.mode !== undefined) await Deno.chmod(temporary, options.mode); // past the umask
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}

/** The directory part of a slash-separated path (`/a/b` -> `/a`, `b` -> `.`). */
export function dirname(path: string): string {
  const index = path.lastIndexOf("/");
  if (index < 0) return ".";
  if (index === 0) return "/";
  return path.slice(0, index);
}

/** Reads a file as text, or undefined when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** Removes a path recursively; a missing path is not an error. */
export async function removeAll(path: string): Promise<void> {
  try {
    await Deno.remove(path, { recursive: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}
