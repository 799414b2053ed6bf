#!/usr/bin/env python3
"""`transcrub clean --jsonl` over many small transcripts (issue 14).

Generates N records of a few KB from the seed episode
(fixtures/mci-2025-02-07.txt: consecutive chunks of 40 lines, cycling),
streams them through one `transcrub clean --jsonl` process with the
podcast's dictionary, and prints records per second and peak memory
(VmHWM of the process, from /proc while it runs, and the kernel's
ru_maxrss after it exits). For comparison, the CLI run once per file on
the first FILES records (a shell loop of `transcrub clean`, as one
would write it without a stream mode), extrapolated to records per second.

Usage: bench/jsonl.py [BINARY] [N ...]   (default target/release/transcrub,
N = 1000 10000 100000)
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "fixtures", "mci-2025-02-07.txt")
DICT = os.path.join(ROOT, "dictionaries", "messages-a-caractere-informatique.toml")
FILES = 300


def chunks():
    with open(SEED, encoding="utf-8") as f:
        lines = f.read().splitlines(keepends=True)
    size = 80
    out = ["".join(lines[i:i + size]) for i in range(0, len(lines) - size, size)]
    return out


def records(n, texts):
    for i in range(n):
        yield json.dumps({"id": i, "format": "txt", "text": texts[i % len(texts)]},
                         ensure_ascii=False) + "\n"


def stream(binary, n, texts, jobs=1):
    """Seconds, peak RSS in KiB and output lines for n records."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as src:
        for r in records(n, texts):
            src.write(r)
        src.seek(0)
        start = time.perf_counter()
        proc = subprocess.Popen([binary, "clean", "--jsonl", "-q", "-d", DICT, "-j", str(jobs)],
                                stdin=src, stdout=subprocess.PIPE)
        peak = [0]

        def watch():
            path = "/proc/%d/status" % proc.pid
            while proc.poll() is None:
                try:
                    with open(path) as f:
                        for line in f:
                            if line.startswith("VmHWM:"):
                                peak[0] = max(peak[0], int(line.split()[1]))
                except OSError:
                    return
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        lines = 0
        for _ in proc.stdout:
            lines += 1
        proc.wait()
        watcher.join()
        seconds = time.perf_counter() - start
    maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak[0], 0), maxrss, lines


def per_file(binary, texts):
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for i in range(FILES):
            p = os.path.join(d, "%d.txt" % i)
            with open(p, "w", encoding="utf-8") as f:
                f.write(texts[i % len(texts)])
            paths.append(p)
        start = time.perf_counter()
        for p in paths:
            subprocess.run([binary, "clean", "-q", "-d", DICT, p], stdout=subprocess.PIPE,
                           check=True)
        return time.perf_counter() - start


def main():
    args = sys.argv[1:]
    binary = os.path.join(ROOT, "target", "release", "transcrub")
    if args and not args[0].isdigit():
        binary = args.pop(0)
    sizes = [int(a) for a in args] or [1000, 10000, 100000]
    texts = chunks()
    mean = sum(len(t.encode()) for t in texts) / len(texts)
    print("records of %.1f KB on average (%d distinct chunks of the seed)" % (mean / 1000, len(texts)))
    print()
    print("| run | records | seconds | records/s | peak RSS (MiB) |")
    print("|---|---|---|---|---|")
    for jobs in (1, 2):
        for n in sizes:
            seconds, hwm, _, lines = stream(binary, n, texts, jobs)
            assert lines == n, (lines, n)
            print("| `--jsonl -j %d` | %d | %.2f | %.0f | %.1f |"
                  % (jobs, n, seconds, n / seconds, hwm / 1024))
    seconds = per_file(binary, texts)
    print("| `clean FILE`, one process per file | %d | %.2f | %.0f | - |"
          % (FILES, seconds, FILES / seconds))


if __name__ == "__main__":
    main()
