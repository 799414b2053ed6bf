#!/usr/bin/env bash
# Exact cleaning against fuzzy cleaning on a large corpus: the seed episode
# repeated with its lines shuffled (real French speech, real manglings),
# with the podcast's dictionary. Prints a table. Usage:
#   bench/fuzzy_speed.sh [COPIES]    (default 300: about 18 MB)
# TRANSCRUB=/path/to/binary times another binary. The last two rows run
# without a lexicon (--lang sv), where every span is scored.
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
bin=${TRANSCRUB:-./target/release/transcrub}
# Swedish has no lexicon installed here (no hunspell-sv): fuzzy matching
# without one scores every span, the worst case, and only suggests.
if [ -e /usr/share/hunspell/sv_SE.dic ] || [ -e /usr/share/hunspell/sv.dic ]; then
  echo "note: a Swedish lexicon is installed; the --lang sv rows have one" >&2
fi
printf '| run | MB | wall s | CPU s | peak RSS MB |\n|---|---:|---:|---:|---:|\n'
for flags in "" "--fuzzy" "--lang sv" "--lang sv --fuzzy"; do
  # shellcheck disable=SC2086 # the flags are words
  /usr/bin/time -f "%e %U %S %M" -o /tmp/fuzzy-time "$bin" clean "$corpus" -d "$dict" -q $flags > /dev/null 2>&1
  read -r secs user sys kb < /tmp/fuzzy-time
  cpu=$(python3 -c "print(f'{$user + $sys:.2f}')")
  printf '| clean %s | %s | %s | %s | %d |\n' "${flags:-(exact)}" "$mb" "$secs" "$cpu" $((kb / 1024))
done
