"""The results store: imgbench result files in one SQLite database.

A *run* is one result set: a directory written by scripts/bench or scripts/nightly (its
verify.json, <suite>.json and sweep.json), or a single result file. Importing is idempotent (a run
is keyed by the SHA-256 of its files' contents, so the same set twice gives one run) and atomic
(one transaction: an import that fails or is killed half-way leaves the store as it was).
"""
import datetime
import hashlib
import json
import os
import re
import sqlite3
import statistics
import sys
import time

import results_file

SCHEMA = """
CREATE TABLE IF NOT EXISTS machines (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    cpu TEXT NOT NULL,
    arch TEXT NOT NULL,
    cores INTEGER,
    memory_kib INTEGER,
    UNIQUE (name, cpu, arch)
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,          -- SHA-256 of the result files: the same files, one run
    machine_id INTEGER NOT NULL REFERENCES machines (id),
    git_commit TEXT,
    dirty INTEGER,
    date TEXT NOT NULL,                -- when the run started (ISO 8601)
    suite TEXT,
    emulated INTEGER NOT NULL DEFAULT 0,
    context TEXT NOT NULL,             -- every context key of every file, as JSON
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS benchmarks (  -- every repetition of every benchmark
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,                -- Google Benchmark's run_name
    operation TEXT, adapter TEXT, level TEXT, image TEXT,
    repetition INTEGER NOT NULL,       -- -1: only the median was in the file
    iterations INTEGER,
    real_time_ms REAL, cpu_time_ms REAL, mpx_per_s REAL, peak_mib REAL,
    counters TEXT,                     -- every user counter, as JSON
    error TEXT,                        -- not timed: why (a verification failure and its PSNR)
    measure TEXT NOT NULL DEFAULT 'time',  -- time (wall clock) or counts (callgrind: counters)
    cv REAL,                           -- time: the case's spread over its repetitions (stdev/mean)
    family TEXT,                       -- operation, cycle, crop-batch, pipeline, baseline
    steps TEXT,                        -- its operations in their text form, as a JSON list
    definition TEXT                    -- the work's version: equal only for the same work
);
CREATE INDEX IF NOT EXISTS benchmarks_by_run ON benchmarks (run_id, name);
CREATE INDEX IF NOT EXISTS benchmarks_by_name ON benchmarks (name);
CREATE TABLE IF NOT EXISTS verifications (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    source TEXT NOT NULL,              -- verify (the matrix) or bench (checked before timing)
    case_name TEXT NOT NULL,
    adapter TEXT,
    variant TEXT,                      -- verify: the known-wrong variant; bench: the approximation
    image TEXT, operation TEXT, kind TEXT,
    status TEXT NOT NULL,              -- PASS, FAIL, ... (verify) / PASS, FAIL, approximate (bench)
    psnr REAL, tolerance REAL, passed INTEGER, max_diff INTEGER, detail TEXT,
    failed TEXT,                       -- the criterion that failed (psnr, border, tile, ...)
    definition TEXT,                   -- bench: the case's definition
    call TEXT                          -- bench, approximate: the call, and why it differs
);
CREATE TABLE IF NOT EXISTS agreements (  -- pairwise agreement between libraries' outputs
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    image TEXT, operation TEXT, a TEXT, b TEXT, psnr REAL, max_diff INTEGER
);
CREATE TABLE IF NOT EXISTS sweep_adapters (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    adapter TEXT NOT NULL, version TEXT, filter TEXT, failure TEXT
);
CREATE TABLE IF NOT EXISTS sweep_points (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    adapter TEXT NOT NULL, filter TEXT, mode TEXT NOT NULL, workers INTEGER,
    library_threads INTEGER, offered_fraction REAL, offered_rate REAL, requests INTEGER,
    seconds REAL, images_per_second REAL, mpx_per_second REAL,
    p50_ms REAL, p90_ms REAL, p99_ms REAL, max_ms REAL
);
"""

# A test-only switch: pause (and announce it on stdout) after this many rows, so that a test can
# kill an import half-way.
PAUSE_VARIABLE = "IMGBENCH_STORE_PAUSE_AFTER_ROWS"


class ResultError(Exception):
    """A result set that cannot be imported; the message names the file and the cause."""


def default_path():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.environ.get("IMGBENCH_DB", os.path.join(repo, "results", "imgbench.sqlite"))


