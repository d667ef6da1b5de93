"""What the report shows, read from the results store as plain rows (dicts), one function per
chart. A run's timed cases are read once (timed_cases) and handed to the functions that need
them. Medians are over the repetitions stored for a run; nothing here draws."""
import json
import math
import re
import statistics

import regressions
import results_file
import results_store


# A wall-clock case whose repetitions spread more than this (coefficient of variation) is marked
# unsteady on the page (nanobench's limit for "unstable").
UNSTEADY_CV = 0.05


def case_fields(row):
    """(family, label) of a stored benchmark; runs stored before the result files carried them
    are read from their names, by the one reader of result files."""
    if row["family"] is not None:
        return row["family"], row["operation"]
    legacy = results_file.legacy_case(row["name"])
    return legacy["family"], legacy["label"]


def timed_cases(connection, run_id):
    """{name: row with family, operation (its label), adapter, level, image, times, mpx, cv} of a
    run's wall-clock cases (counted ones are read by counts_history)."""
    cases = {}
    for row in connection.execute(
            "SELECT name, family, operation, adapter, level, image, real_time_ms, mpx_per_s, cv,"
            " steps FROM benchmarks WHERE run_id = ? AND error IS NULL AND measure = 'time'"
            " ORDER BY name, repetition", (run_id,)):
        family, label = case_fields(row)
        case = cases.setdefault(row["name"], {
            "name": row["name"], "family": family, "operation": label,
            "adapter": row["adapter"], "level": row["level"], "image": row["image"],
            "steps": json.loads(row["steps"] or "[]"), "times": [], "mpx": [], "cv": row["cv"]})
        case["times"].append(row["real_time_ms"])
        if row["mpx_per_s"] is not None:
            case["mpx"].append(row["mpx_per_s"])
    for case in cases.values():
        case["ms"] = statistics.median(case["times"])
    return cases


def single_operations(cases):
    rows = []
    for case in cases.values():
        if case["level"] or not case["mpx"] or case["family"] != "operation":
            continue
        rows.append({"operation": case["operation"], "adapter": case["adapter"],
                     "image": case["image"], "mpx_median": statistics.median(case["mpx"]),
                     "mpx_min": min(case["mpx"]), "mpx_max": max(case["mpx"]),
                     "repetitions": len(case["mpx"])})
    return sorted(rows, key=lambda r: (r["image"], r["operation"], r["adapter"]))


def cycle_stages(cases):
    """One row per cycle case (each stage of the full cycle is one: its steps say which), with
    its median; a level's cases are the levels chart's."""
    rows = [{"adapter": c["adapter"], "image": c["image"], "label": c["operation"],
             "steps": c["steps"], "ms": c["ms"]}
            for c in cases.values() if c["family"] == "cycle" and not c["level"] and c["steps"]]
    return sorted(rows, key=lambda r: (r["adapter"], r["image"], len(r["steps"]), r["label"]))


def pipelines(cases):
    """One row per users' pipeline case: its name, steps, adapter, input and median."""
    rows = [{"pipeline": c["operation"], "steps": " ; ".join(c["steps"]), "adapter": c["adapter"],
             "image": c["image"], "ms": c["ms"],
             "mpx_median": statistics.median(c["mpx"]) if c["mpx"] else None}
            for c in cases.values() if c["family"] == "pipeline" and not c["level"]]
    return sorted(rows, key=lambda r: (r["pipeline"], r["image"], r["ms"]))


def bench_verdicts(connection, run_id):
    """{benchmark name: what bench measured of it before timing it} (status, passed, PSNR, max
    difference, tolerance, its case's family as `kind`, and for an approximate contender its
    approximation and call)."""
    return {row["case_name"]: dict(row) for row in connection.execute(
        "SELECT case_name, status, passed, psnr, max_diff, tolerance, kind, variant, call"
        " FROM verifications"
        " WHERE run_id = ? AND source = 'bench' ORDER BY case_name, status, psnr NULLS FIRST",
        (run_id,))}


def work_of(case):
    """The work a case times, as its name says it before the contender: "blur:sigma=4",
    "cycle:blur-area", "thumbnail:lanczos3-8x"."""
    return case["name"].split("/")[0]


