#!/usr/bin/env python3
"""Precision and recall of `transcrub clean --fuzzy`, measured honestly.

    python3 bench/fuzzy_measure.py [--verbose]

1. The seed episode (fixtures/mci-2025-02-07.txt). The truth is what the
   podcast's full dictionary (with its hand-listed variants) corrects to a
   name: a canonical `transcrub dict check --names` lists (one of its words
   is not an ordinary word of the Hunspell lexicon; "quantique" or "le nerf
   de la guerre" are corrections, not names, and fuzzy matching leaves
   them to listed variants). The fuzzy run gets the same dictionary with
   every variant removed, so it knows only the canonical names. A fuzzy
   change is right when the truth corrects the same span of the same line
   to the same canonical: a span a word longer eats a word people said.
2. fixtures/fuzzy-unseen/: a transcript written by someone who never saw
   the matcher, with its canonical-only dictionary and its own list of
   planted misrecognitions (truth.tsv). Not tuned on.

Prints a table; needs a release build (cargo build --release), or the
binary to use in $TRANSCRUB_BIN (tests/fuzzy.rs runs it so).
"""
import csv
import os
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(os.environ.get("TRANSCRUB_BIN", ROOT / "target" / "release" / "transcrub"))
VERBOSE = "--verbose" in sys.argv
# --sweep: one row per threshold, to show what the default trades.
SWEEP = "--sweep" in sys.argv
THRESHOLDS = [None] if not SWEEP else ["0.70", "0.75", "0.80", "0.85", "0.90"]


def run(args):
    out = subprocess.run([str(BIN), *args], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"transcrub {' '.join(args)} failed: {out.stderr}")
    return out


def report(args):
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as f:
        run([*args, "-q", "--report", f.name, "--dry-run"])
        return [json.loads(l) for l in Path(f.name).read_text().splitlines() if l]


def canonical_only(dictionary: Path, out: Path):
    data = tomllib.loads(dictionary.read_text())
    lines = []
    if "language" in data:
        lines.append(f'language = "{data["language"]}"')
    seen = set()
    for term in data.get("term", []):
        c = term["canonical"]
        if c in seen:
            continue
        seen.add(c)
        lines.append(f"\n[[term]]\ncanonical = {json.dumps(c, ensure_ascii=False)}")
    out.write_text("\n".join(lines) + "\n")


def overlaps(a, b):
    """Same line, same canonical, and the same span: a change that takes a
    word more or less than the misrecognition ("Jenkin ou" for "Jenkin")
    deletes or leaves something a person said, so it is wrong."""
    if a["line"] != b["line"] or a["canonical"] != b["canonical"]:
        return False
    same = lambda t: " ".join(t.split())
    return a["column"] == b["column"] and same(a["before"]) == same(b["before"])


def score(name, truth, found):
    right = [f for f in found if any(overlaps(f, t) for t in truth)]
    wrong = [f for f in found if f not in right]
    missed = [t for t in truth if not any(overlaps(f, t) for f in found)]
    precision = len(right) / len(found) if found else 1.0
    recall = (len(truth) - len(missed)) / len(truth) if truth else 1.0
    if VERBOSE:
        for w in wrong:
            print(f"  wrong  {name} {w['line']}:{w['column']} {w['before']!r} -> {w['canonical']} ({w.get('score')})")
        for m in missed:
            print(f"  missed {name} {m['line']}:{m['column']} {m['before']!r} -> {m['canonical']}")
    return len(truth), len(found), len(right), precision, recall


def fuzzy_changes(transcript, dictionary, threshold=None):
    extra = ["--fuzzy-threshold", threshold] if threshold else []
    return [
        {**c, "canonical": c["term"]}
        for c in report(["clean", str(transcript), "-d", str(dictionary), "--fuzzy", *extra])
        if c["rule"] == "fuzzy"
    ]


def main():
    rows = []
    seed = ROOT / "fixtures" / "mci-2025-02-07.txt"
    full = ROOT / "dictionaries" / "messages-a-caractere-informatique.toml"
    with tempfile.TemporaryDirectory() as tmp:
        canon = Path(tmp) / "canonical-only.toml"
        canonical_only(full, canon)
        names = set(run(["dict", "check", "--names", str(full)]).stdout.splitlines())
        truth = [
            {**c, "canonical": c["term"]}
            for c in report(["clean", str(seed), "-d", str(full)])
            if c["rule"] == "dictionary" and c["term"] in names
        ]
        for t in THRESHOLDS:
            name = "seed episode (tuned on)" + (f", threshold {t}" if t else "")
            rows.append((name,) + score("seed", truth, fuzzy_changes(seed, canon, t)))
    unseen = ROOT / "fixtures" / "fuzzy-unseen"
    if (unseen / "truth.tsv").exists():
        with open(unseen / "truth.tsv", encoding="utf-8") as f:
            truth = [
                {"line": int(r["line"]), "column": int(r["column"]), "before": r["mangled"], "canonical": r["canonical"]}
                for r in csv.DictReader(f, delimiter="\t")
            ]
        for t in THRESHOLDS:
            found = fuzzy_changes(unseen / "episode.txt", unseen / "names.toml", t)
            name = "fuzzy-unseen (not tuned on)" + (f", threshold {t}" if t else "")
            rows.append((name,) + score("unseen", truth, found))
        traps = [l.split("\t") for l in (unseen / "traps.tsv").read_text().splitlines()[1:] if l]
        changed = fuzzy_changes(unseen / "episode.txt", unseen / "names.toml", "0")
        hit = [t for t in traps if any(c["line"] == int(t[0]) and c["column"] <= int(t[1]) < c["column"] + len(c["before"]) for c in changed)]
        print(f"traps of fixtures/fuzzy-unseen changed even at threshold 0: {len(hit)} of {len(traps)}")
    print("| transcript | misrecognitions | fuzzy changes | right | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, t, f, r, p, rc in rows:
        print(f"| {name} | {t} | {f} | {r} | {p:.2f} | {rc:.2f} |")


if __name__ == "__main__":
    main()
