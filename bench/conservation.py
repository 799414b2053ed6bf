#!/usr/bin/env python3
"""Nothing a person said is lost: word counts through `clean` and `subtitles`.

For each real transcript of bench/corpora/data/wild/ (MANIFEST-wild.md says
where each comes from), with no dictionary:

- `clean --keep-artifacts --to txt` gives the words as read;
- `clean --to txt --report FILE` must lose only words its report lists as
  removed (each change's `before` less its `after`): a word gone without a
  change would be speech lost silently;
- `subtitles --format srt` must hold the same words, in the same order, as
  `clean` (a word too long for a line is cut into pieces: the sequence of
  characters is compared, not the words); in a file that highlights each
  word in a copy of its sentence, as `clean`'s lines with each run of
  copies once. A label naming a cue's speaker (`[SPEAKER_00]: `, Zoom's
  `Name: `) is no words said: subtitles show the speaker their own way, so
  the words compared are those of `clean --to json`'s cues less the label
  of each cue's speaker (JSON inputs keep their speakers in fields). A
  cue another speaker said over a long turn (Teams writes it after the
  turn) is shown where it was said, inside the turn
  (src/segment/crosstalk.rs): in a file with such cues, the characters
  of the words are compared as counts, each as often, their order aside
  (characters, not words: a turn of Japanese cut in two cuts a run of
  characters that reads as one word here).

Words are runs of letters and digits (apostrophes inside kept), lower-cased.
A file the manifest marks as not read must fail with exit code 2 and a
one-line error; every other run must succeed. Prints a table, exits 1 on any
loss, unexpected exit code or panic.

    python3 bench/conservation.py [--transcrub PATH] [--verbose]

Without the data it says so and exits 0.
"""

import argparse
import collections
import html
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench", "corpora", "data", "wild")
MANIFEST = os.path.join(ROOT, "bench", "corpora", "MANIFEST-wild.md")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def words(text):
    return [w.lower() for w in WORD.findall(text)]


def manifest():
    """File name -> whether transcrub reads it, from the manifest's table."""
    files = {}
    for line in open(MANIFEST, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) >= 10 and re.match(r"\d\d_", cells[0]):
            files[cells[0]] = cells[8].startswith("yes")
    return files


def srt_text(srt):
    """The text lines of an SRT, without numbers, times or tags."""
    lines = []
    for block in re.split(r"\n\s*\n", srt.strip()):
        rows = block.splitlines()
        if len(rows) >= 2 and "-->" in rows[1]:
            rows = rows[2:]
        lines.extend(re.sub(r"<[^>]+>", "", row) for row in rows)
    return "\n".join(lines)


def said(model):
    """The words of a transcript as `clean --to json` writes it (cues with
    their text and speaker), without markup or the label that names each
    cue's speaker."""
    spoken = []
    for cue in json.loads(model).get("cues", []):
        text = cue.get("text", "")
        speaker = cue.get("speaker")
        if speaker:
            for label in (f"[{speaker}]:", f"{speaker}:"):
                rest = text[len(label):]
                if text.startswith(label) and rest[:1] in (" ", "\t"):
                    text = rest
                    break
        spoken.append(html.unescape(re.sub(r"<[^>]+>", "", text)))
    return words("\n".join(spoken))


def said_over(cues):
    """The cues of `clean --to json`'s transcript (its "cues") another
    speaker said over the turn before them, as src/segment/crosstalk.rs
    finds them: inside it, from at least 1 s before its end to at most
    0.5 s after it, the turn without word times."""
    found, host = [], None
    for cue in cues:
        timed = "start" in cue and "end" in cue
        if host and timed and cue.get("text", "").strip():
            speakers = (host.get("speaker"), cue.get("speaker"))
            if (all(speakers) and speakers[0] != speakers[1]
                    and not any("start" in w and "end" in w for w in host.get("words", []))
                    and host["start"] <= cue["start"] and cue["start"] + 1000 <= host["end"]
                    and cue["end"] <= host["end"] + 500):
                found.append(cue)
                continue
        host = cue if timed else None
    return found


def highlighted(path):
    """Whether most cues of a subtitle file highlight a word in a copy of
    their sentence (`<font color=...>` or `<u>` around one word)."""
    if not path.endswith((".srt", ".vtt")):
        return False
    text = open(path, encoding="utf-8", errors="replace").read()
    blocks = [b for b in re.split(r"\n\s*\n", text) if "-->" in b]
    marked = sum(1 for b in blocks if re.search(r"<font color=|<u>", b))
    return bool(blocks) and marked * 2 > len(blocks)