def speed_against_psnr(cases, verdicts):
    """For each piece of work that has approximate contenders (by its steps and image): every
    contender timed on it, canonical and approximate, with its median and its PSNR against the
    reference (of the JPEG it hands over, for a sequence that ends with a save)."""
    approximate = {(tuple(c["steps"]), c["image"]) for c in cases.values()
                   if c["family"] == "approximate"}
    rows = []
    for case in cases.values():
        key = (tuple(case["steps"]), case["image"])
        verdict = verdicts.get(case["name"])
        if key not in approximate or case["level"] or verdict is None or verdict["psnr"] is None:
            continue
        if case["family"] not in ("approximate", "operation", "cycle", "thumbnail"):
            continue
        rows.append({"work": work_of(case), "image": case["image"], "contender": case["adapter"],
                     "approximate": case["family"] == "approximate", "ms": case["ms"],
                     "psnr": verdict["psnr"], "max_diff": verdict["max_diff"],
                     "tolerance": verdict["tolerance"]})
    return sorted(rows, key=lambda r: (r["work"], r["image"], r["approximate"], r["ms"]))


def library_defaults(cases, verdicts):
    """pillow-perf's table, with what it leaves out: each library default or shortcut beside the
    same library's canonical call on the same work, their medians, what the default saves, what
    it costs in PSNR, and the call, with why it differs."""
    canonical = {(tuple(c["steps"]), c["image"], c["adapter"]): c for c in cases.values()
                 if c["family"] != "approximate" and not c["level"]}
    rows = []
    for case in cases.values():
        verdict = verdicts.get(case["name"])
        if case["family"] != "approximate" or verdict is None:
            continue
        library, _, approximation = case["adapter"].partition("~")
        twin = canonical.get((tuple(case["steps"]), case["image"], library))
        rows.append({"work": work_of(case), "image": case["image"], "library": library,
                     "default": approximation, "default_ms": case["ms"],
                     "canonical_ms": twin["ms"] if twin else None,
                     "speedup": twin["ms"] / case["ms"] if twin else None,
                     "psnr": verdict["psnr"], "max_diff": verdict["max_diff"],
                     "tolerance": verdict["tolerance"],
                     # its verdict's, the local criteria included
                     "within_tolerance": bool(verdict["passed"]),
                     "call": verdict["call"] or ""})
    return sorted(rows, key=lambda r: (r["work"], r["image"], r["library"], r["default"]))


def simd_levels(cases):
    """Speed-up of each level over the adapter's slowest level, per (operation, image)."""
    groups = {}
    for case in cases.values():
        if case["level"]:
            groups.setdefault((case["operation"], case["adapter"], case["image"]), []).append(case)
    rows = []
    for (operation, adapter, image), cases in sorted(groups.items()):
        slowest = max(c["ms"] for c in cases)
        for case in cases:
            rows.append({"operation": operation, "adapter": adapter, "image": image,
                         "level": case["level"], "ms": case["ms"], "speedup": slowest / case["ms"]})
    return rows


def crop_batches(cases):
    rows = []
    for case in cases.values():
        if case["family"] == "crop-batch" and case["mpx"]:
            filter_, _, mode = case["operation"].partition(":")
            rows.append({"adapter": case["adapter"], "image": case["image"],
                         "filter": filter_, "mode": mode,
                         "mpx_median": statistics.median(case["mpx"]), "ms": case["ms"]})
    return sorted(rows, key=lambda r: (r["image"], r["filter"], r["adapter"], r["mode"]))


def sweep_points(connection, run_id):
    return [dict(row) for row in connection.execute(
        "SELECT adapter, filter, mode, workers, library_threads, offered_fraction, offered_rate,"
        " requests, seconds, images_per_second, mpx_per_second, p50_ms, p90_ms, p99_ms, max_ms"
        " FROM sweep_points WHERE run_id = ? ORDER BY adapter, filter NULLS FIRST, mode,"
        " workers NULLS FIRST, library_threads NULLS FIRST, offered_rate NULLS FIRST",
        (run_id,))]


