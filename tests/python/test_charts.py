"""The page's charts stay readable when one contender is far slower than the rest, and every bar
and point names its contender and value on hover (an SVG <title>)."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "reports"))
import charts  # noqa: E402

STEPS = ["decode:format=jpeg", "rotate90", "resize:scale=2.5,filter=bicubic", "blur:sigma=4",
         "save:quality=85"]


def cycle_rows(totals):
    """Each library's four cycle stages on one photo, the whole cycle taking `totals[library]`."""
    rows = []
    for library, total in totals.items():
        for count, share in ((1, 0.4), (2, 0.5), (3, 0.6), (4, 1.0)):
            steps = STEPS[:count] + [STEPS[-1]]
            rows.append({"adapter": library, "image": "photo", "label": f"stage-{count}",
                         "steps": steps, "ms": total * share})
    return rows


def titles(path):
    with open(path) as handle:
        return re.findall(r"<title>([^<]*)</title>", handle.read())


def test_an_outlier_is_marked_off_scale_and_the_others_keep_the_axis(tmp_path):
    totals = {"simd": 23.0, "opencv": 58.0, "pillow": 81.0, "gm": 1300.0}
    assert charts.off_scale_limit(list(totals.values())) == 1.1 * 81.0
    assert charts.off_scale_limit([23.0, 58.0, 81.0]) is None
    path = str(tmp_path / "cycle.svg")
    assert charts.cycle_chart(cycle_rows(totals), path)
    svg = open(path).read()
    assert "1,300 ms, off scale" in svg
    named = titles(path)
    for library in totals:  # every stage of every library, by name and value
        assert len([t for t in named if t.startswith(f"{library} (photo")]) == 4, named
    assert "simd (photo, stage-4): blur 9.2 ms" in named


def test_bars_and_points_carry_their_contender_and_value(tmp_path):
    rows = [{"operation": "blur", "adapter": adapter, "image": "img", "mpx_median": value,
             "mpx_min": value, "mpx_max": value, "repetitions": 3}
            for adapter, value in (("simd", 500.0), ("gm", 1.5))]
    path = str(tmp_path / "operations.svg")
    assert charts.operations_chart(rows, "img", path)
    assert sorted(titles(path)) == ["gm, blur: 1.5", "simd, blur: 500"]
    points = [{"mode": "closed", "library_threads": 1, "adapter": "gm", "workers": w,
               "images_per_second": 0.5 * w, "p50_ms": 2000.0, "p99_ms": 2800.0}
              for w in (1, 2)]
    points += [{"mode": "closed", "library_threads": 1, "adapter": "simd", "workers": w,
                "images_per_second": 40.0 * w, "p50_ms": 25.0, "p99_ms": 30.0} for w in (1, 2)]
    path = str(tmp_path / "latency.svg")
    assert charts.latency_chart(points, path)
    named = titles(path)
    assert "gm, 2 workers: 1 images/s, p99 2,800 ms" in named
    assert "simd, 1 workers: 40 images/s, p50 25 ms" in named
    assert len(named) == 8
    assert "latency (ms, log)" in open(path).read()
