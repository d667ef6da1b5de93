"""Regressions against a machine's own history (the nightly's test).

For each benchmark timed in a run, its median over repetitions is compared with the medians of the
same benchmark in the last HISTORY earlier runs of the same suite on the same machine:

    baseline = median of those medians
    spread   = 1.4826 * their median absolute deviation (a robust standard deviation),
               at least 1% of the baseline (a history that happens to be flat must not turn
               every small change into an infinite z-score)
    z        = (median - baseline) / spread

The benchmark regressed when it is slower than the baseline by more than THRESHOLD (5%) AND
z > Z_LIMIT (4). Both are needed: the threshold keeps practically meaningless changes quiet on a
very stable machine, the z-score keeps a noisy machine's ordinary spread quiet. With fewer than
MIN_HISTORY earlier runs the benchmark is not judged. conbench uses a z-score over a machine's
last runs the same way; medians and the MAD keep one bad night from moving the baseline.

Only the same work is compared: a benchmark's earlier runs count only where its definition (the
hash of its operations, image and tolerance that the result file carries) is the one of the run
judged. A case whose work changed starts a new history under its old name. Runs stored before
definitions existed have none, and count as the same work (their names were all there was).

Counted cases (`bench --measure counts`, which the nightly runs beside the wall clock) need no
statistics: their instructions and estimated cycles are compared with the previous run that
counted them, and a growth of more than COUNTS_THRESHOLD (1%) in either is a regression.
"""
import json
import statistics

HISTORY = 10
MIN_HISTORY = 3
THRESHOLD = 0.05
Z_LIMIT = 4.0
MAD_TO_SIGMA = 1.4826
MIN_SPREAD = 0.01
# Counts (instructions and estimated cycles under callgrind) repeat exactly: a run is compared with
# the previous run that counted the case, and any change beyond this is a finding.
COUNTS_THRESHOLD = 0.01
COUNTS_MEASURES = ("instructions", "est_cycles")


def judge(value, history, threshold=THRESHOLD, z_limit=Z_LIMIT):
    """A verdict dict for one benchmark's median `value` against earlier medians `history`."""
    history = list(history)[-HISTORY:]
    if len(history) < MIN_HISTORY:
        return {"status": "no history", "baseline": None, "change": None, "z": None}
    baseline = statistics.median(history)
    mad = statistics.median(abs(h - baseline) for h in history)
    spread = max(MAD_TO_SIGMA * mad, MIN_SPREAD * baseline)
    change = value / baseline - 1
    z = (value - baseline) / spread
    if change > threshold and z > z_limit:
        status = "regressed"
    elif change < -threshold and z < -z_limit:
        status = "improved"
    else:
        status = "unchanged"
    return {"status": status, "baseline": baseline, "change": change, "z": z}


def medians_by_run(connection, run_ids):
    """{run id: {benchmark: median real time in ms}} for timed benchmarks."""
    result = {run: {} for run in run_ids}
    if not run_ids:
        return result
    marks = ",".join("?" * len(run_ids))
    grouped = {}
    for row in connection.execute(
            f"SELECT run_id, name, real_time_ms FROM benchmarks WHERE run_id IN ({marks})"
            " AND error IS NULL AND measure = 'time'", list(run_ids)):
        grouped.setdefault((row["run_id"], row["name"]), []).append(row["real_time_ms"])
    for (run, name), times in grouped.items():
        result[run][name] = statistics.median(times)
    return result


def definitions_by_run(connection, run_ids):
    """{run id: {benchmark: definition}} (None for runs stored before definitions existed)."""
    result = {run: {} for run in run_ids}
    if not run_ids:
        return result
    marks = ",".join("?" * len(run_ids))
    for row in connection.execute(
            f"SELECT DISTINCT run_id, name, definition FROM benchmarks WHERE run_id IN ({marks})"
            " ORDER BY run_id, name, definition NULLS FIRST",
            list(run_ids)):
        result[row["run_id"]][row["name"]] = row["definition"]
    return result


def same_work(a, b):
    """Whether two definitions are the same work: a missing one (an older run) is taken to be."""
    return a is None or b is None or a == b


def counts_by_run(connection, run_ids):
    """{run id: {benchmark: {"instructions": n, "est_cycles": n}}} for counted benchmarks."""
    result = {run: {} for run in run_ids}
    if not run_ids:
        return result
    marks = ",".join("?" * len(run_ids))
    for row in connection.execute(
            f"SELECT run_id, name, counters FROM benchmarks WHERE run_id IN ({marks})"
            " AND error IS NULL AND measure = 'counts'", list(run_ids)):
        counters = json.loads(row["counters"] or "{}")
        if all(m in counters for m in COUNTS_MEASURES):
            result[row["run_id"]][row["name"]] = {m: int(counters[m]) for m in COUNTS_MEASURES}
    return result


def judge_counts(value, previous, threshold=COUNTS_THRESHOLD):
    """A verdict for one case's counts against the previous run's (None: no earlier count)."""
    if previous is None:
        return {"status": "no history", "baseline": None, "change": None}
    changes = {m: value[m] / previous[m] - 1 for m in COUNTS_MEASURES if previous[m]}
    change = max(changes.values(), key=abs) if changes else 0.0
    if any(c > threshold for c in changes.values()):
        status, change = "regressed", max(changes.values())  # the growth, not a fall beside it
    elif any(c < -threshold for c in changes.values()):
        status = "improved"
    else:
        status = "unchanged"
    return {"status": status, "baseline": previous, "change": change}