def library_threads(points):
    """One worker with N library threads against one worker with one thread, per adapter."""
    rows = []
    for adapter in sorted({p["adapter"] for p in points}):
        closed = [p for p in points if p["adapter"] == adapter and p["mode"] == "closed"
                  and p["workers"] == 1]
        single = [p for p in closed if p["library_threads"] == 1]
        for threaded in (p for p in closed if p["library_threads"] > 1):
            if single and single[0]["images_per_second"] > 0:
                rows.append({"adapter": adapter, "threads": threaded["library_threads"],
                             "speedup": threaded["images_per_second"]
                             / single[0]["images_per_second"]})
    return rows


# A verdict's weight when cases are summed up as one: a failure outweighs a known finding, which
# outweighs a pass.
STATUS_WEIGHT = {"PASS": 0, "KNOWN": 1, "FAIL": 2}


def verification(connection, run_id):
    """Worst PSNR per (adapter, operation) over images, canonical cases only, with tolerance, and
    its worst border band with that band's worst edge. Its status is FAIL when an image failed,
    else KNOWN when one met a declared known finding (explained, no failure: `known` names them),
    else PASS; passed only if every image passed. The crops of all rectangles count as one
    operation; the reference adapter (the reference itself) is left out."""
    rows = {}
    for row in connection.execute(
            "SELECT adapter, operation, status, psnr, tolerance, passed, psnr_border, border_edge,"
            " known_finding FROM verifications"
            " WHERE run_id = ? AND source = 'verify' AND variant = '' AND adapter != 'reference'"
            " AND status IN ('PASS', 'FAIL', 'KNOWN')"
            " ORDER BY operation, adapter, psnr NULLS FIRST, tolerance NULLS FIRST,"
            " psnr_border NULLS FIRST, border_edge NULLS FIRST, status,"
            " known_finding NULLS FIRST", (run_id,)):
        operation = "crop" if row["operation"].startswith("crop:") else row["operation"]
        key = (row["adapter"], operation)
        best = rows.setdefault(key, {"adapter": row["adapter"], "operation": operation,
                                     "psnr": math.inf, "tolerance": row["tolerance"],
                                     "passed": True, "status": "PASS", "border_psnr": None,
                                     "border_edge": None, "known": []})
        best["passed"] = best["passed"] and bool(row["passed"])
        best["status"] = max(best["status"], row["status"], key=STATUS_WEIGHT.get)
        if row["status"] == "KNOWN":
            best["known"].append(finding_id(row["known_finding"]))
        if row["psnr"] is not None and row["psnr"] < best["psnr"]:
            best["psnr"], best["tolerance"] = row["psnr"], row["tolerance"]
        border = row["psnr_border"]
        if border is not None and (best["border_psnr"] is None or border < best["border_psnr"]):
            best["border_psnr"], best["border_edge"] = border, row["border_edge"]
    for best in rows.values():
        best["known"] = " ".join(sorted(set(filter(None, best["known"]))))
    return sorted(rows.values(), key=lambda r: (r["operation"], r["adapter"]))


def finding_id(text):
    """The id of a known finding as the store keeps it (JSON), or None."""
    return json.loads(text).get("id") if text else None


def failures(connection, run_id):
    """Every case that failed verification (verify matrix problems and untimed bench cases), a
    known finding that no longer holds among them (`known_finding` its id); a case that met a
    known finding is no failure (known_cases)."""
    return not_passed(connection, run_id, "FAIL")


def known_cases(connection, run_id):
    """Every case that met a declared known finding (`known_finding` its id): not timed by bench,
    explained, and not a failure of the run."""
    return not_passed(connection, run_id, "KNOWN")


def not_passed(connection, run_id, status):
    rows = [dict(row) for row in connection.execute(
        "SELECT source, case_name, psnr, tolerance, detail, failed, psnr_border, border_edge,"
        " known_finding FROM verifications WHERE run_id = ? AND passed = 0 AND status = ?"
        " AND (source = 'bench' OR variant = '') ORDER BY source, case_name, psnr NULLS FIRST,"
        " detail NULLS FIRST, known_finding NULLS FIRST", (run_id, status))]
    for row in rows:
        row["known_finding"] = finding_id(row["known_finding"])
    return rows


