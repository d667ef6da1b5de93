"""The results store: what an import keeps, idempotency, atomicity (imports killed half-way or at
random points) and concurrent imports."""
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

REPORTS = os.path.join(os.path.dirname(__file__), "..", "..", "reports")
sys.path.insert(0, REPORTS)
import postgres_server  # noqa: E402
import results_file  # noqa: E402
import results_store  # noqa: E402

CONTEXT = {"hostname": "box", "cpu_model": "Test CPU", "arch": "x86_64", "hardware_threads": "2",
           "memory_total": "1024 kB", "git_commit": "abc", "git_dirty": "false",
           "started_at": "2026-01-01T00:00:00+0000", "suite": "quick"}


def repetition(name, index, ms, **counters):
    return {"name": name, "run_name": name, "run_type": "iteration", "repetitions": 3,
            "repetition_index": index, "iterations": 10, "real_time": ms, "cpu_time": ms,
            "time_unit": "ms", **counters}


def bench_document(times=(10.0, 11.0, 12.0), benchmarks=1, context=None):
    entries = []
    for b in range(benchmarks):
        name = f"blur:sigma=4/simd/image-{b}/real_time"
        entries += [repetition(name, i, t, **{"Mpx/s": 4.0 / t}) for i, t in enumerate(times)]
        entries.append({"name": name + "_median", "run_name": name, "run_type": "aggregate",
                        "aggregate_name": "median", "real_time": sorted(times)[1],
                        "time_unit": "ms"})
    entries.append({"name": "crop-batch:bilinear:sequential/vips/synth-512/real_time",
                    "run_name": "crop-batch:bilinear:sequential/vips/synth-512/real_time",
                    "run_type": "iteration", "repetition_index": 0, "error_occurred": True,
                    "error_message": "verification failed on a crop: PSNR 48.43 dB, max diff 17, "
                                     "border band 42.01 dB, worst tile 35.66 dB (tolerance: "
                                     ">= 48.00 dB; failed: border band 42.01 dB < 46.00 dB)",
                    "iterations": 0,
                    "real_time": 0, "cpu_time": 0, "time_unit": "ms"})
    return {"context": dict(CONTEXT, **(context or {})), "benchmarks": entries}


def write_run(directory, document=None, verify=True):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "quick.json"), "w") as handle:
        json.dump(document or bench_document(), handle)
    if verify:
        outcome = {"adapter": "simd", "variant": "", "image": "synth", "operation": "blur:sigma=4",
                   "kind": "blur", "status": "PASS", "psnr": 62.5, "max_diff": 1,
                   "tolerance_psnr": 48, "detail": ""}
        with open(os.path.join(directory, "verify.json"), "w") as handle:
            outcomes = [outcome, dict(outcome, adapter="vips", psnr="inf")]
            json.dump({"context": CONTEXT, "outcomes": outcomes,
                       "agreements": [{"image": "synth", "operation": "blur:sigma=4", "a": "simd",
                                       "b": "vips", "psnr": 66.1, "max_diff": 1}]}, handle)
    return directory


