#!/usr/bin/env bash
# Builds a Debian armhf sysroot of real programs for test/real-programs.test.ts: busybox-static,
# coreutils, bash, lua5.4, python3-minimal, sqlite3, gzip, xz-utils and the armhf libraries they
# need, unpacked (not installed) with dpkg-deb -x from Debian's own packages.
#
#   scripts/fetch-armhf-sysroot.sh [dir]      (default: $TSEMU_ARMHF_SYSROOT or /opt/tsemu-sysroot-armhf)
#
# Needs root for `dpkg --add-architecture armhf` and `apt-get update` (the only system changes).
# The package list's dependencies are followed (Depends and Pre-Depends, armhf only), so the
# sysroot holds every shared library the programs load. Idempotent: a sysroot that is complete
# (its .complete stamp names the same package set) is left as it is.
set -euo pipefail

ROOT="${1:-${TSEMU_ARMHF_SYSROOT:-/opt/tsemu-sysroot-armhf}}"
PROGRAMS=(busybox-static coreutils bash lua5.4 python3-minimal sqlite3 gzip xz-utils)
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

stamp="$ROOT/.complete"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${PROGRAMS[*]}" ]; then
  echo "fetch-armhf-sysroot: $ROOT is complete"
  exit 0
fi

if ! dpkg --print-foreign-architectures | grep -qx armhf; then
  $SUDO dpkg --add-architecture armhf
fi
# A mirror mid-sync can fail one index (security's, say): retry once, then go on with what came.
$SUDO apt-get update -qq || $SUDO apt-get update -qq || echo "fetch-armhf-sysroot: apt-get update reported errors; continuing" >&2

# Every armhf package the programs depend on, transitively (architecture-independent packages
# such as python3.11-minimal's stdlib come as :all and are kept too).
mapfile -t pkgs < <(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "${PROGRAMS[@]/%/:armhf}" 2>/dev/null |
  grep -v '^ ' | grep -v '^<' | sed 's/:armhf$//' | sort -u)
# Packages that are never needed to run a program (maintainer-script machinery).
skip='^(debconf|dpkg|perl-base|debianutils|base-files|base-passwd|init-system-helpers|sensible-utils|media-types|tzdata|readline-common|libc-bin|install-info|mime-support|gcc-12-base)$'

dl="$(mktemp -d)"
trap 'rm -rf "$dl"' EXIT
want=()
for p in "${pkgs[@]}"; do
  [[ "$p" =~ $skip ]] && continue
  want+=("$p")
done
echo "fetch-armhf-sysroot: ${#want[@]} packages: ${want[*]}"
(
  cd "$dl"
  for p in "${want[@]}"; do
    # armhf when the package exists for armhf, else the architecture-independent one
    apt-get download -qq "$p:armhf" 2>/dev/null || apt-get download -qq "$p" 2>/dev/null ||
      echo "fetch-armhf-sysroot: no package $p (skipped)" >&2
  done
)
mkdir -p "$ROOT"
for deb in "$dl"/*.deb; do dpkg-deb -x "$deb" "$ROOT"; done
# Debian 12 packages put libraries in /lib and /usr/lib both; the dynamic linker's path is
# /lib/ld-linux-armhf.so.3.
test -e "$ROOT/lib/ld-linux-armhf.so.3" || { echo "fetch-armhf-sysroot: no dynamic linker in $ROOT" >&2; exit 1; }
echo "${PROGRAMS[*]}" > "$stamp"
echo "fetch-armhf-sysroot: sysroot ready in $ROOT"
