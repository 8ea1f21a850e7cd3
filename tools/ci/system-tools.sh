#!/bin/sh
# The system tools the tests need, installed by .ci/run where they are missing and we may (root
# on Debian): Chromium for the fleet dashboard's test (packages/fleet/src/browser.test.ts),
# podman and debootstrap for the container builds of the end-to-end matrix
# (tools/e2e/matrix.test.ts). Elsewhere those tests say what is missing.
set -eu
# debootstrap lives in /usr/sbin, which a PATH may leave out.
PATH="$PATH:/usr/sbin:/sbin"
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v podman >/dev/null 2>&1 || missing="$missing podman"
command -v debootstrap >/dev/null 2>&1 || missing="$missing debootstrap"
[ -n "$missing" ] || exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-tools: missing:$missing (install them; this script installs them only as root with apt-get)" >&2
  exit 0
fi
# shellcheck disable=SC2086 # one word per package
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2 ||
  { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2; }
