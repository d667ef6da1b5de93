"""README.md's results table: made from a result file by reports/readme_results.py, with a
failure shown as one, an approximation never as a time, and the run's machine, date and commit."""
import json
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "reports"))
import readme_results  # noqa: E402

CONTEXT = {"cpu_model": "Test CPU", "num_cpus": 4, "arch": "x86_64", "suite": "quick",
           "date": "2026-12-08T02:00:00+00:00", "git_commit": "0123456789abcdef0123"}


def case(adapter, label, image, family="operation", approximation=""):
    return {"adapter": adapter, "label": label, "image": image, "family": family, "level": "",
            "path": "", "approximation": approximation, "steps": [], "workers": 1}


def timed(adapter, label, image, times, **fields):
    name = f"{label}/{adapter}/{image}/real_time"
    return [{"name": name, "run_name": name, "run_type": "iteration", "repetition_index": i,
             "iterations": 1, "real_time": t, "cpu_time": t, "time_unit": "ms",
             "case": case(adapter, label, image, **fields)} for i, t in enumerate(times)]


def failed(adapter, label, image, psnr, status="FAIL"):
    name = f"{label}/{adapter}/{image}/real_time"
    return [{"name": name, "run_name": name, "run_type": "iteration", "repetition_index": 0,
             "iterations": 0, "real_time": 0, "cpu_time": 0, "time_unit": "ms",
             "error_occurred": True, "error_message": "verification failed",
             "case": case(adapter, label, image),
             "verdict": {"status": status, "failed": "psnr", "failed_psnr": psnr,
                         "failed_threshold": 51.0}}]


def document():
    entries = (timed("simd", "blur-bicubic", "photo-path", (20.0, 22.0, 21.0), family="cycle")
               + timed("simd", "blur:sigma=4", "synth-2560x1600-rgb", (7.0, 9.0, 8.0))
               + timed("vips", "blur-bicubic", "photo-path", (100.0, 120.0, 110.0),
                       family="cycle")
               + failed("vips", "blur:sigma=4", "synth-2560x1600-rgb", 38.25)
               + timed("pillow", "blur:sigma=4", "synth-2560x1600-rgb", (50.0,),
                       family="approximate", approximation="gaussianblur-box")
               + timed("simd", "rotate90", "synth-2560x1600-rgb", (1.0,)))  # not a column
    return {"format_version": 2, "context": CONTEXT, "benchmarks": entries}


def test_the_table_holds_medians_failures_and_where_they_come_from():
    block = readme_results.table(document())
    lines = block.splitlines()
    assert lines[0] == readme_results.BEGIN and lines[-1] == readme_results.END
    rows = {line.split(" | ")[0].strip("| "): line for line in lines if line.startswith("| ")}
    assert rows["simd"] == "| simd | 21.0 | not run | 8.0 | not run |"
    assert rows["vips"] == "| vips | 110.0 | not run | FAIL (38.2 dB) | not run |"
    assert rows["pillow"] == "| pillow | not run | not run | approximation only | not run |"
    assert lines.index(rows["simd"]) < lines.index(rows["vips"])  # fastest full cycle first
    assert "Test CPU, 4 hardware threads, x86_64; 2026-12-08; commit 0123456789ab; suite quick" \
        in block
    assert "Medians of 3 repetitions" in block


def test_the_readme_is_rewritten_between_its_markers_only(tmp_path):
    result = tmp_path / "quick.json"
    result.write_text(json.dumps(document()))
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n{readme_results.BEGIN}\nold\n{readme_results.END}\n\nrest\n")
    assert readme_results.main([str(result), "--readme", str(readme), "--check"]) == 1
    assert readme_results.main([str(result), "--readme", str(readme)]) == 0
    text = readme.read_text()
    assert text.startswith("# Title\n\n") and text.endswith("\n\nrest\n")
    assert "| simd | 21.0 |" in text and "old" not in text
    assert readme_results.main([str(result), "--readme", str(readme), "--check"]) == 0


@pytest.mark.parametrize("readme_text, result_text, message", [
    ("no markers\n", None, "no results table markers"),
    (f"{readme_results.BEGIN}\n{readme_results.END}\n", "{}", "quick.json"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, readme_text, result_text, message):
    result = tmp_path / "quick.json"
    result.write_text(result_text or json.dumps(document()))
    readme = tmp_path / "README.md"
    readme.write_text(readme_text)
    assert readme_results.main([str(result), "--readme", str(readme)]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
    assert readme.read_text() == readme_text


def test_the_front_page_has_a_generated_table():
    """README.md carries the block the script writes, with its explanation."""
    with open(readme_results.default_readme()) as handle:
        text = handle.read()
    start, end = text.index(readme_results.BEGIN), text.index(readme_results.END)
    block = text[start:end]
    assert "| library | full cycle, bicubic (ms) |" in block
    assert "; commit " in block and "Machine: " in block
