#!/usr/bin/env bash
# Exact cleaning against fuzzy cleaning on a large corpus: the seed episode
# repeated with its lines shuffled (real French speech, real manglings),
# with the podcast's dictionary. Prints a table. Usage:
#   bench/fuzzy_speed.sh [COPIES]    (default 300: about 18 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-300}
cargo build --release -q
mkdir -p bench/data
corpus=bench/data/fuzzy-corpus.txt
python3 - "$corpus" "$copies" <<'PY'
import random, sys
out, copies = sys.argv[1], int(sys.argv[2])
lines = open("fixtures/mci-2025-02-07.txt", encoding="utf-8").read().split("\n")[8:1364]
rng = random.Random(7)
with open(out, "w", encoding="utf-8") as f:
    for _ in range(copies):
        rng.shuffle(lines)
        f.write("\n".join(lines) + "\n")
PY
dict=dictionaries/messages-a-caractere-informatique.toml
mb=$(python3 -c "import os; print(f'{os.path.getsize(\"$corpus\")/1e6:.1f}')")
printf '| run | MB | wall s | peak RSS MB |\n|---|---:|---:|---:|\n'
for flags in "" "--fuzzy"; do
  /usr/bin/time -f "%e %M" -o /tmp/fuzzy-time ./target/release/transcrub clean "$corpus" -d "$dict" -q $flags > /dev/null
  read -r secs kb < /tmp/fuzzy-time
  printf '| clean %s | %s | %s | %d |\n' "${flags:-(exact)}" "$mb" "$secs" $((kb / 1024))
done
