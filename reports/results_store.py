"""The results store: imgbench result files in one SQLite database.

A *run* is one result set: a directory written by scripts/bench or scripts/nightly (its
verify.json, <suite>.json and sweep.json), or a single result file. Importing is idempotent (a run
is keyed by the SHA-256 of its files' contents, so the same set twice gives one run) and atomic
(one transaction: an import that fails or is killed half-way leaves the store as it was).
"""
import datetime
import hashlib
import json
import math
import os
import re
import statistics
import sys
import time

import sqlalchemy as sa

import results_file
import store_db

# Text compares byte by byte on both backends (PostgreSQL would otherwise sort by the server's
# locale, and two stores of the same runs would list them in two orders).
TEXT = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
REAL = sa.Float()  # double precision on both
INTEGER = sa.BigInteger()
METADATA = sa.MetaData()


def column(name, kind=TEXT, *constraints, **options):
    return sa.Column(name, kind, *constraints, **options)


def run_id_column():
    return column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"),
                  nullable=False)


MACHINES = sa.Table(
    "machines", METADATA,
    column("id", sa.Integer, primary_key=True),
    column("name", nullable=False), column("cpu", nullable=False), column("arch", nullable=False),
    column("cores", INTEGER), column("memory_kib", INTEGER),
    sa.UniqueConstraint("name", "cpu", "arch"))
RUNS = sa.Table(
    "runs", METADATA,
    column("id", sa.Integer, primary_key=True),
    column("key", nullable=False, unique=True),  # SHA-256 of the result files: same files, one run
    column("machine_id", sa.Integer, sa.ForeignKey("machines.id"), nullable=False),
    column("git_commit"), column("dirty", INTEGER),
    column("date", nullable=False),  # when the run started (ISO 8601, UTC)
    column("suite"),
    column("emulated", INTEGER, nullable=False, server_default="0"),
    column("context", nullable=False),  # every context key of every file, as JSON
    column("source", nullable=False), column("imported_at", nullable=False))
BENCHMARKS = sa.Table(  # every repetition of every benchmark
    "benchmarks", METADATA,
    run_id_column(),
    column("name", nullable=False),  # Google Benchmark's run_name
    column("operation"), column("adapter"), column("level"), column("image"),
    column("repetition", INTEGER, nullable=False),  # -1: only the median was in the file
    column("iterations", INTEGER),
    column("real_time_ms", REAL), column("cpu_time_ms", REAL), column("mpx_per_s", REAL),
    column("peak_mib", REAL),
    column("counters"),  # every user counter, as JSON
    column("error"),  # not timed: why (a verification failure and its PSNR)
    # time (wall clock) or counts (callgrind: counters)
    column("measure", nullable=False, server_default="time"),
    column("cv", REAL),  # time: the case's spread over its repetitions (stdev/mean)
    column("family"),  # operation, cycle, thumbnail, crop-batch, pipeline, baseline, approximate
    column("steps"),  # its operations in their text form, as a JSON list
    column("definition"),  # the work's version: equal only for the same work
    sa.Index("benchmarks_by_run", "run_id", "name"),
    sa.Index("benchmarks_by_name", "name"))
VERIFICATIONS = sa.Table(
    "verifications", METADATA,
    run_id_column(),
    column("source", nullable=False),  # verify (the matrix) or bench (checked before timing)
    column("case_name", nullable=False),
    column("adapter"),
    column("variant"),  # verify: the known-wrong variant; bench: the approximation
    column("image"), column("operation"), column("kind"),
    # PASS, FAIL, KNOWN, ... (verify) / PASS, FAIL, KNOWN, approximate (bench); KNOWN: a failure
    # that matches a declared known finding within its range, explained, not a failure of the run
    column("status", nullable=False),
    column("psnr", REAL), column("tolerance", REAL), column("passed", INTEGER),
    column("max_diff", INTEGER), column("detail"),
    column("failed"),  # the criterion that failed (psnr, border, tile, ...)
    column("definition"),  # bench: the case's definition
    column("call"),  # bench, approximate: the call, and why it differs
    column("psnr_border", REAL),  # the border band's PSNR: that of its worst edge
    column("border_edge"),  # that edge: top, bottom, left or right (None: no border band)
    # The known finding the verdict was matched against (KNOWN, or a FAIL with failed
    # "known-finding" because it no longer holds), as JSON: the finding's id, adapter, case,
    # criterion, psnr_min, psnr_max, library_version, explanation, reason, and measured_psnr,
    # what this case measured of its criterion. None for any other verdict.
    column("known_finding"))
AGREEMENTS = sa.Table(  # pairwise agreement between libraries' outputs
    "agreements", METADATA,
    run_id_column(),
    column("image"), column("operation"), column("a"), column("b"), column("psnr", REAL),
    column("max_diff", INTEGER))
