"""Tests of reports/kernel_targets.py on small hand-made Google Benchmark result files."""
import io
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "reports"))
import kernel_targets  # noqa: E402


def median(name, real_time, unit="ms"):
    return {"name": name + "_median", "run_name": name, "aggregate_name": "median",
            "real_time": real_time, "time_unit": unit}


def write(tmp_path, entries):
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"context": {}, "benchmarks": entries}))
    return str(path)


def test_targets_met_and_missed(tmp_path, capsys):
    image = "synth-2560x1600-rgb"
    path = write(tmp_path, [
        median(f"resize:scale=2.5,filter=bicubic/simd/{image}/real_time", 4.0),
        median(f"resize:scale=2.5,filter=bicubic/pillow/{image}/real_time", 40.0),
        median(f"resize:scale=2.5,filter=bicubic/vips/{image}/real_time", 8.0),
        median(f"blur:sigma=4/simd/{image}/real_time", 20.0),
        median(f"blur:sigma=4/pillow/{image}/real_time", 100.0),
        median(f"blur:sigma=4/opencv/{image}/real_time", 25.0),
        median(f"memcpy/baseline/{image}/real_time", 1.0),
        median(f"rotate90/simd/{image}/real_time", 1.5),
    ])
    medians, failures = kernel_targets.load_medians(path)
    speed = {row["operation"]: row for row in kernel_targets.speed_rows(medians)}
    assert speed["resize:scale=2.5,filter=bicubic"]["vs_pillow"] == 10.0
    assert speed["resize:scale=2.5,filter=bicubic"]["fastest_other"] == "vips"
    assert speed["resize:scale=2.5,filter=bicubic"]["met"]
    assert speed["blur:sigma=4"]["vs_other"] == 1.25
    assert not speed["blur:sigma=4"]["met"]  # 1.25x opencv < 1.5x
    rotate = kernel_targets.rotate_rows(medians)
    assert abs(rotate[0]["share"] - 1 / 1.5) < 1e-9 and rotate[0]["met"]
    assert kernel_targets.main(["kernel_targets.py", path]) == 1
    assert "| blur:sigma=4 |" in capsys.readouterr().out


def test_a_failed_verification_is_no_contender(tmp_path):
    image = "synth-4096x4096-rgba"
    path = write(tmp_path, [
        median(f"blur:sigma=4/simd/{image}/real_time", 30.0),
        median(f"blur:sigma=4/pillow/{image}/real_time", 100.0),
        {"name": f"blur:sigma=4/gm/{image}/real_time",
         "run_name": f"blur:sigma=4/gm/{image}/real_time",
         "error_occurred": True, "error_message": "verification failed: PSNR 30.00 dB"},
    ])
    medians, failures = kernel_targets.load_medians(path)
    row = kernel_targets.speed_rows(medians)[0]
    assert row["fastest_other"] == "pillow"
    assert ("blur:sigma=4", "gm", image) in failures
    out = io.StringIO()
    kernel_targets.print_tables(kernel_targets.speed_rows(medians), [], out)
    assert "pillow" in out.getvalue()


def test_a_library_without_the_case_is_not_applicable(tmp_path):
    image = "synth-2560x1600-rgba"  # Pillow has no canonical RGBA resize
    path = write(tmp_path, [
        median(f"resize:scale=2.5,filter=lanczos3/simd/{image}/real_time", 5.0),
        median(f"resize:scale=2.5,filter=lanczos3/vips/{image}/real_time", 30.0),
    ])
    row = kernel_targets.speed_rows(kernel_targets.load_medians(path)[0])[0]
    assert row["vs_pillow"] is None and row["met"]
    slow = write(tmp_path, [
        median(f"resize:scale=2.5,filter=lanczos3/simd/{image}/real_time", 25.0),
        median(f"resize:scale=2.5,filter=lanczos3/vips/{image}/real_time", 30.0),
    ])
    assert not kernel_targets.speed_rows(kernel_targets.load_medians(slow)[0])[0]["met"]


def test_unreadable_or_empty_files_are_usage_errors(tmp_path):
    assert kernel_targets.main(["kernel_targets.py", str(tmp_path / "missing.json")]) == 2
    assert kernel_targets.main(["kernel_targets.py", write(tmp_path, [])]) == 2
