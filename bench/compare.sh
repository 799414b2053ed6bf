#!/usr/bin/env bash
# Side-by-side benchmark: transcrub vs ripgrep vs typos vs codespell on one
# synthetic corpus and dictionary (see BENCHMARKS.md).
#
#   bench/compare.sh [MB] [SMALL_MB]
#
#   MB        corpus size for transcrub and rg (default 100; 1 MB = 10^6 bytes)
#   SMALL_MB  prefix of that corpus given to typos and codespell, which are much
#             slower (default 10); transcrub is also timed on this prefix so
#             every tool has a transcrub figure on the very same bytes
#
# Environment: RUNS (default 3; the median is kept), BENCH_DATA (default
# bench/data, gitignored), SEED (default 42), SKIP_INSTALL=1 (do not install
# missing tools), SKIP_BUILD=1 (use the existing binary), TRANSCRUB=path
# (binary to time instead of target/release/transcrub; implies nothing about
# the build, so combine with SKIP_BUILD=1), ONE_LINE_MB (default 20: the
# seed episode repeated to this size, as lines and as one line), ONE_CUE_MB
# (default 5: the same as SRT, a cue per line and as one cue, for subtitles).
# The report is printed and also saved to $BENCH_DATA/report-<MB>mb.md.

set -uo pipefail

MB=${1:-100}
SMALL=${2:-10}
RUNS=${RUNS:-3}
SEED=${SEED:-42}
TERMS=${TERMS:-10000}
VARIANTS=${VARIANTS:-50000}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
DATA=${BENCH_DATA:-$BENCH_DIR/data}
export PATH="$HOME/.cargo/bin:$PATH"

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

log() { printf '== %s\n' "$*" >&2; }
T_START=$(date +%s)

# ------------------------------------------------------------------ tools
apt_install() {
    $SUDO apt-get install -y -qq "$@" >/dev/null 2>&1 ||
        { $SUDO apt-get update -qq >/dev/null 2>&1 && $SUDO apt-get install -y -qq "$@" >/dev/null 2>&1; }
}

install_tools() {
    if ! command -v rg >/dev/null 2>&1; then
        log "installing ripgrep"
        apt_install ripgrep || cargo install ripgrep --locked
    fi
    if ! command -v typos >/dev/null 2>&1; then
        log "installing typos (cargo install typos-cli --locked, takes ~2 min)"
        cargo install typos-cli --locked
    fi
    if ! command -v codespell >/dev/null 2>&1; then
        log "installing codespell"
        python3 -m pip install -q codespell ||
            python3 -m pip install -q --user --break-system-packages codespell ||
            apt_install codespell
        hash -r
        if ! command -v codespell >/dev/null 2>&1; then
            export PATH="$HOME/.local/bin:$PATH"
        fi
    fi
}

if [ "${SKIP_INSTALL:-0}" != 1 ]; then install_tools; fi
for t in rg typos codespell python3; do
    command -v "$t" >/dev/null 2>&1 || log "WARNING: $t not found; its rows will show as failed"
done

# ------------------------------------------------------------------ build
TRANSCRUB=${TRANSCRUB:-$ROOT/target/release/transcrub}
BUILD_OK=1
mkdir -p "$DATA"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    log "cargo build --release (log: $DATA/build.log)"
    if ! (cd "$ROOT" && cargo build --release) >"$DATA/build.log" 2>&1; then
        BUILD_OK=0
        log "transcrub build FAILED (see $DATA/build.log); its rows will show as failed"
        tail -5 "$DATA/build.log" >&2
    fi
fi
[ -x "$TRANSCRUB" ] || BUILD_OK=0

