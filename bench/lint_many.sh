#!/usr/bin/env bash
# Lints a folder of 1,000 transcripts (pieces of the seed episode with its
# misrecognitions, ~60 lines each) with one job and with one per core, and
# prints a table. Usage: bench/lint_many.sh [FILES]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release -q
dir=bench/data/lint-many
rm -rf "$dir" && mkdir -p "$dir"
python3 - "$dir" "$n" <<'PY'
import sys
dir, n = sys.argv[1], int(sys.argv[2])
lines = open("fixtures/mci-2025-02-07.txt", encoding="utf-8").read().split("\n")[8:1364]
for i in range(n):
    start = (i * 37) % (len(lines) - 60)
    with open(f"{dir}/episode-{i:04}.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(lines[start:start + 60]) + "\n")
PY
bytes=$(cat "$dir"/*.txt | wc -c)
dict=dictionaries/messages-a-caractere-informatique.toml
printf '| run | files | MB | wall s | files/s |\n|---|---:|---:|---:|---:|\n'
for jobs in 1 $(nproc); do
  start=$(date +%s.%N)
  ./target/release/transcrub lint "$dir" -d "$dict" --format json -j "$jobs" > /tmp/lint-many.jsonl || true
  end=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[1]); print(f'| transcrub lint -j $jobs | $n | {$bytes/1e6:.1f} | {s:.2f} | {$n/s:.0f} |')" "$(echo "$end - $start" | bc)"
done
echo "transcrub findings: $(wc -l < /tmp/lint-many.jsonl)"
# What a team would otherwise run in CI over the same folder, with their
# built-in lists (they know none of the show's names): for scale only.
for tool in "typos --format brief" "codespell"; do
  name=${tool%% *}
  command -v "$name" >/dev/null || { echo "$name: not installed"; continue; }
  start=$(date +%s.%N)
  $tool "$dir" > /tmp/lint-many.$name 2>&1 || true
  end=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[1]); print(f'| $name (built-in list) | $n | {$bytes/1e6:.1f} | {s:.2f} | {$n/s:.0f} | {sys.argv[2]} findings')" "$(echo "$end - $start" | bc)" "$(wc -l < /tmp/lint-many.$name)"
done
