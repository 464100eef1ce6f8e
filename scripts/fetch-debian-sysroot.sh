#!/usr/bin/env bash
# Builds a Debian sysroot of real programs for test/real-programs.test.ts: busybox-static,
# coreutils, bash, lua5.4, python3-minimal (and libpython3.11-stdlib: json, decimal...), sqlite3,
# gzip, xz-utils and the libraries they need, for one Debian architecture, unpacked (not
# installed) with dpkg-deb -x from Debian's own packages.
#
#   scripts/fetch-debian-sysroot.sh <debian-arch> [dir]
#
#   armhf: default dir $TSEMU_ARMHF_SYSROOT or /opt/tsemu-sysroot-armhf
#   arm64: default dir $TSEMU_ARM64_SYSROOT or /opt/tsemu-sysroot-arm64
#   mipsel: default dir $TSEMU_MIPSEL_SYSROOT or /opt/tsemu-sysroot-mipsel (MIPS o32 little endian;
#     bookworm is the last Debian release with this port)
#   (any other: $TSEMU_<ARCH>_SYSROOT or /opt/tsemu-sysroot-<arch>)
#
# Needs root for `dpkg --add-architecture <arch>` and `apt-get update` (the only system changes).
# The package list's dependencies are followed (Depends and Pre-Depends, that architecture only),
# so the sysroot holds every shared library the programs load. Idempotent: a sysroot that is
# complete (its .complete stamp names the same package set) is left as it is.
set -euo pipefail

ARCH="${1:?usage: fetch-debian-sysroot.sh <debian-arch> [dir]}"
ENV_NAME="TSEMU_$(echo "$ARCH" | tr '[:lower:]' '[:upper:]')_SYSROOT"
ROOT="${2:-${!ENV_NAME:-/opt/tsemu-sysroot-$ARCH}}"
PROGRAMS=(busybox-static coreutils bash lua5.4 python3-minimal libpython3.11-stdlib sqlite3 gzip xz-utils)
# The dynamic linker the programs name in PT_INTERP: present once the sysroot is usable.
case "$ARCH" in
  armhf) LOADER=lib/ld-linux-armhf.so.3 ;;
  armel) LOADER=lib/ld-linux.so.3 ;;
  arm64) LOADER=lib/ld-linux-aarch64.so.1 ;;
  riscv64) LOADER=lib/ld-linux-riscv64-lp64d.so.1 ;;
  mipsel | mips) LOADER=lib/ld.so.1 ;;
  *) LOADER= ;;
esac
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
say() { echo "fetch-debian-sysroot ($ARCH): $*"; }

stamp="$ROOT/.complete"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${PROGRAMS[*]}" ]; then
  say "$ROOT is complete"
  exit 0
fi

if [ "$ARCH" != "$(dpkg --print-architecture)" ] && ! dpkg --print-foreign-architectures | grep -qx "$ARCH"; then
  $SUDO dpkg --add-architecture "$ARCH"
fi
# A mirror mid-sync can fail one index (security's, say): retry once, then go on with what came.
$SUDO apt-get update -qq || $SUDO apt-get update -qq || say "apt-get update reported errors; continuing" >&2

# Every package of that architecture the programs depend on, transitively (architecture-independent
# packages such as python3.11-minimal's stdlib come as :all and are kept too). With several foreign
# architectures enabled, apt also lists other architectures' providers (gawk:armhf for an arm64
# awk): names that still carry an architecture are not ours.
mapfile -t pkgs < <(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "${PROGRAMS[@]/%/:$ARCH}" 2>/dev/null |
  grep -v '^ ' | grep -v '^<' | sed "s/:$ARCH\$//" | grep -v ':' | sort -u)
# Packages that are never needed to run a program (maintainer-script machinery; perl comes only
# through mailcap's scripts).
skip='^(debconf|dpkg|perl|perl-base|perl-modules-[0-9.]+|libperl[0-9.]+|mailcap|debianutils|base-files|base-passwd|init-system-helpers|sensible-utils|media-types|tzdata|readline-common|libc-bin|install-info|mime-support|gcc-12-base)$'

dl="$(mktemp -d)"
trap 'rm -rf "$dl"' EXIT
chmod 0777 "$dl" # apt downloads as its _apt user where it can
want=()
for p in "${pkgs[@]}"; do
  [[ "$p" =~ $skip ]] && continue
  want+=("$p")
done
say "${#want[@]} packages: ${want[*]}"
# That architecture's package when it exists, else the architecture-independent one; one apt-get
# call for all (each call reads the whole package cache: a second apiece).
mapfile -t native < <(apt-cache show --no-all-versions "${want[@]/%/:$ARCH}" 2>/dev/null |
  awk -v a="$ARCH" '/^Package:/ { p = $2 } /^Architecture:/ && $2 == a { print p }' | sort -u)
names=()
for p in "${want[@]}"; do
  if printf '%s\n' "${native[@]}" | grep -qx "$p"; then names+=("$p:$ARCH"); else names+=("$p"); fi
done
(cd "$dl" && apt-get download -qq "${names[@]}")
mkdir -p "$ROOT"
for deb in "$dl"/*.deb; do dpkg-deb -x "$deb" "$ROOT"; done
# Debian 12 packages put libraries in /lib and /usr/lib both.
if [ -n "$LOADER" ]; then
  test -e "$ROOT/$LOADER" || { say "no dynamic linker $LOADER in $ROOT" >&2; exit 1; }
fi
echo "${PROGRAMS[*]}" > "$stamp"
say "sysroot ready in $ROOT"
