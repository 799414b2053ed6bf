#!/usr/bin/env python3
"""Records per second of the Spark job (tests/spark/job.py) on this
machine's Spark in local mode, both ways: mapInPandas over the transcrub
module, and rdd.pipe through `transcrub clean --jsonl`.

    python bench/spark.py [RECORDS] [RUNS]      # default 10000 3

Needs the wheel installed (`pip install .`) with pyspark, pandas and
pyarrow; the pipe runs the wheel's `transcrub` unless TRANSCRUB_BIN names
another binary. Each run writes the job's rows to Spark's "noop" sink (the whole job
runs: every record is cleaned and its result serialised, nothing stored); the table gives the median.
"""

import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "spark"))

import job
from job import SEED_DICT, clean_with_module, clean_with_pipe, records  # noqa: E402


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    command = os.environ.get("TRANSCRUB_BIN") or shutil.which("transcrub", path=str(Path(sys.executable).parent)) or "transcrub"
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("transcrub-bench")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.addFile(str(SEED_DICT))
    spark.sparkContext.addPyFile(job.__file__)  # the job's functions, for the Python workers (--py-files)
    data = records(count)
    size = sum(len(text.encode()) for _, _, text in data)
    frame = spark.sparkContext.parallelize(data, 2).toDF("id long, format string, text string").cache()
    frame.count()
    jobs = {
        "mapInPandas (module)": lambda: clean_with_module(frame, SEED_DICT.name),
        "rdd.pipe (--jsonl)": lambda: clean_with_pipe(frame, command, SEED_DICT),
    }
    print(f"{count} records, {size / count / 1000:.1f} KB each on average, local[2], {os.cpu_count()} cores")
    print(f"{'job':<24}{'median s':>10}{'records/s':>12}   runs (s)")
    for name, run_job in jobs.items():
        run_job().write.format("noop").mode("overwrite").save()  # warm-up: Python workers started, wheel imported
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            run_job().write.format("noop").mode("overwrite").save()
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"{name:<24}{median:>10.2f}{count / median:>12.0f}   {' '.join(f'{t:.2f}' for t in times)}")
    spark.stop()


if __name__ == "__main__":
    main()
