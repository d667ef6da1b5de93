"""The nightly's regression test against a machine's history, and the A/B statistics."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "reports"))
import ab_compare  # noqa: E402
import regressions  # noqa: E402


def noisy(centre, count, spread=0.02, seed=0):
    generator = random.Random(seed)
    return [centre * (1 + generator.uniform(-spread, spread)) for _ in range(count)]


def test_history_flags_a_step_beyond_noise_and_threshold():
    history = noisy(10.0, 10)
    assert regressions.judge(10.1, history)["status"] == "unchanged"
    assert regressions.judge(12.0, history)["status"] == "regressed"
    assert regressions.judge(8.0, history)["status"] == "improved"


def test_history_needs_both_threshold_and_z_score():
    flat = [10.0] * 10  # spread floored at 1% of the baseline
    beyond_z = regressions.judge(10.45, flat)  # z = 4.5 but only 4.5% slower
    assert beyond_z["z"] > regressions.Z_LIMIT and beyond_z["status"] == "unchanged"
    assert regressions.judge(10.6, flat)["status"] == "regressed"  # 6%, z = 6
    wild = noisy(10.0, 10, spread=0.3)  # 20% slower is inside a +-30% history's noise
    verdict = regressions.judge(12.0, wild)
    assert verdict["change"] > 0.05 and verdict["status"] == "unchanged"


def test_history_too_short_is_not_judged():
    assert regressions.judge(20.0, [10.0, 10.0])["status"] == "no history"


def test_holm_adjusts_in_order():
    assert ab_compare.holm([0.01, 0.04, 0.03]) == [0.03, 0.06, 0.06]


def test_ab_compare_calls_only_a_large_significant_slowdown_a_regression():
    base = {"steady": noisy(10.0, 15, seed=1), "slower": noisy(10.0, 15, seed=2),
            "slightly": noisy(10.0, 15, seed=3)}
    head = {"steady": noisy(10.0, 15, seed=4), "slower": noisy(11.0, 15, seed=5),
            "slightly": noisy(10.3, 15, seed=6)}
    verdicts = {r["benchmark"]: r for r in ab_compare.compare(base, head)}
    assert verdicts["slower"]["verdict"] == "REGRESSED"
    assert verdicts["slower"]["ci"][0] > 1.05
    assert verdicts["steady"]["verdict"] == "same"
    # 3% slower and significant, but under the 5% threshold.
    assert verdicts["slightly"]["p_adjusted"] < 0.01 and verdicts["slightly"]["verdict"] == "same"


def test_ab_compare_needs_enough_samples():
    assert ab_compare.compare({"x": [1.0, 1.0]}, {"x": [2.0, 2.0]}) == []


def test_the_nightly_check_flags_a_slower_run_against_the_store(tmp_path, capsys, store_target):
    from test_results_store import bench_document, write_run
    import results_store
    database = store_target
    connection = results_store.connect(database)
    for night, centre in enumerate([10.0, 10.2, 9.9, 10.1, 10.0, 12.0]):
        times = tuple(centre * f for f in (0.99, 1.0, 1.01))
        context = {"started_at": f"2026-01-0{night + 1}T00:00:00+0000"}
        results_store.import_run(connection, write_run(str(tmp_path / str(night)),
                                                       bench_document(times, context=context)))
        status = regressions.main(["--db", database])
        assert status == (1 if centre == 12.0 else 0)
    assert "REGRESSED blur:sigma=4/simd/image-0/real_time" in capsys.readouterr().out


def test_the_nightly_flags_counts_that_grew_by_more_than_one_percent(tmp_path, capsys,
                                                                     store_target):
    from test_results_store import counts_document, write_run
    import json
    import results_store
    database = store_target
    connection = results_store.connect(database)
    # Counts repeat exactly: 0.5% is a change below the limit, 1.5% one above it.
    for night, instructions in enumerate([100_000_000, 100_000_000, 100_500_000, 102_007_500]):
        directory = write_run(str(tmp_path / str(night)), verify=False, document={
            "context": {"hostname": "box", "started_at": f"2026-01-0{night + 1}T00:00:00+0000",
                        "suite": "quick"}, "benchmarks": []})
        with open(os.path.join(directory, "counts.json"), "w") as handle:
            json.dump(counts_document(instructions, context={
                "started_at": f"2026-01-0{night + 1}T00:00:00+0000"}), handle)
        results_store.import_run(connection, directory)
        status = regressions.main(["--db", database])
        assert status == (1 if night == 3 else 0), night
    out = capsys.readouterr().out
    assert "REGRESSED (counts) blur:sigma=4/simd/synth-320x200-rgb/real_time" in out
    assert "102,007,500 instructions against 100,500,000" in out


def counts_file(tmp_path, name, cases, measure="counts", failures=()):
    import json
    entries = []
    for case, (instructions, est_cycles, steps) in cases.items():
        entry = {"name": case, "run_name": case, "run_type": "iteration",
                 "instructions": float(instructions), "est_cycles": float(est_cycles)}
        for step, (step_instructions, step_cycles) in steps.items():
            entry[f"instructions/{step}"] = float(step_instructions)
            entry[f"est_cycles/{step}"] = float(step_cycles)
        entries.append(entry)
    for case in failures:
        entries.append({"name": case, "run_name": case, "run_type": "iteration",
                        "error_occurred": True, "error_message": "verification failed: PSNR 20"})
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"context": {"measure": measure}, "benchmarks": entries}))
    return str(path)


CYCLE = "cycle:blur-area/simd/photo/real_time"
BASE = {"blur:sigma=4/simd/x/real_time": (1_000_000, 1_300_000, {}),
        CYCLE: (10_000_000, 12_000_000, {"decode": (9_000_000, 10_800_000),
                                         "blur": (1_000_000, 1_200_000)}),
        "rotate90/simd/x/real_time": (50_000, 70_000, {})}


def test_counts_compare_flags_a_case_or_a_step_above_the_threshold(tmp_path):
    import counts_compare
    head = dict(BASE)
    head["blur:sigma=4/simd/x/real_time"] = (1_020_000, 1_326_000, {})
    # The cycle grows by 0.2% as a whole, but its blur step by 2%.
    head[CYCLE] = (10_020_000, 12_024_000, {"decode": (9_000_000, 10_800_000),
                                            "blur": (1_020_000, 1_224_000)})
    rows = {r["benchmark"]: r for r in counts_compare.compare(
        counts_compare.load_counts(counts_file(tmp_path, "b", BASE))[0],
        counts_compare.load_counts(counts_file(tmp_path, "h", head))[0])}
    assert rows["blur:sigma=4/simd/x/real_time"]["verdict"] == "REGRESSED"
    assert rows[CYCLE]["verdict"] == "REGRESSED" and rows[CYCLE]["where"] == "blur"
    assert abs(rows[CYCLE]["changes"]["instructions"] - 0.002) < 1e-12
    assert rows["rotate90/simd/x/real_time"]["verdict"] == "same"


def test_counts_compare_exit_status_and_threshold(tmp_path):
    import io
    import counts_compare
    base = counts_file(tmp_path, "base", BASE)
    head = dict(BASE)
    head["rotate90/simd/x/real_time"] = (50_400, 70_000, {})  # +0.8%
    head_file = counts_file(tmp_path, "head", head)
    assert counts_compare.analyze(base, base, 0.01, io.StringIO()) == 0
    assert counts_compare.analyze(base, head_file, 0.01, io.StringIO()) == 0
    out = io.StringIO()
    assert counts_compare.analyze(base, head_file, 0.005, out) == 1
    assert "1 regressed" in out.getvalue()
    improved = dict(BASE, **{"rotate90/simd/x/real_time": (40_000, 60_000, {})})
    rows = counts_compare.compare(counts_compare.load_counts(base)[0],
                                  counts_compare.load_counts(
                                      counts_file(tmp_path, "faster", improved))[0])
    assert {r["benchmark"]: r["verdict"] for r in rows}["rotate90/simd/x/real_time"] == "improved"


def test_counts_compare_reports_new_failures_and_refuses_wall_time_files(tmp_path, capsys):
    import io
    import counts_compare
    base = counts_file(tmp_path, "base", BASE)
    failing = counts_file(tmp_path, "failing", BASE, failures=["blur:sigma=4/gm/x/real_time"])
    out = io.StringIO()
    assert counts_compare.analyze(base, failing, 0.01, out) == 1
    assert "head failed verification: blur:sigma=4/gm/x/real_time" in out.getvalue()
    timed = counts_file(tmp_path, "timed", BASE, measure="time")
    assert counts_compare.main(["analyze", "--base", base, "--head", timed]) == 2
    assert "not a counts run" in capsys.readouterr().err


def test_the_nightly_compares_only_the_same_work(tmp_path, capsys, store_target):
    """A benchmark whose definition changed (its steps, image or tolerance) starts a new history:
    a slower run of other work is no regression. Runs stored before definitions count as the
    same work."""
    from test_results_store import bench_document, write_run
    import results_store
    database = store_target
    connection = results_store.connect(database)
    nights = [(10.0, None), (10.2, "a"), (9.9, "a"), (10.1, "a"), (12.0, "b"), (12.1, "b")]
    for night, (centre, definition) in enumerate(nights):
        document = bench_document(tuple(centre * f for f in (0.99, 1.0, 1.01)), context={
            "started_at": f"2026-01-0{night + 1}T00:00:00+0000"})
        if definition:
            for entry in document["benchmarks"]:
                entry["case"] = dict(results_file_case(entry), definition=definition)
        results_store.import_run(connection, write_run(str(tmp_path / str(night)), document))
        assert regressions.main(["--db", database]) == 0, night
    assert "REGRESSED" not in capsys.readouterr().out  # 12 ms under "b" is not 10 ms under "a"
    assert regressions.same_work(None, "a") and not regressions.same_work("a", "b")


def results_file_case(entry):
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "reports"))
    import results_file
    return results_file.legacy_case(entry.get("run_name", entry["name"]))


def test_ab_compare_leaves_out_work_that_changed(tmp_path):
    import io
    import json
    sides = {}
    for side, definition in (("base", "a"), ("head", "b")):
        entries = []
        for round_ in range(3):
            for name, work in (("blur:sigma=4/simd/x/real_time", definition),
                               ("rotate90/simd/x/real_time", "same")):
                entries.append({"name": name, "run_name": name, "run_type": "iteration",
                                "real_time": 10.0 + round_, "time_unit": "ms",
                                "case": {"family": "operation", "label": name.split("/")[0],
                                         "steps": [], "adapter": "simd", "level": "",
                                         "path": "", "image": "x", "workers": 1,
                                         "tolerance": "", "definition": work}})
            # A case that failed on one side, its definition changed too: no KeyError.
            entries.append({"name": "grayscale/gm/x/real_time",
                            "run_name": "grayscale/gm/x/real_time", "run_type": "iteration",
                            "error_occurred": True, "error_message": "verification failed",
                            "case": {"family": "operation", "label": "grayscale", "steps": [],
                                     "adapter": "gm", "level": "", "path": "", "image": "x",
                                     "workers": 1, "tolerance": "", "definition": definition}})
        paths = []
        for round_ in range(3):
            path = tmp_path / f"{side}-{round_}.json"
            path.write_text(json.dumps({"format_version": 2, "context": {},
                                        "benchmarks": entries}))
            paths.append(str(path))
        sides[side] = paths
    out = io.StringIO()
    ab_compare.analyze(sides["base"], sides["head"], 0.05, 0.01, out)
    text = out.getvalue()
    assert "not compared: blur:sigma=4/simd/x/real_time: its work changed" in text
    assert "rotate90/simd/x/real_time" in text
