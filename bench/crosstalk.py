#!/usr/bin/env python3
"""How late what is said over a turn is shown: back-channels in Teams files.

Teams writes a turn as one cue, and what another speaker says during it as
cues of their own after it. For each such cue (another named speaker,
inside the turn from at least 1 s before its end to at most 0.5 s after
it, as src/segment/crosstalk.rs finds them) of the Teams transcripts of
bench/corpora/data/wild/ (MANIFEST-wild.md rows 60 to 62), this finds the
subtitle of `transcrub subtitles --format srt` that holds its text and
starts nearest its time (none more than 15 s before it), and prints how
late it is shown: median, mean, latest, how many more than 2 s late or
early. Short texts ("Yeah.") said often may match another copy: read the
subtitles of the files with few such cues by eye.

    python3 bench/crosstalk.py [--transcrub PATH]

Without the data it says so and exits 0.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys

from conservation import said_over

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench", "corpora", "data", "wild")
FILES = ["60_ja_vtt2md_teams_bonding.vtt", "61_en_thesis_teams_bom.vtt", "62_es_vetify_teams_engage.vtt"]


def ms(t):
    return ((int(t[0:2]) * 60 + int(t[3:5])) * 60 + int(t[6:8])) * 1000 + int(t[9:12])


def subtitles(srt):
    out = []
    for block in srt.strip().split("\n\n"):
        rows = block.split("\n")
        if len(rows) >= 3 and " --> " in rows[1]:
            start, end = rows[1].split(" --> ")
            out.append((ms(start), ms(end), " ".join(rows[2:])))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcrub", default=os.path.join(ROOT, "target", "release", "transcrub"))
    args = parser.parse_args()
    present = [f for f in FILES if os.path.exists(os.path.join(DATA, f))]
    if not present:
        print(f"data missing: none of {', '.join(FILES)} is in {os.path.relpath(DATA, ROOT)}")
        return 0
    print("| file | cues said over a turn | found | median ms | mean ms | latest ms | > 2 s late | > 2 s early |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in present:
        path = os.path.join(DATA, name)
        model = subprocess.run([args.transcrub, "clean", path, "--to", "json", "--keep-artifacts", "-q"],
                               capture_output=True, text=True, check=True).stdout
        srt = subprocess.run([args.transcrub, "subtitles", path, "--format", "srt", "-q"],
                             capture_output=True, text=True, check=True).stdout
        subs = subtitles(srt)
        overs = said_over(json.loads(model)["cues"])
        late = []
        for cue in overs:
            text = re.sub(r"<[^>]*>", "", cue["text"]).strip()
            holding = [s for s in subs if text in s[2] and s[0] >= cue["start"] - 15000]
            if holding:
                late.append(min(holding, key=lambda s: abs(s[0] - cue["start"]))[0] - cue["start"])
        row = [name, len(overs), len(late)]
        if late:
            row += [round(statistics.median(late)), round(statistics.mean(late)), max(late),
                    sum(x > 2000 for x in late), sum(x < -2000 for x in late)]
        print("| " + " | ".join(str(c) for c in row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
