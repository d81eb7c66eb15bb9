#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine, installing and starting one when needed.
#
# - An engine that already answers (DOCKER_HOST or /var/run/docker.sock): nothing to do.
# - No dockerd binary: installs Debian's docker.io with apt-get (root only).
# - dockerd present but not running: starts it in the background (root only), logging to
#   $KUBENO_DOCKERD_LOG (default /var/log/kubeno-dockerd.log), and waits until the API answers.
# Where it cannot act (not root, no apt-get), it prints one line saying what to do and exits 1.
set -euo pipefail

log() { printf 'ensure-docker: %s\n' "$*" >&2; }
fail() { printf 'ensure-docker: error: %s\n' "$*" >&2; exit 1; }

sock=/var/run/docker.sock
timeout_s=${KUBENO_DOCKER_WAIT:-60}

# Asks the engine for /_ping over its Unix socket; true when it answers OK.
engine_answers() {
  if [[ -n "${DOCKER_HOST:-}" ]]; then
    command -v docker >/dev/null 2>&1 && docker version --format '{{.Server.Version}}' >/dev/null 2>&1
    return
  fi
  [[ -S "$sock" ]] || return 1
  if command -v curl >/dev/null 2>&1; then
    [[ "$(curl -s --max-time 2 --unix-socket "$sock" http://localhost/_ping 2>/dev/null)" == OK ]]
  else
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1
  fi
}

if engine_answers; then
  exit 0
fi

if [[ -n "${DOCKER_HOST:-}" && "$DOCKER_HOST" != "unix://$sock" ]]; then
  fail "DOCKER_HOST=$DOCKER_HOST does not answer: start that engine, or unset DOCKER_HOST to use a local one"
fi

is_root() { [[ "$(id -u)" == 0 ]]; }

if ! command -v dockerd >/dev/null 2>&1; then
  is_root || fail "no Docker engine and not root: run 'sudo apt-get install -y docker.io && sudo dockerd &' (or start your engine), then retry"
  command -v apt-get >/dev/null 2>&1 || fail "no Docker engine and no apt-get: install Docker Engine for your system and start dockerd, then retry"
  log "installing Debian's docker.io (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || apt-get update -qq >/dev/null
  apt-get install -y -qq docker.io >/dev/null 2>&1 || fail "apt-get install docker.io failed: run 'apt-get install -y docker.io' to see why"
fi

is_root || fail "dockerd is installed but not running and you are not root: run 'sudo dockerd &' (or 'sudo systemctl start docker'), then retry"

dockerd_log=${KUBENO_DOCKERD_LOG:-/var/log/kubeno-dockerd.log}
if ! pgrep -x dockerd >/dev/null 2>&1; then
  log "starting dockerd (log: $dockerd_log)"
  # containerd is started by dockerd itself when no system containerd runs.
  setsid nohup dockerd >"$dockerd_log" 2>&1 </dev/null &
fi

for ((i = 0; i < timeout_s * 5; i++)); do
  if engine_answers; then
    log "engine ready"
    exit 0
  fi
  sleep 0.2
done
fail "dockerd did not answer within ${timeout_s}s; see $dockerd_log"
