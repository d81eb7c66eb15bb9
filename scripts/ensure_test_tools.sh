#!/usr/bin/env bash
# Installs the programs the tests compare kubeno against, from Debian's packages, when missing:
# etcd (the store's oracle and benchmark anchor), dig (a real DNS client for the cluster DNS) and
# ip (the proxy makes the service range local with it), chromium (the UI tests drive it headless
# through playwright-core), jq (the walk-through pipes `kubectl get nodes -o json` through it).
# A no-op when everything is present.
set -euo pipefail

log() { printf 'test-tools: %s\n' "$*" >&2; }
fail() { printf 'test-tools: error: %s\n' "$*" >&2; exit 1; }

missing=()
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
command -v dig >/dev/null 2>&1 || missing+=(bind9-dnsutils)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v jq >/dev/null 2>&1 || missing+=(jq)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ ${#missing[@]} -eq 0 ]] && exit 0

[[ "$(id -u)" == 0 ]] || fail "missing ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}'"
command -v apt-get >/dev/null 2>&1 || fail "missing ${missing[*]} and no apt-get: install etcd 3.4"
log "installing ${missing[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
  { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "${missing[@]}" >/dev/null; } ||
  fail "apt-get install ${missing[*]} failed: run it by hand to see why"
# Debian's package may start a system etcd on the default ports; the tests use their own.
if pgrep -x etcd >/dev/null 2>&1 && command -v systemctl >/dev/null 2>&1; then
  systemctl stop etcd >/dev/null 2>&1 || true
fi
