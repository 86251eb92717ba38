#!/usr/bin/env python3
"""Run `saywho extract` over a JSONL corpus with PySpark.

    python3 scripts/spark_extract.py INPUT.jsonl OUTDIR [--master local[2]] [--partitions N]
        [--saywho PATH] [--models DIR] [--lib DIR] [-- extra saywho extract args]
    python3 scripts/spark_extract.py --make-bundle saywho-bundle.tar.gz

The input is read as text lines (`sc.textFile`), cut into partitions of consecutive lines, and
each partition is piped through one `saywho extract - --stdin-origin INPUT:FIRST_LINE` process
(started once per partition, so the models load once per partition). OUTDIR gets Spark's
`part-NNNNN` files: JSON Lines, one output record per input record, exactly as the
single-machine `saywho extract INPUT` writes them, but in Spark's order: compare runs as sets
of records keyed by `id` (records inside one part file keep input order).

`--stdin-origin` makes records identical to a single-machine run even for lines that cannot be
parsed (their id is `INPUT:LINE`, with LINE the line number in the whole file). Caveat: Spark's
text reader replaces invalid UTF-8 by U+FFFD (saywho alone rejects such a line) and also ends
lines at a lone carriage return.

A saywho exit status of 0 or 1 (some records carry `error`) is fine; anything else fails the
task (Spark retries it), with saywho's stderr in the message.

Running the script with a Python that lacks pyspark installs it (scripts/setup_test.d/pyspark.sh:
a venv in .tools/spark-venv, network needed once) and re-runs itself with that venv.

On a cluster, ship saywho with the job: `--make-bundle` packs the binary, the libtorch
libraries it links to and models/ into one archive; then (paths relative to the executors'
working directory, where Spark unpacks `--archives`):

    spark-submit --master yarn --archives saywho-bundle.tar.gz#saywho \\
        scripts/spark_extract.py hdfs:///corpus.jsonl hdfs:///out --partitions 200 \\
        --saywho saywho/bin/saywho --models saywho/models --lib saywho/lib

The models are found through the SAYWHO_MODELS environment variable of the saywho process.
"""

import argparse
import os
import subprocess
import sys
import tarfile
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_PY = os.path.join(ROOT, ".tools", "spark-venv", "bin", "python")


def ensure_pyspark():
    """Import pyspark, or install it into .tools/spark-venv and re-run with that Python."""
    try:
        import pyspark  # noqa: F401

        return
    except ImportError:
        pass
    if os.path.abspath(sys.executable) == os.path.abspath(VENV_PY):
        sys.exit("spark_extract: pyspark is missing from .tools/spark-venv; run scripts/setup_test.d/pyspark.sh")
    if not os.path.exists(VENV_PY):
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "setup_test.d", "pyspark.sh")], check=True)
    os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__)] + sys.argv[1:])


def resolve(path):
    """A path given relative: relative to the working directory, else to SparkFiles' root."""
    if path is None or os.path.isabs(path) or os.path.exists(path):
        return os.path.abspath(path) if path else path
    try:
        from pyspark import SparkFiles

        alt = os.path.join(SparkFiles.getRootDirectory(), path)
        if os.path.exists(alt):
            return alt
    except Exception:
        pass
    return os.path.abspath(path)


def run_partition(cfg, index, lines, starts):
    """Pipe one partition's lines through saywho; yield its output lines."""
    lines = list(lines)
    if not lines:
        return
    exe = resolve(cfg["saywho"])
    env = dict(os.environ)
    if cfg["models"]:
        env["SAYWHO_MODELS"] = resolve(cfg["models"])
    if cfg["lib"]:
        lib = resolve(cfg["lib"])
        env["LD_LIBRARY_PATH"] = lib + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    cmd = [exe, "extract", "-", "-q", "--stdin-origin", f"{cfg['name']}:{starts[index]}"] + cfg["extra"]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    err = []

    def feed():
        try:
            for line in lines:
                p.stdin.write(line.encode("utf-8") + b"\n")
            p.stdin.close()
        except BrokenPipeError:
            pass

    def drain():
        err.append(p.stderr.read())

    threads = [threading.Thread(target=feed), threading.Thread(target=drain)]
    for t in threads:
        t.start()
    out = p.stdout.read().decode("utf-8").splitlines()
    for t in threads:
        t.join()
    rc = p.wait()
    if rc not in (0, 1):  # 1: the run completed but some records carry `error`
        raise RuntimeError(
            f"saywho exited {rc} on partition {index} ({' '.join(cmd)}): "
            + err[0].decode("utf-8", "replace")[-4000:]
        )
    if len(out) != len(lines) - sum(1 for l in lines if not l.strip(" \t\n\r\x0c")):
        raise RuntimeError(f"partition {index}: {len(lines)} lines in, {len(out)} records out")
    yield from out