# ------------------------------------------------------------------ data
GEN_SUM=$(sha256sum "$BENCH_DIR/gen_corpus.py" | cut -c1-12)
CORPUS_DIR="$DATA/corpus-${MB}mb-s${SEED}-t${TERMS}-v${VARIANTS}"
STAMP="$CORPUS_DIR/.stamp"
WANT_STAMP="$GEN_SUM $MB $SEED $TERMS $VARIANTS"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT_STAMP" ]; then
    log "generating ${MB} MB corpus into $CORPUS_DIR"
    rm -rf "$CORPUS_DIR"
    t0=$(date +%s)
    python3 "$BENCH_DIR/gen_corpus.py" --out "$CORPUS_DIR" --mb "$MB" --seed "$SEED" \
        --terms "$TERMS" --variants "$VARIANTS" || { log "corpus generation failed"; exit 1; }
    echo "$WANT_STAMP" >"$STAMP"
    log "generated in $(( $(date +%s) - t0 )) s"
else
    log "reusing corpus in $CORPUS_DIR"
fi
CORPUS="$CORPUS_DIR/corpus.txt"
DICT="$CORPUS_DIR/dict.toml"
TRUTH="$CORPUS_DIR/truth.tsv"

# Prefix for the slow tools, cut at a line boundary.
SMALL_CORPUS="$CORPUS"
if python3 -c "import sys; sys.exit(0 if float('$SMALL') < float('$MB') else 1)"; then
    SMALL_CORPUS="$CORPUS_DIR/corpus-${SMALL}mb.txt"
    if [ ! -f "$SMALL_CORPUS" ] || [ "$SMALL_CORPUS" -ot "$CORPUS" ]; then
        python3 - "$CORPUS" "$SMALL_CORPUS" "$SMALL" <<'EOF'
import sys
src, dst, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
data = open(src, "rb").read(int(mb * 1_000_000))
open(dst, "wb").write(data[: data.rfind(b"\n") + 1])
EOF
    fi
fi

WORK="$DATA/work"
# transcrub's compiled-dictionary cache, kept with the run's files: every
# run starts without one, and the user's own cache is left alone.
export TRANSCRUB_CACHE_DIR="$WORK/cache"
rm -rf "$WORK"
mkdir -p "$WORK"
RESULTS="$WORK/results.jsonl"
# Time a private copy: a concurrent `cargo build` must not swap the binary mid-run.
if [ "$BUILD_OK" = 1 ]; then
    cp "$TRANSCRUB" "$WORK/transcrub" && TRANSCRUB="$WORK/transcrub"
fi
M="python3 $BENCH_DIR/measure.py"

# ------------------------------------------------------------------ transcrub sanity check
# A broken or unfinished binary must show as "failed", not as a fast tool:
# feed it one corpus line holding a single-word variant and expect the canonical.
SANITY_WHY=""
if [ "$BUILD_OK" = 1 ]; then
    read -r s_line s_canon s_var <<<"$(awk -F'\t' '$3 == $4 && $3 !~ / / && $2 !~ / / {print $1, $2, $3; exit}' "$TRUTH")"
    sed -n "${s_line}p" "$CORPUS" >"$WORK/sanity.txt"
    if ! "$TRANSCRUB" clean "$WORK/sanity.txt" -d "$DICT" -o "$WORK/sanity.out" --quiet \
        >"$WORK/sanity.log" 2>&1; then
        SANITY_WHY="sanity run exited non-zero: $(tail -1 "$WORK/sanity.log" | cut -c1-80)"
    elif ! grep -qF "$s_canon" "$WORK/sanity.out" 2>/dev/null; then
        SANITY_WHY="sanity: '$s_var' not replaced by '$s_canon'"
    fi
    [ -n "$SANITY_WHY" ] && log "transcrub $SANITY_WHY"
fi