SWEEP_ADAPTERS = sa.Table(
    "sweep_adapters", METADATA,
    run_id_column(),
    column("adapter", nullable=False), column("version"), column("filter"), column("failure"))
SWEEP_POINTS = sa.Table(
    "sweep_points", METADATA,
    run_id_column(),
    column("adapter", nullable=False), column("filter"), column("mode", nullable=False),
    column("workers", INTEGER), column("library_threads", INTEGER),
    *[column(name, REAL) for name in ("offered_fraction", "offered_rate")],
    column("requests", INTEGER),
    *[column(name, REAL) for name in ("seconds", "images_per_second", "mpx_per_second",
                                      "p50_ms", "p90_ms", "p99_ms", "max_ms")])
# The schema's version, one row (SQLite stores before version 5 kept it in PRAGMA user_version).
SCHEMA_TABLE = sa.Table("store_schema", METADATA, column("version", INTEGER, nullable=False))

# A test-only switch: pause (and announce it on stdout) after this many rows, so that a test can
# kill an import half-way.
PAUSE_VARIABLE = "IMGBENCH_STORE_PAUSE_AFTER_ROWS"


class ResultError(Exception):
    """A result set that cannot be imported; the message names the file and the cause."""


StoreUnavailable = store_db.StoreUnavailable


def default_target():
    """The store: $IMGBENCH_DB (a SQLite file path or a postgresql:// address), else the SQLite
    file results/imgbench.sqlite."""
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.environ.get("IMGBENCH_DB", os.path.join(repo, "results", "imgbench.sqlite"))


# The store's schema version. 1: the first schema; 2: benchmarks carry their measure and their
# spread; 3: benchmarks their family, steps and definition, bench verifications their failed
# criterion and definition (result format 2); 4: an approximate contender's verification its
# call; 5: the version in a table of its own (store_schema), which both backends have; 6:
# verifications their border band's PSNR and worst edge (judged per edge) and the known finding
# a KNOWN verdict matched (or a FAIL no longer matches), as JSON.
SCHEMA_VERSION = 6
# Columns added since version 1, added to an older store when it is opened.
ADDED_COLUMNS = [("benchmarks", "measure"), ("benchmarks", "cv"), ("benchmarks", "family"),
                 ("benchmarks", "steps"), ("benchmarks", "definition"),
                 ("verifications", "failed"), ("verifications", "definition"),
                 ("verifications", "call"), ("verifications", "psnr_border"),
                 ("verifications", "border_edge"), ("verifications", "known_finding")]
# Held while a PostgreSQL store is created or migrated, so that two importers starting on an
# empty server do not both create it (a transaction-scoped advisory lock; any fixed number).
SCHEMA_LOCK = 0x1A6BE4C7


def stored_version(store):
    if sa.inspect(store.connection).has_table(SCHEMA_TABLE.name):
        row = store.execute("SELECT MAX(version) FROM store_schema").fetchone()
        return row[0] or 0
    if store.backend == "sqlite":
        return store.execute("PRAGMA user_version").fetchone()[0]
    return 0


