#!/usr/bin/env python3
"""Read WebVTT files with a real browser's parser (Chromium's <track>).

For each VTT file given, builds an HTML page holding a <video> with a
<track default kind="subtitles">; the track's src is a blob: URL made in the
page from the file's bytes (embedded base64, so nothing is fetched from
disk). Once the track fires 'load' (or 'error'), the page writes the cues as
JSON into the DOM; headless Chromium dumps the DOM and this script reads the
JSON back. Prints one JSON object per file, one per line:

    {"file": ..., "status": "load"|"error"|"timeout",
     "cues": [{"id", "start_ms", "end_ms", "text", "settings": {...}}]}

Times are Chromium's float seconds converted to integer milliseconds with
rounding. Standard library only.

Usage: track_cues.py [--chromium PATH] [--budget MS] FILE.vtt...
       track_cues.py --compare FILE.vtt...   (also compares each file's
       lossy cues in FILE.expected.json; exit status 1 on a mismatch)
"""

import argparse
import base64
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

PAGE = """<!doctype html>
<meta charset="utf-8">
<title>track cues</title>
<body>
<pre id="result">PENDING</pre>
<script>
(function () {
  var bytes = Uint8Array.from(atob("%(b64)s"), function (c) { return c.charCodeAt(0); });
  var url = URL.createObjectURL(new Blob([bytes], {type: "text/vtt"}));
  var video = document.createElement("video");
  var el = document.createElement("track");
  el.kind = "subtitles";
  el["default"] = true;
  var done = false;
  function asciiJson(value) {
    // Only ASCII goes into the DOM; everything else as \\uXXXX escapes.
    return JSON.stringify(value).replace(/[\\u007f-\\uffff]/g, function (c) {
      return "\\\\u" + ("0000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }
  // Inline timestamps (karaoke) as the browser parsed them: processing
  // instructions named "timestamp" in the cue's document fragment.
  function stamps(cue) {
    var out = [];
    try {
      var walker = document.createTreeWalker(cue.getCueAsHTML(),
                                             NodeFilter.SHOW_PROCESSING_INSTRUCTION);
      while (walker.nextNode()) { out.push(walker.currentNode.data); }
    } catch (e) {}
    return out;
  }
  function report(status) {
    if (done) { return; }
    done = true;
    var list = el.track && el.track.cues ? Array.prototype.slice.call(el.track.cues) : [];
    var cues = list.map(function (c) {
      return {id: c.id, start: c.startTime, end: c.endTime, text: c.text,
              timestamps: stamps(c),
              settings: {vertical: c.vertical, snapToLines: c.snapToLines,
                         line: c.line, lineAlign: c.lineAlign,
                         position: c.position, positionAlign: c.positionAlign,
                         size: c.size, align: c.align}};
    });
    document.getElementById("result").textContent =
      "BEGIN" + asciiJson({status: status, cues: cues}) + "END";
  }
  el.addEventListener("load", function () { report("load"); });
  el.addEventListener("error", function () { report("error"); });
  el.src = url;
  video.appendChild(el);
  document.body.appendChild(video);
  el.track.mode = "hidden";
})();
</script>
"""

RESULT = re.compile(r"BEGIN(.*?)END", re.S)


def find_chromium(explicit):
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("track_cues.py: no chromium found (apt-get install chromium)")


def read_cues(chromium, vtt_path, budget_ms):
    with open(vtt_path, "rb") as f:
        data = f.read()
    page_html = PAGE % {"b64": base64.b64encode(data).decode("ascii")}
    with tempfile.TemporaryDirectory(prefix="track_cues.") as tmp:
        page = os.path.join(tmp, "page.html")
        with open(page, "w", encoding="utf-8") as f:
            f.write(page_html)
        profile = os.path.join(tmp, "profile")
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--user-data-dir=" + profile,
            "--virtual-time-budget=%d" % budget_ms,
            "--dump-dom",
            "file://" + page,
        ]
        run = subprocess.run(command, capture_output=True, timeout=120)
    dom = run.stdout.decode("utf-8", "replace")
    match = RESULT.search(dom)
    if not match:
        return {"file": vtt_path, "status": "timeout", "cues": [],
                "stderr_tail": run.stderr.decode("utf-8", "replace")[-400:]}
    result = json.loads(html.unescape(match.group(1)))
    cues = []
    for c in result["cues"]:
        cues.append({
            "id": c["id"],
            "start_ms": int(round(c["start"] * 1000)),
            "end_ms": int(round(c["end"] * 1000)),
            "text": c["text"],
            "timestamps": c.get("timestamps", []),
            "settings": c["settings"],
        })
    return {"file": vtt_path, "status": result["status"], "cues": cues}


def expected_for(vtt_path):
    base = vtt_path[:-4] if vtt_path.endswith(".vtt") else vtt_path
    path = base + ".expected.json"
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def comparable(cue):
    # The browser reports a missing identifier as "".
    return {"id": cue["id"] or "", "start_ms": cue["start_ms"],
            "end_ms": cue["end_ms"], "text": cue["text"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--chromium")
    parser.add_argument("--budget", type=int, default=5000,
                        help="--virtual-time-budget in ms (default 5000)")
    parser.add_argument("--compare", action="store_true",
                        help="compare with each file's .expected.json lossy cues")
    args = parser.parse_args()
    chromium = find_chromium(args.chromium)
    mismatches = 0
    for path in args.files:
        result = read_cues(chromium, path, args.budget)
        if args.compare:
            expected = expected_for(path)
            if expected is None:
                result["agrees"] = None
            else:
                want = [comparable(c) for c in expected["lossy"]["cues"]]
                got = [comparable(c) for c in result["cues"]]
                result["agrees"] = want == got
                if not result["agrees"]:
                    mismatches += 1
                    result["expected_cues"] = want
        print(json.dumps(result, ensure_ascii=False))
        sys.stdout.flush()
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
