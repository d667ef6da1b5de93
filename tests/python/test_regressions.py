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


def test_the_nightly_check_flags_a_slower_run_against_the_store(tmp_path, capsys):
    from test_results_store import bench_document, write_run
    import results_store
    database = str(tmp_path / "store.sqlite")
    connection = results_store.connect(database)
    for night, centre in enumerate([10.0, 10.2, 9.9, 10.1, 10.0, 12.0]):
        times = tuple(centre * f for f in (0.99, 1.0, 1.01))
        context = {"started_at": f"2026-01-0{night + 1}T00:00:00+0000"}
        results_store.import_run(connection, write_run(str(tmp_path / str(night)),
                                                       bench_document(times, context=context)))
        status = regressions.main(["--db", database])
        assert status == (1 if centre == 12.0 else 0)
    assert "REGRESSED blur:4/simd/image-0/real_time" in capsys.readouterr().out