def earlier_runs(connection, run):
    """Ids of the runs of `run`'s machine and suite before it, oldest first."""
    return [r["id"] for r in connection.execute(
        "SELECT id FROM runs WHERE machine_id = ? AND suite IS NOT DISTINCT FROM ? AND id != ?"
        " AND (date < ? OR (date = ? AND id < ?)) ORDER BY date, id",
        (run["machine_id"], run["suite"], run["id"], run["date"], run["date"], run["id"]))]


def check_counts(connection, run):
    """[(benchmark, counts, verdict)] for every counted benchmark of `run`, each against the
    latest earlier run that counted it."""
    earlier = earlier_runs(connection, run)
    counts = counts_by_run(connection, earlier + [run["id"]])
    definitions = definitions_by_run(connection, earlier + [run["id"]])
    verdicts = []
    for name, value in sorted(counts[run["id"]].items()):
        same = [e for e in earlier
                if same_work(definitions[e].get(name), definitions[run["id"]].get(name))]
        previous = next((counts[e][name] for e in reversed(same) if name in counts[e]), None)
        verdicts.append((name, value, judge_counts(value, previous)))
    return verdicts


def counts_series(connection, machine_id, suite, names):
    """{benchmark: [(run row, counts, verdict against the previous count)]}, oldest first."""
    runs = connection.execute("SELECT * FROM runs WHERE machine_id = ?"
                              " AND suite IS NOT DISTINCT FROM ? ORDER BY date, id",
                              (machine_id, suite)).fetchall()
    counts = counts_by_run(connection, [r["id"] for r in runs])
    definitions = definitions_by_run(connection, [r["id"] for r in runs])
    result = {}
    for name in names:
        series, previous, work = [], None, None
        for run in runs:
            if name in counts[run["id"]]:
                value = counts[run["id"]][name]
                definition = definitions[run["id"]].get(name)
                if not same_work(definition, work):  # other work: a new history
                    previous = None
                work = definition or work
                series.append((run, value, judge_counts(value, previous)))
                previous = value
        result[name] = series
    return result


def check_run(connection, run):
    """[(benchmark, median, verdict)] for every benchmark of `run` (a runs row), each judged
    against the last HISTORY earlier runs that timed it (as history_series does)."""
    earlier = earlier_runs(connection, run)
    medians = medians_by_run(connection, earlier + [run["id"]])
    definitions = definitions_by_run(connection, earlier + [run["id"]])
    verdicts = []
    for name, value in sorted(medians[run["id"]].items()):
        history = [medians[e][name] for e in earlier if name in medians[e]
                   and same_work(definitions[e].get(name), definitions[run["id"]].get(name))]
        verdicts.append((name, value, judge(value, history)))
    return verdicts


def history_series(connection, machine_id, suite, names):
    """{benchmark: [(run row, median, verdict against the runs before it)]}, oldest first, for
    each of `names` over the runs of one machine and suite."""
    runs = connection.execute("SELECT * FROM runs WHERE machine_id = ?"
                              " AND suite IS NOT DISTINCT FROM ? ORDER BY date, id",
                              (machine_id, suite)).fetchall()
    medians = medians_by_run(connection, [r["id"] for r in runs])
    definitions = definitions_by_run(connection, [r["id"] for r in runs])
    result = {}
    for name in names:
        series, seen, work = [], [], None
        for run in runs:
            if name in medians[run["id"]]:
                value = medians[run["id"]][name]
                definition = definitions[run["id"]].get(name)
                if not same_work(definition, work):  # other work: a new history
                    seen = []
                work = definition or work
                series.append((run, value, judge(value, seen)))
                seen.append(value)
        result[name] = series
    return result


def main(argv):
    import argparse
    import sys

    import results_store
    import store_db
    parser = argparse.ArgumentParser(description="A run's benchmarks against this machine's "
                                     "recent history; exit 1 on a regression.")
    parser.add_argument("--db", default=results_store.default_target(),
                        help="the store: a SQLite file or a postgresql:// address")
    parser.add_argument("--run", type=int, help="run id (default: the latest)")
    arguments = parser.parse_args(argv)
    try:
        connection = results_store.connect(arguments.db)
    except results_store.StoreUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    run = results_store.run_row(connection, arguments.run)
    if run is None:
        print(f"error: {store_db.describe(arguments.db)}: no such run", file=sys.stderr)
        return 2
    verdicts = check_run(connection, run)
    judged = [v for v in verdicts if v[2]["status"] != "no history"]
    regressed = [v for v in verdicts if v[2]["status"] == "regressed"]
    print(f"run {run['id']} ({run['suite']}, {run['date']}) on {run['machine']}: "
          f"{len(judged)} of {len(verdicts)} benchmarks have {MIN_HISTORY}+ earlier runs; "
          f"{len(regressed)} regressed")
    for name, value, verdict in regressed:
        print(f"REGRESSED {name}: {value:.3f} ms against a baseline of "
              f"{verdict['baseline']:.3f} ms ({verdict['change']:+.1%}, z = {verdict['z']:.1f})")
    counted = check_counts(connection, run)
    if counted:
        judged = [v for v in counted if v[2]["status"] != "no history"]
        counts_regressed = [v for v in counted if v[2]["status"] == "regressed"]
        print(f"counts: {len(judged)} of {len(counted)} counted cases were counted before; "
              f"{len(counts_regressed)} grew by more than {COUNTS_THRESHOLD:.0%}")
        for name, value, verdict in counts_regressed:
            before = verdict["baseline"]
            print(f"REGRESSED (counts) {name}: {value['instructions']:,} instructions against "
                  f"{before['instructions']:,}, {value['est_cycles']:,} estimated cycles against "
                  f"{before['est_cycles']:,} ({verdict['change']:+.2%})")
        regressed = regressed + counts_regressed
    return 1 if regressed else 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv[1:]))