# The store's schema version (SQLite's user_version). 1: the first schema; 2: benchmarks carry
# their measure and their spread; 3: benchmarks their family, steps and definition, bench
# verifications their failed criterion and definition (result format 2); 4: an approximate
# contender's verification its call.
SCHEMA_VERSION = 4
# Columns added since version 1, added to an older store when it is opened.
ADDED_COLUMNS = [("benchmarks", "measure", "TEXT NOT NULL DEFAULT 'time'"),
                 ("benchmarks", "cv", "REAL"),
                 ("benchmarks", "family", "TEXT"),
                 ("benchmarks", "steps", "TEXT"),
                 ("benchmarks", "definition", "TEXT"),
                 ("verifications", "failed", "TEXT"),
                 ("verifications", "definition", "TEXT"),
                 ("verifications", "call", "TEXT")]


def migrate(connection):
    """Brings a store written by an older imgbench up to SCHEMA_VERSION, in one transaction."""
    if connection.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        for table, column, declaration in ADDED_COLUMNS:
            present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
            if column not in present:
                connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def connect(path):
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT).
    connection = sqlite3.connect(path, timeout=60, isolation_level=None)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")  # readers never block the importer
    connection.executescript(SCHEMA)
    migrate(connection)
    return connection


# ---------------------------------------------------------------------------------------------
# Reading result files


def result_files(path):
    """The result files of a run: a directory's *.json that are imgbench results, or one file."""
    if os.path.isdir(path):
        names = sorted(n for n in os.listdir(path) if n.endswith(".json"))
        candidates = [os.path.join(path, n) for n in names]
    elif os.path.exists(path):
        candidates = [path]
    else:
        raise ResultError(f"{path}: no such file or directory")
    files = []
    for candidate in candidates:
        try:
            with open(candidate, "rb") as handle:
                raw = handle.read()
            document = results_file.parse(raw, candidate)
        except OSError as error:
            raise ResultError(f"{candidate}: not a readable JSON result file ({error})")
        except results_file.FormatError as error:
            raise ResultError(str(error))
        kind = results_file.kind_of(document)
        if kind is None:
            if candidate == path:
                raise ResultError(f"{candidate}: not an imgbench result"
                                  " (no benchmarks, outcomes or sweep)")
            continue  # another JSON in the directory (kernel targets, say)
        files.append((candidate, kind, raw, document))
    if not files:
        raise ResultError(f"{path}: no imgbench result file in it")
    return files


def run_key(files):
    digest = hashlib.sha256()
    for _, kind, raw, _ in sorted(files, key=lambda f: (f[1], f[2])):
        digest.update(kind.encode() + b"\0" + hashlib.sha256(raw).digest())
    return digest.hexdigest()


measure_of = results_file.measure


def merged_context(files):
    """The run's context: the wall-clock files' keys as they are; a counts file's (run under
    valgrind, which hides AVX-512 and changes the SIMD level used) under "counts:<key>", and as
    they are where no other file gave them (a counts file imported alone names its machine)."""
    context, counted = {}, []
    for _, _, _, document in files:
        if measure_of(document) == "counts":
            counted.append(document)
            continue
        for key, value in (document.get("context") or {}).items():
            context.setdefault(key, value)
    for document in counted:
        for key, value in (document.get("context") or {}).items():
            context.setdefault("counts:" + key, value)
            context.setdefault(key, value)
    return context


number = results_file.number


def utc_date(text):
    """A context's date as UTC 'YYYY-MM-DDTHH:MM:SSZ', so that runs order by plain text whatever
    the time zone they were made in (no date: now)."""
    try:
        moment = datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        moment = datetime.datetime.now(datetime.timezone.utc)
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a date without an offset is this machine's local time
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def memory_kib(text):
    match = re.match(r"\s*(\d+)\s*kB", str(text or ""))
    return int(match.group(1)) if match else None


def benchmark_rows(document):
    rows = []
    entries = document["benchmarks"]
    repetitions = [b for b in entries if results_file.is_repetition(b)]
    seen = {results_file.run_name(b) for b in repetitions}
    medians = [b for b in entries
               if results_file.is_median(b) and results_file.run_name(b) not in seen]
    measure = measure_of(document)
    spread = spreads(repetitions) if measure == "time" else {}
    for entry, repetition in ([(b, b.get("repetition_index", 0)) for b in repetitions]
                              + [(b, -1) for b in medians]):
        name = results_file.run_name(entry)
        case = results_file.case_of(entry)
        counters = results_file.counters(entry)
        error = results_file.error_of(entry)
        timed = error is None and measure == "time"  # a counts run's times are valgrind's
        rows.append((name, case["label"], results_file.contender(case), case["level"],
                     case["image"],
                     repetition, entry.get("iterations"),
                     results_file.real_time_ms(entry) if timed else None,
                     results_file.cpu_time_ms(entry) if timed else None,
                     counters.get("Mpx/s"), counters.get("peak_mib"),
                     json.dumps(counters, sort_keys=True), error, measure, spread.get(name),
                     case["family"], json.dumps(case["steps"]), case["definition"]))
    return rows


