#!/usr/bin/env bash
# Release binaries for reviewers without Rust:
#   dist/vblint-x86_64-pc-windows-gnu.exe   Windows 10/11 (64-bit), built with Debian's mingw-w64
#   dist/vblint-x86_64-unknown-linux-musl   Linux, static (no glibc needed)
# Needs: rustup, and the Debian packages gcc-mingw-w64-x86-64 and musl-tools
#   (apt-get install gcc-mingw-w64-x86-64 musl-tools).
# Usage: scripts/build-release.sh [windows|musl]...   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(windows musl)
mkdir -p dist
for t in "${targets[@]}"; do
  case "$t" in
    windows)
      triple=x86_64-pc-windows-gnu
      command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "missing x86_64-w64-mingw32-gcc: apt-get install gcc-mingw-w64-x86-64" >&2; exit 2; }
      export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
      exe=vblint.exe ;;
    musl)
      triple=x86_64-unknown-linux-musl
      command -v musl-gcc >/dev/null || { echo "missing musl-gcc: apt-get install musl-tools" >&2; exit 2; }
      export CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_LINKER=musl-gcc
      exe=vblint ;;
    *) echo "unknown target $t (windows, musl)" >&2; exit 2 ;;
  esac
  rustup target add "$triple" >/dev/null
  cargo build --release --locked --target "$triple" --bin vblint
  out="dist/vblint-$triple${exe#vblint}"
  cp "target/$triple/release/$exe" "$out"
  echo "built $out"
done
