#!/usr/bin/env python3
"""Inputs for the later rows of bench/compare.sh (python3, stdlib only).

  compare_inputs.py small-files CORPUS DIR
      1,000 files of 2-5 KB of consecutive corpus lines in DIR.
  compare_inputs.py one-line EPISODE WORK MB
      WORK/seed-lines.txt: the episode repeated to about MB megabytes;
      WORK/seed-one-line.txt: the same text with its line breaks made spaces.
  compare_inputs.py one-cue EPISODE WORK MB
      WORK/seed-cues.srt: the episode repeated to about MB megabytes, each
      line a cue lasting its characters at 15 a second, one after another;
      WORK/seed-one-cue.srt: the same text and span as one cue;
      WORK/seed-one-cue-emoji.srt: that cue opening on the show notes'
      microphone (U+1F399 U+FE0F), a grapheme of two characters: the
      cue's words are then measured with the grapheme tables.
  compare_inputs.py records CORPUS OUT
      OUT: JSON Lines, {"id": N, "text": 60 corpus lines} per record.
  compare_inputs.py timed CORPUS WORK
      WORK/timed.srt and WORK/timed.tsv: each corpus line a cue of 2.5 s,
      one every 3 s (Whisper's TSV: start, end in milliseconds, text);
      WORK/timed-credits.srt: timed.srt with the credit Whisper invents
      most in French in place of one cue in 2,000, so that every window
      of `clean` removes something and takes a second removal round.
"""
import json
import os
import random
import sys


def small_files(corpus, folder):
    os.makedirs(folder, exist_ok=True)
    lines = open(corpus, encoding="utf-8").read().split("\n")
    rng, at = random.Random(7), 0
    for i in range(1000):
        size, chunk = rng.randint(2000, 5000), []
        while sum(len(line) + 1 for line in chunk) < size and at < len(lines):
            chunk.append(lines[at])
            at += 1
        with open(os.path.join(folder, "part-%04d.txt" % i), "w", encoding="utf-8") as f:
            f.write("\n".join(chunk) + "\n")


def one_line(episode, work, mb):
    text = open(episode, encoding="utf-8").read()
    copies = int(float(mb) * 1e6 / len(text.encode("utf-8"))) + 1
    with open(os.path.join(work, "seed-lines.txt"), "w", encoding="utf-8") as f:
        f.write(text * copies)
    joined = " ".join(text.split("\n"))
    with open(os.path.join(work, "seed-one-line.txt"), "w", encoding="utf-8") as f:
        f.write(joined * copies + "\n")


def srt_time(ms):
    h, ms = divmod(ms, 3600000)
    m, ms = divmod(ms, 60000)
    s, ms = divmod(ms, 1000)
    return "%02d:%02d:%02d,%03d" % (h, m, s, ms)


def one_cue(episode, work, mb):
    text = open(episode, encoding="utf-8").read()
    copies = int(float(mb) * 1e6 / len(text.encode("utf-8"))) + 1
    lines = [line for line in (text * copies).split("\n") if line.strip()]
    at = 0
    with open(os.path.join(work, "seed-cues.srt"), "w", encoding="utf-8") as f:
        for i, line in enumerate(lines):
            end = at + len(line) * 1000 // 15
            f.write("%d\n%s --> %s\n%s\n\n" % (i + 1, srt_time(at), srt_time(end), line))
            at = end
    with open(os.path.join(work, "seed-one-cue.srt"), "w", encoding="utf-8") as f:
        f.write("1\n%s --> %s\n%s\n" % (srt_time(0), srt_time(at), " ".join(lines)))
    with open(os.path.join(work, "seed-one-cue-emoji.srt"), "w", encoding="utf-8") as f:
        f.write("1\n%s --> %s\n\U0001F399\uFE0F %s\n" % (srt_time(0), srt_time(at), " ".join(lines)))


def records(corpus, out):
    lines = open(corpus, encoding="utf-8").read().split("\n")
    with open(out, "w", encoding="utf-8") as f:
        for i in range(0, len(lines), 60):
            record = {"id": i, "text": "\n".join(lines[i:i + 60])}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


CREDIT = "Sous-titres réalisés par la communauté d'Amara.org"


def timed(corpus, work):
    lines = [line for line in open(corpus, encoding="utf-8").read().split("\n") if line.strip()]
    with open(os.path.join(work, "timed.srt"), "w", encoding="utf-8") as srt, \
            open(os.path.join(work, "timed.tsv"), "w", encoding="utf-8") as tsv, \
            open(os.path.join(work, "timed-credits.srt"), "w", encoding="utf-8") as credits:
        tsv.write("start\tend\ttext\n")
        for i, line in enumerate(lines):
            start, end = i * 3000, i * 3000 + 2500
            srt.write("%d\n%s --> %s\n%s\n\n" % (i + 1, srt_time(start), srt_time(end), line))
            tsv.write("%d\t%d\t%s\n" % (start, end, line))
            said = CREDIT if i % 2000 == 1000 else line
            credits.write("%d\n%s --> %s\n%s\n\n" % (i + 1, srt_time(start), srt_time(end), said))


if __name__ == "__main__":
    kind, args = sys.argv[1], sys.argv[2:]
    {
        "small-files": small_files,
        "one-line": one_line,
        "one-cue": one_cue,
        "records": records,
        "timed": timed,
    }[kind](*args)