run_transcrub() { # label input [extra flags...]
    local label=$1 input=$2
    shift 2
    local cmd=("$TRANSCRUB" clean "$input" -d "$DICT" -o "$WORK/transcrub.out" --quiet "$@")
    if [ "$BUILD_OK" != 1 ]; then
        $M fail --results "$RESULTS" --tool "$label" --input "$input" --why "build" --command "${cmd[*]}"
    elif [ -n "$SANITY_WHY" ]; then
        $M fail --results "$RESULTS" --tool "$label" --input "$input" --why "$SANITY_WHY" --command "${cmd[*]}"
    else
        $M run --results "$RESULTS" --tool "$label" --input "$input" --runs "$RUNS" \
            --diff "$input" "$WORK/transcrub.out" --truth "$TRUTH" -- "${cmd[@]}"
    fi
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "timing (each command $RUNS times, median kept; load average now $LOAD_BEFORE)"
# 1. dictionary loading alone (empty input): from the TOML (no cache), then
# read back from the compiled cache, which the first of these runs fills.
if [ "$BUILD_OK" = 1 ] && [ -z "$SANITY_WHY" ]; then
    $M run --results "$RESULTS" --tool "transcrub dict load, no cache (empty input)" --input /dev/null \
        --runs "$RUNS" -- env TRANSCRUB_CACHE_DIR= "$TRANSCRUB" clean /dev/null -d "$DICT" --from txt --quiet
    "$TRANSCRUB" clean /dev/null -d "$DICT" --from txt --quiet
    $M run --results "$RESULTS" --tool "transcrub dict load, compiled cache (empty input)" --input /dev/null \
        --runs "$RUNS" -- "$TRANSCRUB" clean /dev/null -d "$DICT" --from txt --quiet
else
    $M fail --results "$RESULTS" --tool "transcrub dict load (empty input)" --input /dev/null \
        --why "${SANITY_WHY:-build}" --command "$TRANSCRUB clean /dev/null -d $DICT --from txt --quiet"
fi
# startup of the other tools: pattern/config loading on an empty file
: >"$WORK/empty.txt"
$M run --results "$RESULTS" --tool "rg startup (empty input)" --input /dev/null --runs "$RUNS" \
    --ok-codes 1 -- rg -F -f "$CORPUS_DIR/variants.txt" --count "$WORK/empty.txt"
$M run --results "$RESULTS" --tool "typos startup (empty input)" --input /dev/null --runs "$RUNS" \
    -- typos --isolated --config "$CORPUS_DIR/typos.toml" --write-changes "$WORK/empty.txt"
$M run --results "$RESULTS" --tool "codespell startup (empty input)" --input /dev/null --runs "$RUNS" \
    -- codespell -w -D "$CORPUS_DIR/codespell.txt" "$WORK/empty.txt"
# 2. transcrub on the full corpus: every pass (the default), and without
#    the artifact pass, the same job the other tools do.
run_transcrub "transcrub clean" "$CORPUS"
run_transcrub "transcrub clean --keep-artifacts" "$CORPUS" --keep-artifacts
# The same through a FIFO, its reader started first, as `-o` into a named
# pipe runs: written as it is made, so memory is the same as with `-o`.
if [ "$BUILD_OK" = 1 ] && [ -z "$SANITY_WHY" ]; then
    rm -f "$WORK/out.fifo" && mkfifo "$WORK/out.fifo"
    $M run --results "$RESULTS" --tool "transcrub clean (through a FIFO)" --input "$CORPUS" --runs "$RUNS" \
        -- bash -c 'cat "$1" >/dev/null & exec "$2" clean "$3" -d "$4" -o "$1" --quiet' \
        _ "$WORK/out.fifo" "$TRANSCRUB" "$CORPUS" "$DICT"
    rm -f "$WORK/out.fifo"
fi
# 3. ripgrep (exit 1 = no line matched, still a valid count): case-sensitive multi-literal line count
$M run --results "$RESULTS" --tool "rg -F -f (count)" --input "$CORPUS" --runs "$RUNS" \
    --count-stdout --truth "$TRUTH" --ok-codes 1 -- rg -F -f "$CORPUS_DIR/variants.txt" --count "$CORPUS"
# 4. the slow tools on the prefix, with transcrub on the same prefix.
#    typos exits 2 when it leaves typos it cannot fix (several suggestions).
if [ "$SMALL_CORPUS" != "$CORPUS" ]; then
    run_transcrub "transcrub clean (same prefix)" "$SMALL_CORPUS"
    run_transcrub "transcrub clean --keep-artifacts (same prefix)" "$SMALL_CORPUS" --keep-artifacts
fi
$M run --results "$RESULTS" --tool "typos --write-changes" --input "$SMALL_CORPUS" --runs "$RUNS" \
    --copy "$SMALL_CORPUS" "$WORK/typos.txt" --diff "$SMALL_CORPUS" "$WORK/typos.txt" --truth "$TRUTH" \
    --ok-codes 2 \
    -- typos --isolated --config "$CORPUS_DIR/typos.toml" --format brief --write-changes "$WORK/typos.txt"
$M run --results "$RESULTS" --tool "codespell -w" --input "$SMALL_CORPUS" --runs "$RUNS" \
    --copy "$SMALL_CORPUS" "$WORK/codespell.txt" --diff "$SMALL_CORPUS" "$WORK/codespell.txt" --truth "$TRUTH" \
    -- codespell -w -D "$CORPUS_DIR/codespell.txt" "$WORK/codespell.txt"

# 5. Start-up: one line with the built-in lists, what a pre-commit hook
#    or a per-file CI job pays for every file.
printf "Bonjour à tous, aujourd'hui on parle d'Elasticsearch et de Kubernetes.\n" >"$WORK/one-line.txt"
if [ "$BUILD_OK" = 1 ]; then
    $M run --results "$RESULTS" --tool "transcrub clean: start-up (one line, built-in lists)" --input "$WORK/one-line.txt" \
        --runs "$((RUNS * 3))" -- "$TRANSCRUB" clean "$WORK/one-line.txt" --quiet
fi
$M run --results "$RESULTS" --tool "typos startup (one line)" --input "$WORK/one-line.txt" --runs "$((RUNS * 3))" \
    --ok-codes 2 -- typos --isolated "$WORK/one-line.txt"
$M run --results "$RESULTS" --tool "codespell startup (one line)" --input "$WORK/one-line.txt" --runs "$((RUNS * 3))" \
    --ok-codes 65 -- codespell "$WORK/one-line.txt"

# 6. Many small files: 1,000 files of 2-5 KB cut from the prefix, linted
#    and cleaned into a folder by transcrub, fixed in place by typos and
#    codespell with the same dictionary.
SMALL_FILES="$WORK/small-files"
python3 "$BENCH_DIR/compare_inputs.py" small-files "$SMALL_CORPUS" "$SMALL_FILES"
if [ "$BUILD_OK" = 1 ] && [ -z "$SANITY_WHY" ]; then
    # lint exits 1 when it has findings (the corpus is full of variants).
    $M run --results "$RESULTS" --tool "transcrub lint (1,000 files)" --input "$SMALL_FILES" --runs "$RUNS" \
        --ok-codes 1 -- "$TRANSCRUB" lint "$SMALL_FILES" -d "$DICT" --format concise --quiet
    # Into an empty folder each run, as typos and codespell get fresh
    # copies: every output a new file. Then the same run again over its
    # own outputs, which hold what it would write and are left as they
    # are (a re-run, as `make` or a pre-commit hook does it).
    rm -rf "$WORK/empty-folder" && mkdir -p "$WORK/empty-folder"
    $M run --results "$RESULTS" --tool "transcrub clean --out-dir (1,000 files)" --input "$SMALL_FILES" \
        --runs "$RUNS" --copy "$WORK/empty-folder" "$WORK/small-out" \
        -- "$TRANSCRUB" clean "$SMALL_FILES"/*.txt -d "$DICT" --out-dir "$WORK/small-out" --quiet
    $M run --results "$RESULTS" --tool "transcrub clean --out-dir (1,000 files, outputs there already)" \
        --input "$SMALL_FILES" --runs "$RUNS" \
        -- "$TRANSCRUB" clean "$SMALL_FILES"/*.txt -d "$DICT" --out-dir "$WORK/small-out" --quiet
fi
$M run --results "$RESULTS" --tool "typos --write-changes (1,000 files)" --input "$SMALL_FILES" --runs "$RUNS" \
    --copy "$SMALL_FILES" "$WORK/small-typos" --ok-codes 2 \
    -- typos --isolated --config "$CORPUS_DIR/typos.toml" --format brief --write-changes "$WORK/small-typos"
$M run --results "$RESULTS" --tool "codespell -w (1,000 files)" --input "$SMALL_FILES" --runs "$RUNS" \
    --copy "$SMALL_FILES" "$WORK/small-codespell" \
    -- codespell -w -D "$CORPUS_DIR/codespell.txt" "$WORK/small-codespell"

# 7. Shape: the seed episode repeated to ONE_LINE_MB, in its lines and
#    joined into one line, with the podcast's dictionary: the cost must not
#    grow with the length of a line.
ONE_LINE_MB=${ONE_LINE_MB:-20}
python3 "$BENCH_DIR/compare_inputs.py" one-line "$ROOT/fixtures/mci-2025-02-07.txt" "$WORK" "$ONE_LINE_MB"
PODCAST_DICT="$ROOT/dictionaries/messages-a-caractere-informatique.toml"
if [ "$BUILD_OK" = 1 ]; then
    for shape in lines one-line; do
        $M run --results "$RESULTS" --tool "transcrub clean, seed as $shape (${ONE_LINE_MB} MB)" \
            --input "$WORK/seed-$shape.txt" --runs "$RUNS" \
            -- "$TRANSCRUB" clean "$WORK/seed-$shape.txt" -d "$PODCAST_DICT" --quiet
    done
fi

# 7b. The same for subtitles: the seed repeated to ONE_CUE_MB as SRT, a
#     cue per line, and as one cue of the same text and span (one long
#     recogniser segment without word times, whose words are timed by
#     their widths), with and without an emoji at each copy's start.
ONE_CUE_MB=${ONE_CUE_MB:-5}
python3 "$BENCH_DIR/compare_inputs.py" one-cue "$ROOT/fixtures/mci-2025-02-07.txt" "$WORK" "$ONE_CUE_MB"
if [ "$BUILD_OK" = 1 ]; then
    for shape in cues one-cue one-cue-emoji; do
        $M run --results "$RESULTS" --tool "transcrub subtitles, seed as $shape (${ONE_CUE_MB} MB SRT)" \
            --input "$WORK/seed-$shape.srt" --runs "$RUNS" \
            -- "$TRANSCRUB" subtitles "$WORK/seed-$shape.srt" -d "$PODCAST_DICT" --quiet
    done
fi

# 8. A stream of JSON Lines records of 60 corpus lines each (clean --jsonl).
python3 "$BENCH_DIR/compare_inputs.py" records "$SMALL_CORPUS" "$WORK/records.jsonl"
if [ "$BUILD_OK" = 1 ] && [ -z "$SANITY_WHY" ]; then
    # --jsonl reads its records on stdin.
    $M run --results "$RESULTS" --tool "transcrub clean --jsonl (records of 60 lines)" --input "$WORK/records.jsonl" \
        --runs "$RUNS" -- sh -c '"$0" clean --jsonl -d "$1" --quiet <"$2"' "$TRANSCRUB" "$DICT" "$WORK/records.jsonl"
fi

# 9. Timed input: the prefix as SRT and as Whisper TSV, a cue per line.
#    `clean` streams both in windows (the second row of each is the same
#    file read whole, for the difference); `subtitles` re-segments the SRT
#    into cues to the house style (segmentation's speed as a user sees it,
#    reading and cleaning included), and makes subtitles of the prefix
#    itself, plain text timed at the speaking rate; both in windows.
python3 "$BENCH_DIR/compare_inputs.py" timed "$SMALL_CORPUS" "$WORK"
if [ "$BUILD_OK" = 1 ] && [ -z "$SANITY_WHY" ]; then
    for ext in srt tsv; do
        $M run --results "$RESULTS" --tool "transcrub clean, the prefix as $ext (windows)" \
            --input "$WORK/timed.$ext" --runs "$RUNS" --fresh "$WORK/timed.out.$ext" \
            -- "$TRANSCRUB" clean "$WORK/timed.$ext" -d "$DICT" -o "$WORK/timed.out.$ext" --quiet
        $M run --results "$RESULTS" --tool "transcrub clean, the prefix as $ext (read whole)" \
            --input "$WORK/timed.$ext" --runs "$RUNS" --fresh "$WORK/timed.whole.$ext" \
            -- env TRANSCRUB_WINDOW_BYTES=1000000000 "$TRANSCRUB" clean "$WORK/timed.$ext" -d "$DICT" -o "$WORK/timed.whole.$ext" --quiet
        cmp -s "$WORK/timed.out.$ext" "$WORK/timed.whole.$ext" \
            || echo "warning: the $ext windows and the whole file gave different outputs" >&2
    done
    # Real transcripts hold what a recogniser invents: a credit in every
    # window, each window cleaned in two removal rounds.
    $M run --results "$RESULTS" --tool "transcrub clean, the prefix as srt, a credit every 2,000 cues" \
        --input "$WORK/timed-credits.srt" --runs "$RUNS" --fresh "$WORK/timed-credits.out.srt" \
        -- "$TRANSCRUB" clean "$WORK/timed-credits.srt" -d "$DICT" -o "$WORK/timed-credits.out.srt" --quiet
    $M run --results "$RESULTS" --tool "transcrub subtitles, the prefix as srt" \
        --input "$WORK/timed.srt" --runs "$RUNS" --fresh "$WORK/timed.subs.srt" \
        -- "$TRANSCRUB" subtitles "$WORK/timed.srt" -d "$DICT" -o "$WORK/timed.subs.srt" --quiet
    # The same to stdout (the harness sends it to a log file), as most
    # people run it: printed as it is made, so memory is the same.
    $M run --results "$RESULTS" --tool "transcrub subtitles, the prefix as srt (to stdout)" \
        --input "$WORK/timed.srt" --runs "$RUNS" \
        -- "$TRANSCRUB" subtitles "$WORK/timed.srt" -d "$DICT" --quiet
    # Plain text: times from the speaking rate, in windows too.
    $M run --results "$RESULTS" --tool "transcrub subtitles, the prefix as txt" \
        --input "$SMALL_CORPUS" --runs "$RUNS" --fresh "$WORK/prefix.subs.srt" \
        -- "$TRANSCRUB" subtitles "$SMALL_CORPUS" -d "$DICT" -o "$WORK/prefix.subs.srt" --quiet
fi

# ------------------------------------------------------------------ report
version() { "$@" 2>/dev/null | head -1 || true; }
REPORT="$DATA/report-${MB}mb.md"
{
    echo "## Benchmark run $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "Machine:"
    echo
    echo "- CPU: $(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1), nproc $(nproc)"
    echo "- memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "- kernel: $(uname -sr); OS: $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
    # The VM these figures were first taken on keeps a new thread on its
    # parent's CPU for milliseconds, and has this knob, which by its name
    # packs threads onto fewer CPUs (BENCHMARKS.md, "Fiftieth round"):
    # short parallel work runs one after the other there.
    if [ -r /proc/sys/kernel/sched_vcpu_pack ]; then
        echo "- kernel.sched_vcpu_pack: $(cat /proc/sys/kernel/sched_vcpu_pack)"
    fi
    echo "- load average (1/5/15 min) before timing: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "Versions:"
    echo
    if [ "$BUILD_OK" = 1 ]; then
        tv=$(version "$TRANSCRUB" --version)
        echo "- transcrub: ${tv:-unknown} (git $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo 'no commit'))"
    else
        echo "- transcrub: build failed"
    fi
    echo "- $(version rg --version)"
    echo "- $(version typos --version)"
    echo "- codespell $(version codespell --version)"
    echo "- $(version rustc --version); $(version python3 --version)"
    echo
    echo "Data: $(python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print('%d terms, %d variants (%d single-word, %d multi-word); corpus %.1f MB, %d lines, %d lines carry a variant (%d in dictionary case)' % (s['terms'], s['variants'], s['single_word_variants'], s['multi_word_variants'], s['corpus_bytes']/1e6, s['corpus_lines'], s['lines_with_variant'], s['lines_with_variant_in_dict_case']))" "$CORPUS_DIR/stats.json")"
    echo
    $M table "$RESULTS" --strip "$ROOT/"
    echo
    echo "Total wall time of this run: $(( $(date +%s) - T_START )) s"
} | tee "$REPORT"
log "report saved to $REPORT"