def known_findings(connection, run_id):
    """One row per declared known finding that a case of the run was matched against: what the
    finding declares (adapter, case, criterion, its PSNR range, library version, reason and the
    SEMANTICS.md section that explains it), the run's cases it matched with the lowest and
    highest PSNR they measured of its criterion, and whether it held for all of them (one that no
    longer holds is a failure, listed by failures() too, `why` saying why)."""
    findings = {}
    for row in connection.execute(
            "SELECT source, case_name, status, detail, known_finding FROM verifications"
            " WHERE run_id = ? AND known_finding IS NOT NULL AND status IN ('KNOWN', 'FAIL')"
            " AND (source = 'bench' OR variant = '') ORDER BY source, case_name, status,"
            " known_finding, detail NULLS FIRST", (run_id,)):
        declared = json.loads(row["known_finding"])
        finding = findings.setdefault(declared["id"], new_finding(declared))
        case = row["case_name"].removesuffix("/real_time")
        finding["cases"].append(case)
        measured = results_file.number(declared.get("measured_psnr"))
        if measured is not None:
            finding["measured"].append(measured)
        if row["status"] != "KNOWN":
            finding["holds"] = False
            finding["why"].append(f"{case}: {row['detail'] or 'no longer holds'}")
    return [summed_finding(findings[key]) for key in sorted(findings)]


def new_finding(declared):
    return {"declared": declared, "cases": [], "measured": [], "holds": True, "why": []}


def summed_finding(finding):
    """A finding's row as the page and its data files show it: one value a column."""
    declared, measured = finding["declared"], finding["measured"]
    return {"id": declared["id"], "adapter": declared.get("adapter"),
            "case": declared.get("case"), "criterion": declared.get("criterion"),
            "matched_cases": " ; ".join(dict.fromkeys(finding["cases"])),
            "measured_min": min(measured) if measured else None,
            "measured_max": max(measured) if measured else None,
            "psnr_min": results_file.number(declared.get("psnr_min")),
            "psnr_max": results_file.number(declared.get("psnr_max")),
            "library_version": declared.get("library_version"),
            "explanation": declared.get("explanation"), "reason": declared.get("reason"),
            "holds": finding["holds"], "why": " ; ".join(finding["why"])}


def agreements(connection, run_id):
    """Worst PSNR between each pair of libraries over images and operations."""
    pairs = {}
    for row in connection.execute("SELECT a, b, psnr FROM agreements WHERE run_id = ?"
                                  " AND psnr IS NOT NULL", (run_id,)):
        key = (row["a"], row["b"])
        pairs[key] = min(pairs.get(key, math.inf), row["psnr"])
    return [{"a": a, "b": b, "psnr": psnr} for (a, b), psnr in sorted(pairs.items())]


def history(connection, run, cases, limit=8):
    """{benchmark: [{run, date, ms, status}]} over the runs of this run's machine and suite: the
    full cycle of every library on photo-path when the run has it."""
    names = sorted(n for n, c in cases.items() if c["family"] == "cycle"
                   and c["operation"] == "blur-bicubic" and c["image"] == "photo-path")
    names = names or sorted(cases)
    series = regressions.history_series(connection, run["machine_id"], run["suite"],
                                        names[:limit])
    return {name: [{"run": r["id"], "date": r["date"], "ms": value, "status": verdict["status"]}
                   for r, value, verdict in points] for name, points in series.items()}


def steadiness(cases):
    """One row per wall-clock case with a spread (2+ repetitions), least steady first."""
    rows = [{"benchmark": c["name"].removesuffix("/real_time"), "ms": c["ms"],
             "repetitions": len(c["times"]), "cv": c["cv"],
             "steady": c["cv"] <= UNSTEADY_CV}
            for c in cases.values() if c["cv"] is not None]
    return sorted(rows, key=lambda r: -r["cv"])


# Counted cases the counts history follows: the full cycle of every library (counts runs use a
# small photo), when the run has it.
COUNTS_HISTORY_PATTERN = re.compile(r"cycle:blur-bicubic/[^@/]+/photo-rocket/real_time")