def spreads(repetitions):
    """{benchmark: coefficient of variation of its repetitions' real time} for those with 2+."""
    times = {}
    for entry in repetitions:
        if not entry.get("error_occurred"):
            times.setdefault(results_file.run_name(entry), []).append(
                results_file.real_time_ms(entry))
    return {name: statistics.stdev(values) / statistics.mean(values)
            for name, values in times.items() if len(values) > 1 and statistics.mean(values) > 0}


def bench_verification_rows(document):
    """What `imgbench bench` says of verification, from each case's verdict: failures with the
    PSNR and threshold of the criterion they missed, passing cases with their PSNR."""
    rows, done = [], set()
    for entry in document["benchmarks"]:
        name = results_file.run_name(entry)
        if name in done or not results_file.is_repetition(entry):
            continue
        done.add(name)
        case = results_file.case_of(entry)
        verdict = results_file.verdict_of(entry)
        message = results_file.error_of(entry)
        who = (name, results_file.contender(case), case.get("approximation", ""), case["image"],
               case["label"], case["family"])
        fields = verdict or {}
        if case["family"] == "approximate" and not message:
            # A library default, timed beside its measured PSNR: never a failure.
            psnr = verdict.get("psnr") if verdict else None
            rows.append((*who, "approximate", psnr, number(fields.get("tolerance", {}).get("psnr")),
                         int(fields.get("status") == "PASS"), fields.get("max_diff"),
                         fields.get("detail", ""), fields.get("failed"), case["definition"],
                         case.get("call")))
        elif message or fields.get("status", "PASS") != "PASS":
            psnr, tolerance = results_file.failure(entry)
            rows.append((*who, "FAIL", psnr, tolerance, 0, fields.get("max_diff"),
                         message or fields.get("detail"), fields.get("failed"),
                         case["definition"], case.get("call")))
        elif verdict is not None:
            rows.append((*who, "PASS", verdict.get("psnr"), number(verdict["tolerance"]["psnr"]),
                         1, verdict.get("max_diff"), "", None, case["definition"],
                         case.get("call")))
    return rows


def verify_rows(document):
    return [(f"{o['operation']}/{o['adapter']}{'+' + o['variant'] if o['variant'] else ''}"
             f"/{o['image']}", o["adapter"], o["variant"], o["image"], o["operation"], o["kind"],
             o["status"], number(o["psnr"]), number(o["tolerance_psnr"]),
             int(o["status"] == "PASS"), o["max_diff"], o["detail"],
             (o.get("verdict") or {}).get("failed"), None, None)
            for o in document["outcomes"]]


def agreement_rows(document):
    return [(a["image"], a["operation"], a["a"], a["b"], number(a["psnr"]), a["max_diff"])
            for a in document.get("agreements", [])]


def sweep_rows(document):
    adapters, points = [], []
    for sweep in document["adapters"]:
        adapters.append((sweep["adapter"], sweep.get("version"), sweep.get("filter"),
                         sweep.get("failure")))
        for p in sweep.get("points", []):
            latency = p.get("latency_ms", {})
            measures = [p["offered_fraction"], p["offered_rate"], p["requests"], p["seconds"],
                        p["images_per_second"], p["mpx_per_second"], latency.get("p50"),
                        latency.get("p90"), latency.get("p99"), latency.get("max")]
            points.append((sweep["adapter"], sweep.get("filter"), p["mode"], p["workers"],
                           p["library_threads"], *[number(m) for m in measures]))
    return adapters, points


# ---------------------------------------------------------------------------------------------
# Importing


class RowCounter:
    """Counts inserted rows; with the test-only switch set, pauses once past the limit."""

    def __init__(self):
        limit = os.environ.get(PAUSE_VARIABLE)
        self.limit = int(limit) if limit else None
        self.count = 0

    def add(self, rows):
        self.count += rows
        if self.limit is not None and self.count >= self.limit:
            print(f"paused after {self.count} rows", flush=True)
            time.sleep(3600)
            self.limit = None