def intact(connection):
    """SQLite's own check of its file; a PostgreSQL server keeps its tables whole itself."""
    return (connection.backend != "sqlite"
            or connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def count(connection, table):
    return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_an_import_keeps_every_repetition_verification_and_machine(tmp_path, store_target):
    connection = results_store.connect(store_target)
    run, new = results_store.import_run(connection, write_run(str(tmp_path / "run")))
    assert new
    row = results_store.run_row(connection, run)
    assert (row["machine"], row["cpu"], row["arch"], row["cores"], row["memory_kib"]) == (
        "box", "Test CPU", "x86_64", 2, 1024)
    assert (row["git_commit"], row["dirty"], row["suite"]) == ("abc", 0, "quick")
    times = [r[0] for r in connection.execute(
        "SELECT real_time_ms FROM benchmarks WHERE error IS NULL ORDER BY repetition")]
    assert times == [10.0, 11.0, 12.0]  # the repetitions, not the median aggregate
    failed = connection.execute("SELECT psnr, tolerance, passed FROM verifications"
                                " WHERE source = 'bench'").fetchone()
    assert tuple(failed) == (42.01, 46.0, 0)  # the criterion that failed, not the whole image
    psnrs = sorted(r[0] for r in connection.execute(
        "SELECT psnr FROM verifications WHERE source = 'verify'"))
    assert psnrs == [62.5, float("inf")]
    assert count(connection, "agreements") == 1


def test_importing_the_same_files_twice_leaves_one_run(tmp_path, store_target):
    path = write_run(str(tmp_path / "run"))
    connection = results_store.connect(store_target)
    first = results_store.import_run(connection, path)
    rows = count(connection, "benchmarks")
    second = results_store.import_run(connection, path)
    assert first == (first[0], True) and second == (first[0], False)
    assert count(connection, "runs") == 1 and count(connection, "benchmarks") == rows
    # A copy elsewhere is the same run too; changed contents are a new one.
    assert not results_store.import_run(connection, write_run(str(tmp_path / "copy")))[1]
    changed = write_run(str(tmp_path / "changed"), bench_document(times=(9.0, 10.0, 11.0)))
    assert results_store.import_run(connection, changed)[1]
    assert count(connection, "runs") == 2


def test_a_file_from_another_machine_is_another_machine(tmp_path, store_target):
    connection = results_store.connect(store_target)
    pi = bench_document(context={"hostname": "pi", "arch": "aarch64", "cpu_model": "Cortex-A76"})
    results_store.import_run(connection, write_run(str(tmp_path / "x86")))
    results_store.import_run(connection, write_run(str(tmp_path / "pi"), pi, verify=False))
    assert sorted(r[0] for r in connection.execute("SELECT arch FROM machines")) == [
        "aarch64", "x86_64"]


@pytest.mark.parametrize("content, message", [
    ("{not json", "not a readable JSON"),
    ('{"something": 1}', "not an imgbench result"),
])
def test_bad_files_are_refused_with_their_name(tmp_path, content, message, store_target):
    path = tmp_path / "bad.json"
    path.write_text(content)
    connection = results_store.connect(store_target)
    with pytest.raises(results_store.ResultError, match=message) as caught:
        results_store.import_run(connection, str(path))
    assert str(path) in str(caught.value)
    assert count(connection, "runs") == 0


def test_a_failed_import_rolls_back(tmp_path, store_target):
    connection = results_store.connect(store_target)
    results_store.import_run(connection, write_run(str(tmp_path / "good")))
    # The benchmarks (quick.json) go in first; then verify.json, whose outcome lacks its status.
    broken = write_run(str(tmp_path / "broken"), bench_document(times=(1.0, 2.0, 3.0)))
    with open(os.path.join(broken, "verify.json")) as handle:
        verify = json.load(handle)
    del verify["outcomes"][1]["status"]
    with open(os.path.join(broken, "verify.json"), "w") as handle:
        json.dump(verify, handle)
    with pytest.raises(KeyError):
        results_store.import_run(connection, broken)
    assert count(connection, "runs") == 1
    assert count(connection, "benchmarks") == 4  # the good run's 3 repetitions and 1 failure
    assert count(connection, "verifications") == 3  # its 2 outcomes and 1 bench failure


def test_an_import_killed_half_way_leaves_the_store_intact(tmp_path, store_target):
    database = store_target
    connection = results_store.connect(database)
    results_store.import_run(connection, write_run(str(tmp_path / "earlier")))
    before = [tuple(r) for r in connection.execute("SELECT * FROM benchmarks")]
    connection.close()
    big = write_run(str(tmp_path / "big"), bench_document(benchmarks=400))
    environment = dict(os.environ, **{results_store.PAUSE_VARIABLE: "500"})
    importer = subprocess.Popen([sys.executable, os.path.join(REPORTS, "results_store.py"),
                                 "--db", database, big], env=environment,
                                stdout=subprocess.PIPE, text=True)
    try:
        assert importer.stdout.readline().startswith("paused after")  # rows written, no commit
    finally:
        importer.send_signal(signal.SIGKILL)
        importer.wait()
    connection = results_store.connect(database)
    assert intact(connection)
    assert count(connection, "runs") == 1
    assert [tuple(r) for r in connection.execute("SELECT * FROM benchmarks")] == before
    # The same import, run to the end, then succeeds.
    run, new = results_store.import_run(connection, big)
    assert new and count(connection, "runs") == 2
    assert count(connection, "benchmarks") == len(before) + 400 * 3 + 1


def start_import(database, path):
    return subprocess.Popen([sys.executable, os.path.join(REPORTS, "results_store.py"),
                             "--db", database, path], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def rows(connection, table):
    return sorted(tuple(r) for r in connection.execute(f"SELECT * FROM {table}"))


def test_imports_killed_at_random_points_leave_the_store_consistent(tmp_path, new_store):
    """SIGKILL at a random moment of an import (start-up, parsing, inserting, committing): the
    store is intact, the earlier run unchanged, and the new run either absent or complete."""
    database = new_store()
    connection = results_store.connect(database)
    results_store.import_run(connection, write_run(str(tmp_path / "earlier")))
    earlier = {table: rows(connection, table) for table in ("runs", "benchmarks", "machines")}
    connection.close()
    big = write_run(str(tmp_path / "big"), bench_document(benchmarks=1500))
    started = time.monotonic()  # how long a whole import takes here, in a scratch store
    assert start_import(new_store("scratch"), big).wait() == 0
    duration = time.monotonic() - started
    rng = random.Random(20261121)
    outcomes = set()
    for _ in range(12):
        importer = start_import(database, big)
        time.sleep(rng.uniform(0, 1.2 * duration))
        importer.send_signal(signal.SIGKILL)
        importer.wait()
        connection = results_store.connect(database)
        assert intact(connection)
        runs = count(connection, "runs")
        assert runs in (1, 2)
        benchmarks = count(connection, "benchmarks")
        assert benchmarks == len(earlier["benchmarks"]) + (runs - 1) * (1500 * 3 + 1)
        assert rows(connection, "machines") == earlier["machines"]
        first = connection.execute("SELECT * FROM runs ORDER BY id LIMIT 1").fetchone()
        assert tuple(first) == earlier["runs"][0]
        outcomes.add(runs)
        if runs == 2:  # it finished before the kill: start again from the earlier run alone
            # Not "id = 2": a PostgreSQL sequence moves on with every killed import.
            later = connection.execute("SELECT id FROM runs WHERE id != ?",
                                       (first[0],)).fetchone()[0]
            connection.execute("DELETE FROM benchmarks WHERE run_id = ?", (later,))
            for table in ("verifications", "agreements", "sweep_adapters", "sweep_points"):
                connection.execute(f"DELETE FROM {table} WHERE run_id = ?", (later,))
            connection.execute("DELETE FROM runs WHERE id = ?", (later,))
        connection.close()
    assert 1 in outcomes  # at least one kill landed before the commit


def test_concurrent_imports_keep_every_run_once(tmp_path, store_target):
    """Four importers at once of three result sets, two of them the same files in two places:
    two runs, each complete, no row twice."""
    database = store_target
    results_store.connect(database).close()
    first = write_run(str(tmp_path / "first"), bench_document(benchmarks=300))
    copy = write_run(str(tmp_path / "copy"), bench_document(benchmarks=300))
    second = write_run(str(tmp_path / "second"), bench_document(times=(5.0, 6.0, 7.0),
                                                                benchmarks=300))
    importers = [start_import(database, path) for path in (first, second, copy, first)]
    for importer in importers:
        out, err = importer.communicate(timeout=300)
        assert importer.returncode == 0, err
    connection = results_store.connect(database)
    assert intact(connection)
    assert count(connection, "runs") == 2 and count(connection, "machines") == 1
    per_run = connection.execute(
        "SELECT run_id, COUNT(*) FROM benchmarks GROUP BY run_id").fetchall()
    assert sorted(n for _, n in per_run) == [300 * 3 + 1, 300 * 3 + 1]
    distinct = connection.execute("SELECT COUNT(*) FROM (SELECT DISTINCT run_id, name, repetition"
                                  " FROM benchmarks) AS cases").fetchone()[0]
    assert distinct == count(connection, "benchmarks")
    assert count(connection, "verifications") == 2 * 3


def test_the_command_line_reports_each_path(tmp_path, capsys, store_target):
    path = write_run(str(tmp_path / "run"))
    database = store_target
    assert results_store.main(["--db", database, path, path]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("imported as run 1") and out[1].endswith("already in the store as run 1")
    assert results_store.main(["--db", database, str(tmp_path / "missing")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_run_dates_are_utc_so_that_they_order_across_time_zones():
    assert results_store.utc_date("2026-11-21T15:45:09+0000") == "2026-11-21T15:45:09Z"
    assert results_store.utc_date("2026-11-21T16:45:09+01:00") == "2026-11-21T15:45:09Z"
    assert results_store.utc_date("2026-11-21T10:00:00-06:00") > results_store.utc_date(
        "2026-11-21T15:45:09+0000")


@pytest.mark.parametrize("message, expected", [
    ("verification failed: PSNR 47.37 dB, max diff 18, border band 52.00 dB, worst tile 35.66 dB"
     " (tolerance: >= 48.00 dB; failed: PSNR 47.37 dB < 48.00 dB)", (47.37, 48.0)),
    ("verification failed: PSNR 53.51 dB, max diff 10, border band 38.77 dB, worst tile 38.30 dB"
     " (tolerance: >= 47.00 dB; failed: border band 38.77 dB < 42.00 dB)", (38.77, 42.0)),
    ("verification failed: PSNR 58.20 dB, max diff 20, border band inf dB, worst tile 24.60 dB"
     " (tolerance: >= 48.00 dB; failed: worst tile 24.60 dB < 30.00 dB at (496, 304))",
     (24.6, 30.0)),
    ("verification failed on a crop: PSNR 47.43 dB, max diff 17 (tolerance: >= 48.00 dB)",
     (47.43, 48.0)),  # the format before the local criteria
    ("verification failed: TurboJPEG: corrupt data", (None, None)),
])
def test_a_format_1_failure_is_read_from_its_message(message, expected):
    assert results_file.legacy_failure(message) == expected


def failing_case(message):
    """A format-2 file with one case that failed verification on its border band; its message
    says `message`, whatever the verdict's fields say."""
    name = "blur:sigma=4/gm/synth-512/real_time"
    entry = {"name": name, "run_name": name, "run_type": "iteration", "repetition_index": 0,
             "iterations": 0, "real_time": 0, "cpu_time": 0, "time_unit": "ms",
             "error_occurred": True, "error_message": message,
             "case": {"family": "operation", "label": "blur:sigma=4", "steps": ["blur:sigma=4"],
                      "adapter": "gm", "level": "", "path": "", "image": "synth-512",
                      "workers": 1, "tolerance": "whole >= 47.00 dB", "definition": "0123"},
             "verdict": {"status": "FAIL", "stage": "", "detail": "border band", "psnr": 53.5,
                         "psnr_border": 38.77, "psnr_tile": "inf", "max_diff": 10,
                         "tolerance": {"psnr": 47.0, "border_psnr": 42.0, "tile_psnr": 30.0,
                                       "border_band": 8},
                         "failed": "border", "failed_psnr": 38.77, "failed_threshold": 42.0}}
    return {"format_version": 2, "context": CONTEXT, "benchmarks": [entry]}


@pytest.mark.parametrize("message", [
    "verification failed: PSNR 53.51 dB, max diff 10, border band 38.77 dB, worst tile inf dB"
    " (tolerance: >= 47.00 dB; failed: border band 38.77 dB < 42.00 dB)",
    "the wording changed entirely: 99.9 dB < 1.0 dB, PSNR 12.00 dB",
    "",
])
def test_the_stored_psnr_of_a_failure_comes_from_its_fields_not_its_message(
        tmp_path, message, store_target):
    path = tmp_path / "quick.json"
    path.write_text(json.dumps(failing_case(message)))
    connection = results_store.connect(store_target)
    results_store.import_run(connection, str(path))
    row = connection.execute("SELECT status, psnr, tolerance, failed, definition FROM"
                             " verifications WHERE source = 'bench'").fetchone()
    assert (row["status"], row["psnr"], row["tolerance"]) == ("FAIL", 38.77, 42.0)
    assert (row["failed"], row["definition"]) == ("border", "0123")
    stored = connection.execute("SELECT family, steps, definition FROM benchmarks").fetchone()
    assert (stored["family"], json.loads(stored["steps"]), stored["definition"]) == (
        "operation", ["blur:sigma=4"], "0123")


def test_an_approximate_contender_is_stored_with_its_psnr_and_is_no_failure(
        tmp_path, store_target):
    document = failing_case("")
    entry = document["benchmarks"][0]
    entry.pop("error_occurred")
    entry.pop("error_message")
    entry.update({"iterations": 10, "real_time": 7.5, "Mpx/s": 40.0})
    entry["name"] = entry["run_name"] = "blur:sigma=4/gm~blur-sigma-as-radius/synth-512/real_time"
    entry["case"].update(family="approximate", approximation="blur-sigma-as-radius",
                         call="BlurImage(radius=sigma): sigma read as a radius")
    path = tmp_path / "quick.json"
    path.write_text(json.dumps(document))
    connection = results_store.connect(store_target)
    run, _ = results_store.import_run(connection, str(path))
    row = connection.execute("SELECT adapter, variant, call, status, psnr, max_diff, failed"
                             " FROM verifications WHERE source = 'bench'").fetchone()
    assert (row["adapter"], row["status"]) == ("gm~blur-sigma-as-radius", "approximate")
    assert (row["psnr"], row["max_diff"], row["failed"]) == (53.5, 10, "border")
    assert (row["variant"], row["call"]) == ("blur-sigma-as-radius",
                                             "BlurImage(radius=sigma): sigma read as a radius")
    timed = connection.execute("SELECT family, real_time_ms FROM benchmarks").fetchone()
    assert (timed["family"], timed["real_time_ms"]) == ("approximate", 7.5)
    sys.path.insert(0, REPORTS)
    import report_data
    assert report_data.failures(connection, run) == []  # measured, not failed
    cases = report_data.timed_cases(connection, run)
    assert report_data.single_operations(cases) == []
    # In the defaults table, with its PSNR and call; no canonical twin was timed in this run.
    verdicts = report_data.bench_verdicts(connection, run)
    [default] = report_data.library_defaults(cases, verdicts)
    assert (default["library"], default["default"], default["psnr"]) == (
        "gm", "blur-sigma-as-radius", 53.5)
    assert default["canonical_ms"] is None and default["call"].startswith("BlurImage")
    [point] = report_data.speed_against_psnr(cases, verdicts)
    assert point["approximate"] and point["ms"] == 7.5


def test_a_result_file_of_a_newer_format_is_refused(tmp_path, store_target):
    path = tmp_path / "quick.json"
    path.write_text(json.dumps(dict(failing_case(""), format_version=3)))
    connection = results_store.connect(store_target)
    with pytest.raises(results_store.ResultError, match="result format 3 is newer"):
        results_store.import_run(connection, str(path))
    assert count(connection, "runs") == 0


def counts_document(instructions=1_234_567_891, context=None):
    """A counts run's result file: one counted case with the counters bench --measure counts
    writes, its context saying so."""
    name = "blur:sigma=4/simd/synth-320x200-rgb/real_time"
    entry = {"name": name, "run_name": name, "run_type": "iteration", "repetitions": 1,
             "repetition_index": 0, "iterations": 1, "real_time": 40.0, "cpu_time": 40.0,
             "time_unit": "ms", "instructions": float(instructions), "d1_misses": 9121.0,
             "ll_misses": 63.0, "est_cycles": float(instructions + 500_000)}
    counts_context = dict(CONTEXT, measure="counts", simd_level_used="avx2", **(context or {}))
    return {"context": counts_context, "benchmarks": [entry]}


def test_each_benchmark_keeps_its_measure_and_a_counts_run_no_time(tmp_path, store_target):
    directory = write_run(str(tmp_path / "run"),
                          bench_document(context={"measure": "time", "simd_level_used": "avx3"}))
    with open(os.path.join(directory, "counts.json"), "w") as handle:
        json.dump(counts_document(), handle)
    connection = results_store.connect(store_target)
    run, _ = results_store.import_run(connection, directory)
    rows = connection.execute("SELECT name, measure, real_time_ms, counters, cv FROM benchmarks"
                              " WHERE run_id = ? AND error IS NULL", (run,)).fetchall()
    counted = [r for r in rows if r["measure"] == "counts"]
    timed = [r for r in rows if r["measure"] == "time"]
    assert len(counted) == 1 and len(timed) == 3
    assert counted[0]["real_time_ms"] is None  # valgrind's time is not the library's
    assert json.loads(counted[0]["counters"])["instructions"] == 1_234_567_891  # every digit
    # The wall-clock context names the run; the counts context is kept under its own prefix.
    context = json.loads(connection.execute("SELECT context FROM runs").fetchone()[0])
    assert context["simd_level_used"] == "avx3" and context["counts:simd_level_used"] == "avx2"


def test_a_case_stores_the_spread_of_its_repetitions(tmp_path, store_target):
    connection = results_store.connect(store_target)
    results_store.import_run(connection, write_run(str(tmp_path / "run"),
                                                   bench_document(times=(10.0, 11.0, 12.0))))
    spreads = {r["cv"] for r in connection.execute(
        "SELECT cv FROM benchmarks WHERE name LIKE 'blur%' AND repetition >= 0")}
    assert len(spreads) == 1
    assert abs(spreads.pop() - 1.0 / 11.0) < 1e-9  # stdev 1 over mean 11


# The SQLite store as imgbench created it until schema version 5 (the version in SQLite's
# PRAGMA user_version), as it was written then.
SCHEMA_VERSION_4 = """
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
# The schema of version 2, as the code before result format 2 created the store: the benchmarks
# table without its family, steps and definition, the verifications without failed and definition.
SCHEMA_VERSION_2 = "\n".join(
    line.replace("cv REAL,", "cv REAL").replace("detail TEXT,", "detail TEXT")
    for line in SCHEMA_VERSION_4.splitlines()
    if not line.lstrip().startswith(("family TEXT", "steps TEXT", "definition TEXT",
                                     "failed TEXT", "call TEXT")))
# The schema before measures and spreads (version 1, as the store was created until then): the
# benchmarks table without its measure and cv either.
SCHEMA_VERSION_1 = "\n".join(
    line.replace("error TEXT,", "error TEXT ") for line in SCHEMA_VERSION_2.splitlines()
    if not line.lstrip().startswith(("measure TEXT", "cv REAL")))


def test_a_store_of_the_previous_schema_is_migrated_and_imports(tmp_path):
    assert "cv REAL" not in SCHEMA_VERSION_1  # the old schema really lacks the columns
    path = str(tmp_path / "old.sqlite")
    old = sqlite3.connect(path)
    old.executescript(SCHEMA_VERSION_1)
    old.execute("INSERT INTO machines (name, cpu, arch) VALUES ('box', 'Test CPU', 'x86_64')")
    old.execute("INSERT INTO runs (key, machine_id, date, context, source, imported_at) VALUES"
                " ('k', 1, '2025-01-01T00:00:00Z', '{}', 'old', 'then')")
    old.execute("INSERT INTO benchmarks (run_id, name, repetition, real_time_ms) VALUES"
                " (1, 'blur:sigma=4/simd/image-0/real_time', 0, 9.5)")
    old.commit()
    old.close()
    connection = results_store.connect(path)
    assert results_store.stored_version(connection) == results_store.SCHEMA_VERSION
    row = connection.execute("SELECT measure, cv FROM benchmarks").fetchone()
    assert row["measure"] == "time" and row["cv"] is None  # the old rows were wall time
    run, new = results_store.import_run(connection, write_run(str(tmp_path / "run")))
    assert new and connection.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2
    connection.close()
    again = results_store.connect(path)  # opening it again changes nothing
    assert results_store.stored_version(again) == results_store.SCHEMA_VERSION
    assert count(again, "store_schema") == 1


def test_a_store_of_schema_version_2_is_migrated_and_takes_a_format_2_import(tmp_path):
    assert "definition" not in SCHEMA_VERSION_2 and "cv REAL" in SCHEMA_VERSION_2
    path = str(tmp_path / "v2.sqlite")
    old = sqlite3.connect(path)
    old.executescript(SCHEMA_VERSION_2)
    old.execute("PRAGMA user_version = 2")
    old.execute("INSERT INTO machines (name, cpu, arch) VALUES ('box', 'Test CPU', 'x86_64')")
    old.execute("INSERT INTO runs (key, machine_id, date, context, source, imported_at) VALUES"
                " ('k', 1, '2025-01-01T00:00:00Z', '{}', 'old', 'then')")
    old.execute("INSERT INTO benchmarks (run_id, name, repetition, real_time_ms, measure, cv)"
                " VALUES (1, 'blur:4/simd/image-0/real_time', 0, 9.5, 'time', 0.01)")
    old.execute("INSERT INTO verifications (run_id, source, case_name, status, psnr) VALUES"
                " (1, 'bench', 'blur:4/gm/image-0/real_time', 'FAIL', 41.0)")
    old.commit()
    old.close()
    connection = results_store.connect(path)
    assert results_store.stored_version(connection) == results_store.SCHEMA_VERSION
    old_row = connection.execute("SELECT real_time_ms, definition FROM benchmarks").fetchone()
    assert old_row["real_time_ms"] == 9.5 and old_row["definition"] is None  # kept, unversioned
    path_2 = tmp_path / "quick.json"
    path_2.write_text(json.dumps(failing_case("anything")))
    run, new = results_store.import_run(connection, str(path_2))
    assert new
    row = connection.execute("SELECT psnr, failed, definition FROM verifications"
                             " WHERE run_id = ?", (run,)).fetchone()
    assert (row["psnr"], row["failed"], row["definition"]) == (38.77, "border", "0123")


def test_a_counts_file_alone_imports_under_its_machine(tmp_path, store_target):
    path = tmp_path / "counts.json"
    path.write_text(json.dumps(counts_document()))
    connection = results_store.connect(store_target)
    run, new = results_store.import_run(connection, str(path))
    assert new
    row = results_store.run_row(connection, run)
    assert row["machine"] == "box" and row["git_commit"] == "abc" and row["suite"] == "quick"
    assert connection.execute("SELECT measure FROM benchmarks").fetchone()[0] == "counts"


def test_a_store_of_schema_version_4_takes_its_version_table_and_keeps_its_runs(tmp_path):
    path = str(tmp_path / "v4.sqlite")
    old = sqlite3.connect(path)
    old.executescript(SCHEMA_VERSION_4)
    old.execute("PRAGMA user_version = 4")
    old.commit()
    old.close()
    connection = results_store.connect(path)
    assert results_store.stored_version(connection) == results_store.SCHEMA_VERSION
    run, new = results_store.import_run(connection, write_run(str(tmp_path / "run")))
    assert new and results_store.run_row(connection, run)["machine"] == "box"


# A SQLite store as imgbench created it at schema version 5: version 4's tables, the version in a
# table of its own.
SCHEMA_VERSION_5 = SCHEMA_VERSION_4 + """
CREATE TABLE IF NOT EXISTS store_schema (version BIGINT NOT NULL);
INSERT INTO store_schema (version) VALUES (5);
"""
ADDED_IN_6 = ("psnr_border", "border_edge", "known_finding")


def verification_columns(connection):
    import sqlalchemy
    return {c["name"] for c in sqlalchemy.inspect(connection.connection).get_columns(
        "verifications")}


def test_a_store_of_schema_version_5_gains_the_border_edge_and_known_findings(tmp_path):
    path = str(tmp_path / "v5.sqlite")
    old = sqlite3.connect(path)
    old.executescript(SCHEMA_VERSION_5)
    old.execute("INSERT INTO machines (name, cpu, arch) VALUES ('box', 'Test CPU', 'x86_64')")
    old.execute("INSERT INTO runs (key, machine_id, date, context, source, imported_at) VALUES"
                " ('k', 1, '2025-01-01T00:00:00Z', '{}', 'old', 'then')")
    old.execute("INSERT INTO verifications (run_id, source, case_name, status, psnr, passed)"
                " VALUES (1, 'bench', 'blur:4/gm/image-0/real_time', 'FAIL', 41.0, 0)")
    old.commit()
    old.close()
    assert not set(ADDED_IN_6) & {r[1] for r in sqlite3.connect(path).execute(
        "PRAGMA table_info(verifications)")}  # the old schema really lacks them
    connection = results_store.connect(path)
    assert results_store.stored_version(connection) == results_store.SCHEMA_VERSION == 6
    assert set(ADDED_IN_6) <= verification_columns(connection)
    kept = connection.execute("SELECT status, psnr, border_edge, known_finding"
                              " FROM verifications").fetchone()
    assert tuple(kept) == ("FAIL", 41.0, None, None)  # an old row: no edge, no finding
    path_2 = tmp_path / "quick.json"
    path_2.write_text(json.dumps(failing_case("anything")))
    run, new = results_store.import_run(connection, str(path_2))
    assert new and count(connection, "store_schema") == 1


def test_a_store_of_schema_version_5_is_migrated_on_either_backend(tmp_path, store_target):
    """The columns of version 6 are added by ALTER TABLE on both backends (a version 5 store made
    here by dropping them from a new one)."""
    connection = results_store.connect(store_target)
    for name in ADDED_IN_6:
        connection.execute(f"ALTER TABLE verifications DROP COLUMN {name}")
    connection.execute("UPDATE store_schema SET version = 5")
    connection.close()
    connection = results_store.connect(store_target)
    assert results_store.stored_version(connection) == 6
    assert set(ADDED_IN_6) <= verification_columns(connection)
    results_store.import_run(connection, write_run(str(tmp_path / "run")))
    assert count(connection, "verifications") == 3
    connection.close()


def one_line_error(command):
    """Runs a reports/ command line; its exit status and what it said on stderr."""
    done = subprocess.run([sys.executable, *command], capture_output=True, text=True, timeout=60)
    return done.returncode, done.stderr.strip().splitlines()


@pytest.mark.parametrize("script", ["results_store.py", "render_site.py", "regressions.py"])
def test_a_wrong_password_or_no_server_is_one_line_and_exit_2(tmp_path, postgres, script):
    path = write_run(str(tmp_path / "run"))
    database = postgres.create_database(f"refusing_{script[:-3]}")
    wrong = database.replace(postgres_server.PASSWORD, "not-the-password")
    nobody = postgres.url("nowhere", port=postgres_server.free_port())  # nothing listens there
    for target, cause in ((wrong, "password authentication failed"),
                          (nobody, "Connection refused")):
        arguments = [path] if script == "results_store.py" else []
        status, lines = one_line_error([os.path.join(REPORTS, script), "--db", target,
                                        *arguments])
        assert status == 2 and len(lines) == 1, lines
        assert cause in lines[0] and "not-the-password" not in lines[0]
    assert os.listdir(path)  # the run's files stay, to import later