def make_bundle(dest):
    """Pack bin/saywho, lib/ (libtorch) and models/ into a tar.gz for --archives."""
    exe = os.path.join(ROOT, "target", "release", "saywho")
    if not os.path.exists(exe):
        sys.exit("spark_extract: build first: cargo build --release")
    lib = os.path.join(ROOT, ".tools", "libtorch", "lib")
    with tarfile.open(dest, "w:gz") as tar:
        tar.add(exe, "bin/saywho")
        for name in sorted(os.listdir(lib)):
            tar.add(os.path.realpath(os.path.join(lib, name)), f"lib/{name}")
        models = os.path.join(ROOT, "models")
        for d in sorted(os.listdir(models)):
            if os.path.isdir(os.path.join(models, d)):
                tar.add(os.path.join(models, d), f"models/{d}")
    print(f"spark_extract: wrote {dest}", file=sys.stderr)


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1 :]
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="?", help="JSONL input (any path Spark reads: file, hdfs://, s3a://)")
    ap.add_argument("outdir", nargs="?", help="output directory (must not exist): part-* JSONL files")
    ap.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[2])")
    ap.add_argument("--partitions", type=int, default=None, help="minimum number of input partitions")
    ap.add_argument(
        "--saywho", default=os.path.join(ROOT, "target", "release", "saywho"), help="saywho binary (on the executors)"
    )
    ap.add_argument(
        "--models",
        default=os.environ.get("SAYWHO_MODELS") or os.path.join(ROOT, "models"),
        help="models directory on the executors, passed as SAYWHO_MODELS (default: $SAYWHO_MODELS or models/)",
    )
    ap.add_argument("--lib", default=None, help="directory of libtorch libraries on the executors (LD_LIBRARY_PATH)")
    ap.add_argument("--make-bundle", metavar="OUT.tar.gz", help="pack binary + libtorch + models for --archives")
    a = ap.parse_args(argv)
    if a.make_bundle:
        make_bundle(a.make_bundle)
        return
    if not a.input or not a.outdir:
        ap.error("INPUT and OUTDIR are required")
    ensure_pyspark()
    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setAppName("saywho-extract")
    master = a.master or conf.get("spark.master", None) or "local[2]"
    conf.setMaster(master)
    if master.startswith("local"):
        # workers are the driver's Python; no web UI for a local job
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        conf.set("spark.ui.enabled", "false")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("WARN")
    try:
        lines = sc.textFile(a.input, minPartitions=a.partitions) if a.partitions else sc.textFile(a.input)
        # first line number of each partition (textFile partitions are consecutive line ranges)
        counts = dict(lines.mapPartitionsWithIndex(lambda i, it: [(i, sum(1 for _ in it))]).collect())
        starts, n = {}, 1
        for i in range(lines.getNumPartitions()):
            starts[i] = n
            n += counts.get(i, 0)
        cfg = {
            "saywho": a.saywho,
            "models": a.models,
            "lib": a.lib,
            # the name saywho itself would give the file, so error ids match a local run
            "name": a.input[len("file://") :] if a.input.startswith("file://") else a.input,
            "extra": extra,
        }
        out = lines.mapPartitionsWithIndex(lambda i, it: run_partition(cfg, i, it, starts))
        out.saveAsTextFile(a.outdir)
        print(
            f"spark_extract: {n - 1} lines in {lines.getNumPartitions()} partitions -> {a.outdir}/part-*",
            file=sys.stderr,
        )
    finally:
        sc.stop()


if __name__ == "__main__":
    main()