def counts_history(connection, run, limit=8):
    """{benchmark: [{run, date, instructions, est_cycles, status}]} of the counted cases over the
    runs of this run's machine and suite (the nightly's counts judge each against the last)."""
    counted = regressions.counts_by_run(connection, [run["id"]])[run["id"]]
    names = [n for n in counted if COUNTS_HISTORY_PATTERN.fullmatch(n)] or sorted(counted)
    series = regressions.counts_series(connection, run["machine_id"], run["suite"],
                                       names[:limit])
    return {name: [{"run": r["id"], "date": r["date"], "instructions": value["instructions"],
                    "est_cycles": value["est_cycles"], "status": verdict["status"]}
                   for r, value, verdict in points] for name, points in series.items()}


def other_machine_run(connection, run, allow_emulated=False):
    """The latest run of the same suite on another machine (emulated runs only when asked)."""
    query = (results_store.RUN_WITH_MACHINE
             + " WHERE runs.machine_id != ? AND runs.suite IS NOT DISTINCT FROM ?")
    if not allow_emulated:
        query += " AND runs.emulated = 0"
    return connection.execute(query + " ORDER BY runs.date DESC, runs.id DESC LIMIT 1",
                              (run["machine_id"], run["suite"])).fetchone()


def emulated_runs_elsewhere(connection, run):
    """How many runs of the same suite on other machines were made under emulation."""
    return connection.execute(
        "SELECT COUNT(*) FROM runs WHERE machine_id != ? AND suite IS NOT DISTINCT FROM ?"
        " AND emulated = 1",
        (run["machine_id"], run["suite"])).fetchone()[0]


def machine_comparison(mine, theirs):
    """Cases timed in both runs: time on this run's machine over time on the other's."""
    rows = []
    for name in sorted(set(mine) & set(theirs)):
        rows.append({"benchmark": name.removesuffix("/real_time"), "first_ms": theirs[name]["ms"],
                     "second_ms": mine[name]["ms"],
                     "ratio": mine[name]["ms"] / theirs[name]["ms"]})
    return rows


# The benchmark each machine's history follows on the fleet's chart: our full cycle on a real
# photo, which every suite but the levels times.
FLEET_HEADLINE = "cycle:blur-bicubic/simd/photo-path/real_time"


def fleet(connection):
    """One row per machine in the store: what it is, how many runs it has, its latest run (one
    of the counted suite only when the machine has no other: that suite's runs stand beside a
    machine's own)."""
    rows, own = {}, set()  # own: the machines with a run of another suite
    for run in connection.execute(results_store.RUN_WITH_MACHINE
                                  + " ORDER BY runs.machine_id, runs.date, runs.id"):
        row = rows.setdefault(run["machine_id"], {
            "machine": run["machine"], "arch": run["arch"], "cpu": run["cpu"],
            "cores": run["cores"], "runs": 0, "first_date": run["date"]})
        row["runs"] += 1
        if run["suite"] == COUNTED_SUITE and run["machine_id"] in own:
            continue
        if run["suite"] != COUNTED_SUITE:
            own.add(run["machine_id"])
        row.update(latest_run=run["id"], latest_date=run["date"], suite=run["suite"],
                   commit=(run["git_commit"] or "")[:12], emulated=bool(run["emulated"]))
    return sorted(rows.values(), key=lambda r: (r["machine"], r["arch"], r["cpu"]))


def fleet_history(connection, benchmark=FLEET_HEADLINE):
    """{machine: [{run, date, ms}]}, oldest first: `benchmark`'s median in each run of each
    machine that timed it."""
    times = {}
    for row in connection.execute(
            "SELECT run_id, real_time_ms FROM benchmarks WHERE name = ? AND error IS NULL"
            " AND measure = 'time'", (benchmark,)):
        times.setdefault(row["run_id"], []).append(row["real_time_ms"])
    series = {}
    for run in connection.execute(results_store.RUN_WITH_MACHINE + " ORDER BY runs.date, runs.id"):
        if run["id"] in times:
            label = f"{run['machine']} ({run['arch']})" + (", emulated" if run["emulated"] else "")
            series.setdefault(label, []).append({"run": run["id"], "date": run["date"],
                                                 "ms": statistics.median(times[run["id"]])})
    return series


