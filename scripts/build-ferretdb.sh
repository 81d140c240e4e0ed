#!/usr/bin/env bash
# Builds FerretDB 1.24.2 (SQLite backend) from the Go module proxy into a cache
# directory, once; later runs find the binary and skip the build. Prints the
# binary's path as its last line.
#
# Why not `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`: that
# command also asks the proxy for the module's version list (deprecation check),
# which the proxy reachable here refuses (403). And the module zip lacks
# build/version/version.txt, without which the binary panics at start, so we
# build from a writable copy of the module with that file added, as FerretDB's
# build/version docs describe.
set -euo pipefail

version=v1.24.2
cache_dir="${PARLEY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}/ferretdb-$version"
bin="$cache_dir/ferretdb"

if [[ -x "$bin" ]] && "$bin" --version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || { echo "go is not installed: cannot build FerretDB" >&2; exit 1; }
mkdir -p "$cache_dir"
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

echo "building FerretDB $version (first time only, about 2 minutes)..." >&2
# GOFLAGS=-mod=mod lets `go mod download` fetch the module without a main module.
src=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -d "$src" ]] || { echo "could not download FerretDB $version from the Go module proxy" >&2; exit 1; }

cp -r "$src" "$work/src"
chmod -R u+w "$work/src"
echo "$version" >"$work/src/build/version/version.txt"
(cd "$work/src" && CGO_ENABLED=0 go build -trimpath -o "$bin.tmp" ./cmd/ferretdb)
mv "$bin.tmp" "$bin"
"$bin" --version >/dev/null
echo "$bin"
