"""The Spark job on a real local Spark (local[2]): 200 transcripts cleaned
through the module in mapInPandas and through `transcrub clean --jsonl`
in rdd.pipe, each record equal to what the CLI gives."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import job
from job import SEED_DICT, WHISPER, clean_with_module, clean_with_pipe, from_jsonl, jsonl_record, records

RECORDS = records(200)


def transcrub_bin():
    """The reference: $TRANSCRUB_BIN (the cargo binary in scripts/test), else the wheel's."""
    found = os.environ.get("TRANSCRUB_BIN") or shutil.which("transcrub")
    assert found, "no transcrub command: set TRANSCRUB_BIN or install the wheel"
    return found


def wheel_command():
    here = Path(sys.executable).parent / "transcrub"
    return str(here) if here.exists() else transcrub_bin()


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("transcrub-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.addFile(str(SEED_DICT))
    session.sparkContext.addPyFile(job.__file__)  # the job's functions, for the Python workers (--py-files)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def frame(spark):
    return spark.sparkContext.parallelize(RECORDS, 4).toDF("id long, format string, text string")


@pytest.fixture(scope="module")
def expected():
    """The CLI's results, record by record: one `--jsonl` stream outside Spark."""
    stream = "".join(jsonl_record(*r) + "\n" for r in RECORDS)
    done = subprocess.run(
        [transcrub_bin(), "clean", "--jsonl", "-d", str(SEED_DICT)],
        input=stream, capture_output=True, text=True, encoding="utf-8",
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "<stdin>: 200 records, 196 cleaned, 4 with errors\n"
    results = [from_jsonl(line) for line in done.stdout.splitlines()]
    assert [r[0] for r in results] == [r[0] for r in RECORDS], "in input order"
    return {r[0]: r for r in results}


def test_the_records_are_worth_cleaning(expected):
    changed = [r for r in expected.values() if r[2] and '"dictionary"' in r[2]]
    assert len(changed) > 120
    errors = [json.loads(r[3]) for r in expected.values() if r[3]]
    assert len(errors) == 4 and all(e["line"] and e["column"] for e in errors)


@pytest.mark.parametrize("n", range(0, 200, 9))
def test_the_jsonl_stream_gives_what_clean_gives_for_each_file(expected, tmp_path, n):
    id, format, text = RECORDS[n]
    _, out, changes, error = expected[id]
    suffix = "json" if format == WHISPER else format
    src = tmp_path / f"record.{suffix}"
    src.write_text(text, encoding="utf-8")
    report = tmp_path / "report.jsonl"
    done = subprocess.run(
        [transcrub_bin(), "clean", str(src), "-d", str(SEED_DICT), "--report", str(report)],
        capture_output=True, text=True, encoding="utf-8",
    )
    if error:
        assert done.returncode == 2
        return
    assert done.returncode == 0, done.stderr
    report_changes = [json.loads(l) for l in report.read_text(encoding="utf-8").splitlines()]
    if format == WHISPER:
        assert json.loads(done.stdout) == json.loads(out)
        assert [(c["rule"], c["before"], c["after"]) for c in report_changes] == [
            (c["rule"], c["before"], c["after"]) for c in json.loads(changes)
        ]
    else:
        assert done.stdout == out
        assert [{k: v for k, v in c.items() if k != "path"} for c in report_changes] == json.loads(changes)


def check(rows, expected):
    got = {r.id: (r.id, r.text, r.changes, r.error) for r in rows}
    assert sorted(got) == sorted(expected)
    for id, want in expected.items():
        _, text, changes, error = got[id]
        if want[3] is not None:
            assert error is not None, id
            assert json.loads(error) == json.loads(want[3]), id
            continue
        assert error is None, (id, error)
        if RECORDS[id][1] == WHISPER:
            assert json.loads(text) == json.loads(want[1]), id
        else:
            assert text == want[1], id
        assert json.loads(changes) == json.loads(want[2]), id


def test_map_in_pandas_over_the_module_gives_the_clis_results(frame, expected):
    rows = clean_with_module(frame, SEED_DICT.name).collect()
    check(rows, expected)


def test_rdd_pipe_over_jsonl_gives_the_clis_results(frame, expected):
    rows = clean_with_pipe(frame, wheel_command(), SEED_DICT).collect()
    check(rows, expected)
