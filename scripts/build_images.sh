#!/usr/bin/env bash
# Builds the local test images kubeno/pause and kubeno/busybox by `docker import` of a root
# filesystem made from Debian's busybox-static (no registry is reachable on these machines).
#
# Idempotent: each image carries a label with a hash of its inputs (the busybox binary and this
# script); an image whose label matches is left alone, so a second run takes well under a second.
# The busybox binary extracted from Debian's package is kept under the cache directory
# ($KUBENO_CACHE_DIR, default ${XDG_CACHE_HOME:-~/.cache}/kubeno), so only the first run on a
# machine downloads it; delete that directory to fetch the package again.
set -euo pipefail

log() { printf 'build-images: %s\n' "$*" >&2; }
fail() { printf 'build-images: error: %s\n' "$*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/ensure_docker.sh"

work=$(mktemp -d /tmp/kubeno-images.XXXXXX)
trap 'rm -rf "$work"' EXIT

cache_dir=${KUBENO_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/kubeno}

# A busybox-static binary: the installed one when present, else the cached copy, else extracted
# from Debian's package without installing it (busybox-static conflicts with the busybox
# package) and cached.
find_busybox() {
  local candidate cached="$cache_dir/busybox-static/busybox"
  for candidate in /bin/busybox /usr/bin/busybox; do
    if [[ -x "$candidate" ]] && file_is_static "$candidate"; then
      echo "$candidate"
      return
    fi
  done
  if [[ -x "$cached" ]] && file_is_static "$cached"; then
    echo "$cached"
    return
  fi
  command -v apt-get >/dev/null 2>&1 || fail "no static busybox and no apt-get: install Debian's busybox-static"
  log "fetching Debian's busybox-static"
  (cd "$work" && { apt-get download -qq busybox-static >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && apt-get download -qq busybox-static >/dev/null; }; }) ||
    fail "could not download busybox-static: run 'apt-get update && apt-get download busybox-static'"
  dpkg-deb -x "$work"/busybox-static_*.deb "$work/pkg"
  # Into the cache by rename, so a concurrent or interrupted run never sees half a binary; an
  # unwritable cache only costs the next run a download.
  if mkdir -p "$cache_dir/busybox-static" 2>/dev/null &&
    cp "$work/pkg/bin/busybox" "$cached.$$" 2>/dev/null && mv -f "$cached.$$" "$cached"; then
    echo "$cached"
  else
    rm -f "$cached.$$" 2>/dev/null || true
    echo "$work/pkg/bin/busybox"
  fi
}

# True when the binary needs no dynamic loader (it must run inside an otherwise empty rootfs).
file_is_static() {
  ! ldd "$1" >/dev/null 2>&1
}

busybox=$(find_busybox)
inputs_hash=$(cat "$busybox" "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16)

image_is_current() {
  [[ "$(docker image inspect -f '{{index .Config.Labels "io.kubeno.inputs"}}' "$1" 2>/dev/null)" == "$inputs_hash" ]]
}

# Lays out a minimal rootfs: busybox with every applet linked, passwd/group, /tmp, /var/www.
make_rootfs() {
  local root=$1
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,proc,sys,dev,root,var/www,home}
  chmod 1777 "$root/tmp"
  cp "$busybox" "$root/bin/busybox"
  local applet
  for applet in $("$busybox" --list); do
    [[ "$applet" == busybox ]] || ln -sf busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  printf 'kubeno busybox\n' >"$root/var/www/index.html"
}

import_image() {
  local name=$1 root=$2
  shift 2
  tar -C "$root" -c . | docker import --change "LABEL io.kubeno.inputs=$inputs_hash" "$@" - "$name" >/dev/null
  log "built $name"
}

if ! image_is_current kubeno/busybox:latest; then
  make_rootfs "$work/busybox"
  import_image kubeno/busybox:latest "$work/busybox" --change 'CMD ["sh"]' --change 'ENV PATH=/bin:/usr/bin:/sbin:/usr/sbin'
fi

if ! image_is_current kubeno/pause:latest; then
  # The pause container only holds the pod's namespaces. Its shell exits at once on TERM/INT
  # (a PID 1 without a handler would ignore them and wait for Docker's kill timeout).
  mkdir -p "$work/pause/bin"
  cp "$busybox" "$work/pause/bin/busybox"
  ln -s busybox "$work/pause/bin/sh"
  ln -s busybox "$work/pause/bin/sleep"
  import_image kubeno/pause:latest "$work/pause" \
    --change 'ENTRYPOINT ["/bin/sh", "-c", "trap \"exit 0\" TERM INT; while :; do sleep 86400 & wait $!; done"]'
fi