# The Raspberry Pi section's boards: the core their runs' contexts name (cpu_core, real or
# emulated) and the clock that turns an estimated cycle count into a time.
PI_BOARDS = ({"board": "Pi 4", "key": "pi4", "core": "Cortex-A72", "ghz": 1.8},
             {"board": "Pi 5", "key": "pi5", "core": "Cortex-A76", "ghz": 2.4})
# The suite that times the cases a counts run of the quick suite counts, at the same sizes.
COUNTED_SUITE = "counted"


def aarch64_runs(connection, core, emulated):
    """(run, context) of the aarch64 runs whose CPU is `core`, emulated or real, latest first."""
    runs = connection.execute(results_store.RUN_WITH_MACHINE
                              + " WHERE machines.arch = 'aarch64' AND runs.emulated = ?"
                              " ORDER BY runs.date DESC, runs.id DESC", (int(emulated),))
    with_context = [(run, json.loads(run["context"])) for run in runs]
    # cpu_core is the core's name and its MIDR: "Cortex-A72 (MIDR 0x410fd083)".
    return [(run, context) for run, context in with_context
            if str(context.get("cpu_core", "")).partition(" (")[0] == core]


# The suite whose counted cases the counted suite times: the estimates must be of its counts.
ESTIMATED_SUITE = "quick"


def same_commit_first(runs, commit):
    """The first of `runs` made at `commit`, else the first; None for none."""
    same = [run for run in runs if commit and run["git_commit"] == commit]
    return (same or runs or [None])[0]


def pi_estimate_run(connection, core, commit=None):
    """The latest emulated counts run of the quick suite on `core` with estimated cycles, one of
    `commit` first."""
    return same_commit_first([run for run, context in aarch64_runs(connection, core, True)
                              if "counts_cycle_model" in context
                              and run["suite"] == ESTIMATED_SUITE], commit)


def pi_measured_run(connection, core, commit=None):
    """The latest run of the counted suite on a real (not emulated) aarch64 `core`, one of
    `commit` first."""
    return same_commit_first([run for run, _ in aarch64_runs(connection, core, False)
                              if run["suite"] == COUNTED_SUITE], commit)


def counted_suite_run(connection, machine_id):
    """The latest run of the counted suite on this machine (its wall time per counted case)."""
    return connection.execute(results_store.RUN_WITH_MACHINE
                              + " WHERE runs.machine_id = ? AND runs.suite = ?"
                              " ORDER BY runs.date DESC, runs.id DESC LIMIT 1",
                              (machine_id, COUNTED_SUITE)).fetchone()


def latest_page_run(connection, machine=None, suite=None):
    """The latest run a page is made of, on the machine named `machine` and of `suite` when
    given: a run on real hardware before any made under emulation (the nightly imports its Pi
    estimates after the machine's own run, under the same host name), and without a suite never
    the counted suite's, whose small cases only stand beside the Raspberry Pi estimates."""
    query = results_store.RUN_WITH_MACHINE + " WHERE " + (
        "runs.suite = ?" if suite is not None else "runs.suite IS DISTINCT FROM ?")
    parameters = (suite if suite is not None else COUNTED_SUITE,)
    if machine is not None:
        query += " AND machines.name = ?"
        parameters += (machine,)
    return connection.execute(
        query + " ORDER BY runs.emulated, runs.date DESC, runs.id DESC LIMIT 1",
        parameters).fetchone()


def split_case_name(name):
    """(work, contender with its level, image) of '<work>/<contender>/<image>/real_time'."""
    work, contender, image = name.removesuffix("/real_time").rsplit("/", 2)
    return work, contender, image


