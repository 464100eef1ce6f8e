#!/usr/bin/env bash
# The Debian armhf sysroot of real programs (test/real-programs.test.ts): the same as
# `scripts/fetch-debian-sysroot.sh armhf [dir]`, kept under this name for existing callers.
#
#   scripts/fetch-armhf-sysroot.sh [dir]      (default: $TSEMU_ARMHF_SYSROOT or /opt/tsemu-sysroot-armhf)
set -euo pipefail
exec bash "$(dirname "$0")/fetch-debian-sysroot.sh" armhf "$@"