def machine_id(connection, context, source):
    name = context.get("hostname") or context.get("host_name")
    if not name:
        raise ResultError(f"{source}: the result has no context naming its machine")
    cpu = context.get("cpu_model", "unknown")
    arch = context.get("arch", "unknown")
    cores = int(context.get("hardware_threads") or context.get("num_cpus") or 0) or None
    connection.execute("INSERT OR IGNORE INTO machines (name, cpu, arch, cores, memory_kib) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (name, cpu, arch, cores, memory_kib(context.get("memory_total"))))
    return connection.execute("SELECT id FROM machines WHERE name = ? AND cpu = ? AND arch = ?",
                              (name, cpu, arch)).fetchone()[0]


def import_run(connection, path):
    """Imports the result set at `path`; returns (run id, True if new, False if already there)."""
    files = result_files(path)
    key = run_key(files)
    existing = connection.execute("SELECT id FROM runs WHERE key = ?", (key,)).fetchone()
    if existing:
        return existing[0], False
    context = merged_context(files)
    counter = RowCounter()
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Another importer may have committed the same run while this one waited for the lock.
        existing = connection.execute("SELECT id FROM runs WHERE key = ?", (key,)).fetchone()
        if existing:
            connection.execute("ROLLBACK")
            return existing[0], False
        # The wall-clock suite names the run, a built-in one before users' pipelines; a counts
        # file of its own only when alone.
        suites = [d.get("context", {}).get("suite") for _, k, _, d in
                  sorted(files, key=lambda f: (measure_of(f[3]) == "counts",
                                               f[3].get("context", {}).get("suite") == "pipelines"))
                  if k == "bench"]
        date = utc_date(context.get("started_at") or context.get("date"))
        cursor = connection.execute(
            "INSERT INTO runs (key, machine_id, git_commit, dirty, date, suite, emulated, context,"
            " source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key, machine_id(connection, context, path), context.get("git_commit"),
             {"true": 1, "false": 0}.get(context.get("git_dirty")), date,
             next((s for s in suites if s), None), int(context.get("emulated") == "true"),
             json.dumps(context, sort_keys=True), os.path.abspath(path),
             time.strftime("%Y-%m-%dT%H:%M:%S")))
        run = cursor.lastrowid
        for _, kind, _, document in files:
            insert_document(connection, run, kind, document, counter)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return run, True


def insert_many(connection, counter, statement, run, rows):
    connection.executemany(statement, [(run, *row) for row in rows])
    counter.add(len(rows))


def insert_document(connection, run, kind, document, counter):
    if kind == "bench":
        insert_many(connection, counter,
                    "INSERT INTO benchmarks (run_id, name, operation, adapter, level, image,"
                    " repetition, iterations, real_time_ms, cpu_time_ms, mpx_per_s, peak_mib,"
                    " counters, error, measure, cv, family, steps, definition)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    run, benchmark_rows(document))
        rows = [("bench", *row) for row in bench_verification_rows(document)]
    elif kind == "verify":
        rows = [("verify", *row) for row in verify_rows(document)]
        insert_many(connection, counter,
                    "INSERT INTO agreements (run_id, image, operation, a, b, psnr, max_diff)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", run, agreement_rows(document))
    else:
        adapters, points = sweep_rows(document)
        insert_many(connection, counter,
                    "INSERT INTO sweep_adapters (run_id, adapter, version, filter, failure)"
                    " VALUES (?, ?, ?, ?, ?)", run, adapters)
        insert_many(connection, counter,
                    "INSERT INTO sweep_points (run_id, adapter, filter, mode, workers,"
                    " library_threads, offered_fraction, offered_rate, requests, seconds,"
                    " images_per_second, mpx_per_second, p50_ms, p90_ms, p99_ms, max_ms)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", run, points)
        return
    insert_many(connection, counter,
                "INSERT INTO verifications (run_id, source, case_name, adapter, variant, image,"
                " operation, kind, status, psnr, tolerance, passed, max_diff, detail, failed,"
                " definition, call) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run, rows)


# ---------------------------------------------------------------------------------------------
# Reading the store


# A run with its machine's columns.
RUN_WITH_MACHINE = ("SELECT runs.*, machines.name AS machine, machines.cpu, machines.arch,"
                    " machines.cores, machines.memory_kib FROM runs JOIN machines"
                    " ON machines.id = runs.machine_id")


def run_row(connection, run_id=None):
    """A run (the latest when run_id is None) with its machine's columns."""
    if run_id is None:
        return connection.execute(RUN_WITH_MACHINE + " ORDER BY runs.date DESC, runs.id DESC"
                                  " LIMIT 1").fetchone()
    return connection.execute(RUN_WITH_MACHINE + " WHERE runs.id = ?", (run_id,)).fetchone()


def main(argv):
    import argparse
    parser = argparse.ArgumentParser(description="Import imgbench result sets into the store.")
    parser.add_argument("paths", nargs="+", help="result directories or files")
    parser.add_argument("--db", default=default_path())
    parser.add_argument("--id-only", action="store_true",
                        help="print only each run's id (for scripts), the rest on stderr")
    arguments = parser.parse_args(argv)
    connection = connect(arguments.db)
    status = 0
    for path in arguments.paths:
        try:
            run, new = import_run(connection, path)
            message = f"{path}: {'imported as' if new else 'already in the store as'} run {run}"
            if arguments.id_only:
                print(message, file=sys.stderr)
                print(run)
            else:
                print(message)
        except ResultError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 2
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