def raspberry_pi(x86, estimates, measured):
    """One row per case: its x86 wall time (`x86`: timed_cases of the counted suite), and per
    board its estimated cycles (`estimates`: {board key: counts_by_run's dict}), the time they
    imply at the board's clock, its measured time (`measured`: {board key: timed_cases}) and
    measured over estimated. A missing figure is None."""
    def by_image_then_work(name):
        work, library, image = split_case_name(name)
        return image, work, library

    names = set(x86).union(*estimates.values(), *measured.values())
    rows = []
    for name in sorted(names, key=by_image_then_work):
        work, library, image = split_case_name(name)
        row = {"benchmark": name.removesuffix("/real_time"), "work": work, "library": library,
               "image": image, "x86_ms": x86[name]["ms"] if name in x86 else None}
        for board in PI_BOARDS:
            key = board["key"]
            cycles = estimates.get(key, {}).get(name, {}).get("est_cycles")
            estimate_ms = cycles / (board["ghz"] * 1e6) if cycles else None
            timed = measured.get(key, {}).get(name)
            row.update({f"{key}_est_cycles": cycles, f"{key}_est_ms": estimate_ms,
                        f"{key}_measured_ms": timed["ms"] if timed else None,
                        f"{key}_measured_over_est": timed["ms"] / estimate_ms
                        if timed and estimate_ms else None})
        rows.append(row)
    return rows


def neon_speedups(rows, level="scalar"):
    """Our kernels' speed-up of each SIMD level over their `level` (scalar) path on the boards,
    estimated and measured, from raspberry_pi's rows: one row per (work, image, level)."""
    by_case = {(r["work"], r["library"], r["image"]): r for r in rows}
    speedups = []
    for (work, library, image), row in sorted(by_case.items()):
        adapter, _, simd = library.partition("@")
        slow = by_case.get((work, f"{adapter}@{level}", image))
        if adapter != "simd" or not simd or simd == level or slow is None:
            continue
        entry = {"work": work, "image": image, "level": simd}
        for board in PI_BOARDS:
            for kind in ("est_cycles", "measured_ms"):
                fast, base = row[f"{board['key']}_{kind}"], slow[f"{board['key']}_{kind}"]
                entry[f"{board['key']}_{kind.split('_')[0]}_speedup"] = (
                    base / fast if fast and base else None)
        if any(value is not None for key, value in entry.items() if key.endswith("_speedup")):
            speedups.append(entry)  # a level of the boards (not this machine's AVX2, say)
    return speedups


# The families the page's findings table ranks: single operations, the whole cycle, the thumbnail.
FINDINGS_FAMILIES = ("operation", "cycle", "thumbnail")


def ranked_work(family, work):
    """Whether the findings table ranks a case of `family` doing `work`: the full cycle is its
    whole sequence (cycle:blur-*), not its stages."""
    return family in FINDINGS_FAMILIES and (family != "cycle" or work.startswith("cycle:blur-"))


def findings(cases, verdicts):
    """The page's opening table, one row per (work, image, contender): every canonical library's
    median and its multiple of the fastest (rank 1: the fastest), and beside them what was not
    ranked, with its PSNR: a failure, a known finding, an error, an approximation. A work where
    no contender passed is listed with its failures."""
    groups = {}
    for case in cases.values():
        if not case["level"] and ranked_work(case["family"], work_of(case)):
            groups.setdefault((work_of(case), case["image"]), []).append(case)
    rows = []
    for (work, image), timed in groups.items():
        fastest = min(c["ms"] for c in timed)
        for rank, case in enumerate(sorted(timed, key=lambda c: c["ms"]), 1):
            rows.append({"work": work, "image": image, "library": case["adapter"],
                         "status": "ranked", "rank": rank, "ms": case["ms"],
                         "multiple_of_fastest": case["ms"] / fastest, "psnr": None})
    listed, apart = set(groups), []
    for name, verdict in sorted(verdicts.items()):
        work, contender, image = split_case_name(name)
        if "@" in contender:
            continue
        if "~" in contender:
            status = "approximation"
        elif verdict["status"] in ("FAIL", "KNOWN", "ERROR") and ranked_work(verdict["kind"], work):
            status = verdict["status"]  # never timed
            listed.add((work, image))
        else:
            continue
        approximate = cases.get(name)
        apart.append({"work": work, "image": image, "library": contender, "status": status,
                      "rank": None, "ms": approximate["ms"] if approximate else None,
                      "multiple_of_fastest": None, "psnr": verdict["psnr"]})
    rows += [row for row in apart if (row["work"], row["image"]) in listed]
    return sorted(rows, key=lambda r: (r["work"], r["image"]))  # stable: ranks stay in order