def migrate(store):
    """Creates the store, or brings one written by an older imgbench up to SCHEMA_VERSION, in one
    transaction."""
    if stored_version(store) >= SCHEMA_VERSION:
        return
    with store.transaction() as writing:
        if writing.backend == "postgresql":
            writing.execute("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK,))
        if stored_version(writing) >= SCHEMA_VERSION:
            return  # another process did it while this one waited
        METADATA.create_all(writing.connection)
        inspector = sa.inspect(writing.connection)
        for table, name in ADDED_COLUMNS:
            if name not in {c["name"] for c in inspector.get_columns(table)}:
                declaration = sa.schema.CreateColumn(METADATA.tables[table].c[name]).compile(
                    dialect=writing.engine.dialect)
                writing.execute(f"ALTER TABLE {table} ADD COLUMN {declaration}")
        writing.execute("DELETE FROM store_schema")
        writing.execute("INSERT INTO store_schema (version) VALUES (?)", (SCHEMA_VERSION,))


def connect(target):
    """The store at `target` (see default_target), created or migrated to SCHEMA_VERSION;
    StoreUnavailable (one line) if it cannot be reached or used."""
    store = store_db.open_store(target)
    try:
        migrate(store)
    except sa.exc.SQLAlchemyError as error:
        store.close()
        raise StoreUnavailable(f"{store_db.describe(target)}: {store_db.first_line(error)}")
    return store


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
    PSNR and threshold of the criterion they missed, known findings (untimed, but no failure) with
    the PSNR of the criterion their finding names, passing cases with their PSNR."""
    rows, done = [], set()
    for entry in document["benchmarks"]:
        name = results_file.run_name(entry)
        if name in done or not results_file.is_repetition(entry):
            continue
        done.add(name)
        case = results_file.case_of(entry)
        verdict = results_file.verdict_of(entry)
        judged = bench_judgement(entry, case, verdict)
        if judged is None:
            continue  # nothing to verify (memcpy), or a format-1 case that passed
        fields = verdict or {}
        rows.append((name, results_file.contender(case), case.get("approximation", ""),
                     case["image"], case["label"], case["family"], *judged,
                     fields.get("failed"), case["definition"], case.get("call"),
                     fields.get("psnr_border"), fields.get("border_edge"),
                     finding_text(verdict)))
    return rows


def bench_judgement(entry, case, verdict):
    """(status, PSNR, tolerance, passed, max diff, detail) of a bench case's verdict, or None
    where it has none. A KNOWN case is not timed (its entry says why) yet is no failure; an
    approximate contender is timed beside its PSNR and is never one."""
    message = results_file.error_of(entry)
    fields = verdict or {}
    if results_file.is_known(verdict):
        psnr, tolerance = results_file.failure(entry)
        return "KNOWN", psnr, tolerance, 0, fields.get("max_diff"), message or fields.get("detail")
    if case["family"] == "approximate" and not message:
        tolerance = number(fields.get("tolerance", {}).get("psnr"))
        return ("approximate", fields.get("psnr"), tolerance, int(fields.get("status") == "PASS"),
                fields.get("max_diff"), fields.get("detail", ""))
    if message or fields.get("status", "PASS") != "PASS":
        psnr, tolerance = results_file.failure(entry)
        return "FAIL", psnr, tolerance, 0, fields.get("max_diff"), message or fields.get("detail")
    if verdict is not None:
        return ("PASS", verdict.get("psnr"), number(verdict["tolerance"]["psnr"]), 1,
                verdict.get("max_diff"), "")
    return None


def finding_text(verdict):
    """The known finding a verdict (or a verify outcome) names, as the JSON the store keeps of
    it (infinities as the result files write them), or None."""
    finding = results_file.known_finding(verdict)
    if finding is None:
        return None

    def plain(value):
        if isinstance(value, float) and not math.isfinite(value):
            return None if math.isnan(value) else ("inf" if value > 0 else "-inf")
        return value
    return json.dumps({key: plain(value) for key, value in finding.items()}, sort_keys=True)


def verify_rows(document):
    rows = []
    for o in document["outcomes"]:
        verdict = o.get("verdict") or {}
        rows.append((f"{o['operation']}/{o['adapter']}{'+' + o['variant'] if o['variant'] else ''}"
                     f"/{o['image']}", o["adapter"], o["variant"], o["image"], o["operation"],
                     o["kind"], o["status"], number(o["psnr"]), number(o["tolerance_psnr"]),
                     int(o["status"] == "PASS"), o["max_diff"], o["detail"], verdict.get("failed"),
                     None, None, number(o.get("psnr_border")),
                     o.get("border_edge", verdict.get("border_edge")),
                     finding_text(verdict if verdict.get("known_finding") else o)))
    return rows


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


def machine_id(store, context, source):
    name = context.get("hostname") or context.get("host_name")
    if not name:
        raise ResultError(f"{source}: the result has no context naming its machine")
    cpu = context.get("cpu_model", "unknown")
    arch = context.get("arch", "unknown")
    cores = int(context.get("hardware_threads") or context.get("num_cpus") or 0) or None
    # ON CONFLICT waits for a concurrent importer's new machine, then sees it.
    store.execute("INSERT INTO machines (name, cpu, arch, cores, memory_kib)"
                  " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name, cpu, arch) DO NOTHING",
                  (name, cpu, arch, cores, memory_kib(context.get("memory_total"))))
    return store.execute("SELECT id FROM machines WHERE name = ? AND cpu = ? AND arch = ?",
                         (name, cpu, arch)).fetchone()[0]


def run_suite(files):
    """The wall-clock suite names the run, a built-in one before users' pipelines; a counts
    file's own only when alone."""
    suites = [d.get("context", {}).get("suite") for _, k, _, d in
              sorted(files, key=lambda f: (measure_of(f[3]) == "counts",
                                           f[3].get("context", {}).get("suite") == "pipelines"))
              if k == "bench"]
    return next((s for s in suites if s), None)


def import_run(store, path):
    """Imports the result set at `path`; returns (run id, True if new, False if already there)."""
    files = result_files(path)
    key = run_key(files)
    existing = store.execute("SELECT id FROM runs WHERE key = ?", (key,)).fetchone()
    if existing:
        return existing[0], False
    context = merged_context(files)
    counter = RowCounter()
    with store.transaction() as writing:
        # A concurrent importer of the same files holds the key until it commits or rolls back:
        # this insert waits for it, then adds nothing if it committed.
        inserted = writing.execute(
            "INSERT INTO runs (key, machine_id, git_commit, dirty, date, suite, emulated, context,"
            " source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO NOTHING RETURNING id",
            (key, machine_id(writing, context, path), context.get("git_commit"),
             {"true": 1, "false": 0}.get(context.get("git_dirty")),
             utc_date(context.get("started_at") or context.get("date")), run_suite(files),
             int(context.get("emulated") == "true"), json.dumps(context, sort_keys=True),
             os.path.abspath(path), time.strftime("%Y-%m-%dT%H:%M:%S"))).fetchone()
        if inserted is None:
            existing = writing.execute("SELECT id FROM runs WHERE key = ?", (key,)).fetchone()
            return existing[0], False
        for _, kind, _, document in files:
            insert_document(writing, inserted[0], kind, document, counter)
    return inserted[0], True


def stored(value):
    """NaN as NULL, as SQLite stores it (PostgreSQL would keep NaN): the same store on both."""
    return None if isinstance(value, float) and math.isnan(value) else value


def insert_many(store, counter, statement, run, rows):
    store.executemany(statement, [(run, *map(stored, row)) for row in rows])
    counter.add(len(rows))


def insert_document(store, run, kind, document, counter):
    if kind == "bench":
        insert_many(store, counter,
                    "INSERT INTO benchmarks (run_id, name, operation, adapter, level, image,"
                    " repetition, iterations, real_time_ms, cpu_time_ms, mpx_per_s, peak_mib,"
                    " counters, error, measure, cv, family, steps, definition)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    run, benchmark_rows(document))
        rows = [("bench", *row) for row in bench_verification_rows(document)]
    elif kind == "verify":
        rows = [("verify", *row) for row in verify_rows(document)]
        insert_many(store, counter,
                    "INSERT INTO agreements (run_id, image, operation, a, b, psnr, max_diff)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", run, agreement_rows(document))
    else:
        adapters, points = sweep_rows(document)
        insert_many(store, counter,
                    "INSERT INTO sweep_adapters (run_id, adapter, version, filter, failure)"
                    " VALUES (?, ?, ?, ?, ?)", run, adapters)
        insert_many(store, counter,
                    "INSERT INTO sweep_points (run_id, adapter, filter, mode, workers,"
                    " library_threads, offered_fraction, offered_rate, requests, seconds,"
                    " images_per_second, mpx_per_second, p50_ms, p90_ms, p99_ms, max_ms)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", run, points)
        return
    insert_many(store, counter,
                "INSERT INTO verifications (run_id, source, case_name, adapter, variant, image,"
                " operation, kind, status, psnr, tolerance, passed, max_diff, detail, failed,"
                " definition, call, psnr_border, border_edge, known_finding)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run, rows)


# ---------------------------------------------------------------------------------------------
# Reading the store


# A run with its machine's columns.
RUN_WITH_MACHINE = ("SELECT runs.*, machines.name AS machine, machines.cpu, machines.arch,"
                    " machines.cores, machines.memory_kib FROM runs JOIN machines"
                    " ON machines.id = runs.machine_id")


def run_row(store, run_id=None):
    """A run (the latest when run_id is None) with its machine's columns."""
    if run_id is None:
        return store.execute(RUN_WITH_MACHINE + " ORDER BY runs.date DESC, runs.id DESC"
                             " LIMIT 1").fetchone()
    return store.execute(RUN_WITH_MACHINE + " WHERE runs.id = ?", (run_id,)).fetchone()


def main(argv):
    import argparse
    parser = argparse.ArgumentParser(description="Import imgbench result sets into the store.")
    parser.add_argument("paths", nargs="+", help="result directories or files")
    parser.add_argument("--db", default=default_target(),
                        help="a SQLite file or a postgresql:// address (default: $IMGBENCH_DB, "
                        "else results/imgbench.sqlite)")
    parser.add_argument("--id-only", action="store_true",
                        help="print only each run's id (for scripts), the rest on stderr")
    arguments = parser.parse_args(argv)
    try:
        store = connect(arguments.db)
    except StoreUnavailable as error:
        print(f"error: {error} (the result files are untouched: import them again later)",
              file=sys.stderr)
        return 2
    status = 0
    for path in arguments.paths:
        try:
            run, new = import_run(store, path)
            message = f"{path}: {'imported as' if new else 'already in the store as'} run {run}"
            if arguments.id_only:
                print(message, file=sys.stderr)
                print(run)
            else:
                print(message)
        except ResultError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 2
        except sa.exc.SQLAlchemyError as error:
            # The store went away or refused the run: nothing of it was kept.
            print(f"error: {store_db.describe(arguments.db)}: {path} not imported: "
                  f"{store_db.first_line(error)} (import it again later)", file=sys.stderr)
            status = 2
    store.close()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
