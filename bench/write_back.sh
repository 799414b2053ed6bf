#!/usr/bin/env bash
# How much of a file `clean` rewrites when nothing asks for a change:
# every SRT, WebVTT, TSV and text file of the wild corpus and the fixtures,
# cleaned with --keep-artifacts and no dictionary, written back in its own
# format and compared with the input. Prints a table for each binary given
# (default: the release build), and the files not written back byte for
# byte. Usage: bench/write_back.sh [BINARY]...
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
    cargo build --release -q
    set -- target/release/transcrub
fi
wild=bench/corpora/data/wild
[ -d "$wild" ] || echo "data missing: $wild (see bench/corpora/MANIFEST-wild.md); fixtures only" >&2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| binary | files | written back byte for byte | lines of the input rewritten |"
echo "|---|---:|---:|---:|"
for bin in "$@"; do
    files=0 same=0 lines=0 rewritten=()
    for f in "$wild"/*.{srt,vtt,tsv,txt} fixtures/formats/*.{srt,vtt,tsv,txt} fixtures/*.{srt,txt}; do
        [ -f "$f" ] || continue
        case $f in *-bad-*|*.expected.*|*.clean.*) continue ;; esac
        written="$out/out.${f##*.}"
        "$bin" clean "$f" --keep-artifacts -o "$written" -q 2>/dev/null || continue
        files=$((files + 1))
        if cmp -s "$f" "$written"; then
            same=$((same + 1))
        else
            rewritten+=("$(basename "$f")")
        fi
        lines=$((lines + $(diff "$f" "$written" | grep -c '^<' || true)))
    done
    echo "| $bin | $files | $same | $lines |"
    echo "rewritten by $bin: ${rewritten[*]:-none}" >&2
done