def run(transcrub, args):
    done = subprocess.run([transcrub] + args, capture_output=True, timeout=600)
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def measure(transcrub, path, readable, verbose):
    """The row of one file, and the problems found."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.jsonl")
        # The words as said: `clean --to txt` writes a speaker's name
        # before each cue by default, which no subtitle shows.
        txt = ["--to", "txt", "--speakers", "native", "-q"]
        runs = {
            "read": run(transcrub, ["clean", path, "--keep-artifacts", *txt]),
            "clean": run(transcrub, ["clean", path, "--report", report, *txt]),
            "subtitles": run(transcrub, ["subtitles", path, "--format", "srt", "-q"]),
        }
        if not path.endswith(".json"):
            runs["model"] = run(transcrub, ["clean", path, "--to", "json", "-q"])
        changes = []
        if os.path.exists(report):
            changes = [json.loads(line) for line in open(report, encoding="utf-8")]
    for name, (code, _, err) in runs.items():
        if "panicked" in err:
            problems.append(f"{name} panicked: {err.strip()[:200]}")
        elif readable and code != 0:
            problems.append(f"{name} exit {code}: {err.strip()[:200]}")
        elif not readable and (code != 2 or err.count("\n") != 1):
            problems.append(f"{name} should refuse the file in one line with exit 2, got {code}: {err.strip()[:200]}")
    if not readable:
        return ["not read", "", "", "", "", ""], problems
    read, cleaned = words(runs["read"][1]), words(runs["clean"][1])
    removed = collections.Counter(read)
    removed.subtract(cleaned)
    removed = +removed
    reported = collections.Counter()
    for change in changes:
        before = collections.Counter(words(change.get("before", "")))
        before.subtract(words(change.get("after", "")))
        reported += +before
    unreported = removed - reported
    if unreported:
        problems.append(f"clean removed {sum(unreported.values())} words no change lists: {list(unreported.items())[:10]}")
    shown = words(srt_text(runs["subtitles"][1]))
    # Word highlighting (stable-ts, WhisperX `--highlight_words`) writes a
    # sentence once per word it highlights; `subtitles` shows it once, as
    # it was said: compare with clean's lines, each run of copies once.
    expected = cleaned
    if "model" in runs:
        expected = said(runs["model"][1])
    if highlighted(path):
        lines = [line for line in runs["clean"][1].splitlines() if line.strip()]
        once = [line for k, line in enumerate(lines) if k == 0 or line != lines[k - 1]]
        expected = words("\n".join(once))
    same = "".join(expected) == "".join(shown)
    moved = len(said_over(json.loads(runs["model"][1]).get("cues", []))) if "model" in runs else 0
    if moved:
        a, b = collections.Counter("".join(expected)), collections.Counter("".join(shown))
        same = a == b
        if not same:
            problems.append(f"subtitles hold other characters than clean: {list(((a - b) + (b - a)).items())[:10]}")
    elif not same:
        a, b = "".join(expected), "".join(shown)
        at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        problems.append(f"subtitles differ from clean at character {at}: {a[at:at + 40]!r} / {b[at:at + 40]!r}")
    rules = collections.Counter(c.get("rule") for c in changes)
    if verbose:
        # Each removal once per text and evidence, for a person to judge.
        seen = collections.Counter((c.get("rule"), c.get("before"), c.get("evidence")) for c in changes if c.get("after") == "")
        for (rule, before, evidence), n in seen.most_common():
            print(f"    {os.path.basename(path)}: {n} x {rule}: {before[:70]!r} ({(evidence or '')[:100]})", file=sys.stderr)
    return [
        str(len(read)),
        str(sum(removed.values())),
        str(sum(unreported.values())),
        ("yes" if same else "**no**") + (f" (as counts: {moved} cues said over a turn)" if moved else ""),
        ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items())) or "-",
        str(len(shown)),
    ], problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcrub", default=os.path.join(ROOT, "target", "release", "transcrub"))
    parser.add_argument("--verbose", action="store_true", help="list every removal, for review")
    args = parser.parse_args()
    files = manifest()
    present = [f for f in sorted(files) if os.path.exists(os.path.join(DATA, f))]
    missing = [f for f in sorted(files) if f not in present]
    if not present:
        print(f"data missing: none of the {len(files)} files of {os.path.relpath(MANIFEST, ROOT)} is in {os.path.relpath(DATA, ROOT)}")
        return 0
    if missing:
        print(f"data missing for {len(missing)} files: {', '.join(missing)}")
    print("| file | words read | removed by clean | removed, not reported | subtitles hold clean's words | changes | words in subtitles |")
    print("|---|---:|---:|---:|---|---|---:|")
    failures = 0
    for name in present:
        row, problems = measure(args.transcrub, os.path.join(DATA, name), files[name], args.verbose)
        print(f"| {name} | " + " | ".join(row) + " |")
        for problem in problems:
            print(f"  ! {name}: {problem}", file=sys.stderr)
        failures += bool(problems)
    print(f"\n{len(present)} files, {failures} with a problem", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
