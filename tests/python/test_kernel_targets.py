"""Tests of reports/kernel_targets.py on small hand-made Google Benchmark result files."""
import io
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "reports"))
import kernel_targets  # noqa: E402


# The targets the result file's cases carry, as the operations declare them.
TARGETS = {"resize:scale=2.5,filter=bicubic": (5.0, 1.5, 0),
           "resize:scale=2.5,filter=lanczos3": (5.0, 1.5, 0),
           "blur:sigma=4": (3.0, 1.5, 0), "rotate90": (0, 0, 0.5), "grayscale": (0, 1.0, 0.5)}


def case(name):
    label, adapter, image = name.split("/")[:3]
    fields = {"family": "baseline" if label == "memcpy" else "operation", "label": label,
              "steps": [label], "adapter": adapter, "level": "", "path": "", "image": image,
              "workers": 1, "tolerance": "", "definition": "0"}
    if label in TARGETS:
        fields["target"] = dict(zip(("vs_pillow", "vs_fastest", "memcpy_share"), TARGETS[label]))
    return fields


def median(name, real_time, unit="ms"):
    return {"name": name + "_median", "run_name": name, "aggregate_name": "median",
            "real_time": real_time, "time_unit": unit, "case": case(name)}


def write(tmp_path, entries):
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"format_version": 2, "context": {}, "benchmarks": entries}))
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
        median(f"grayscale/simd/{image}/real_time", 2.5),
        median(f"grayscale/opencv/{image}/real_time", 2.4),
    ])
    medians, targets, failures = kernel_targets.load_medians(path)
    speed = {row["operation"]: row for row in kernel_targets.speed_rows(medians, targets)}
    assert speed["resize:scale=2.5,filter=bicubic"]["vs_pillow"] == 10.0
    assert speed["resize:scale=2.5,filter=bicubic"]["fastest_other"] == "vips"
    assert speed["resize:scale=2.5,filter=bicubic"]["met"]
    assert speed["blur:sigma=4"]["vs_other"] == 1.25
    assert not speed["blur:sigma=4"]["met"]  # 1.25x opencv < 1.5x
    assert not speed["grayscale"]["met"]  # slower than OpenCV: below 1x
    streaming = {row["operation"]: row for row in kernel_targets.memcpy_rows(medians, targets)}
    assert abs(streaming["rotate90"]["share"] - 1 / 1.5) < 1e-9 and streaming["rotate90"]["met"]
    assert not streaming["grayscale"]["met"]  # 1 / 2.5 of memcpy's read rate
    assert kernel_targets.main(["kernel_targets.py", path]) == 1
    assert "| blur:sigma=4 |" in capsys.readouterr().out


def test_a_failed_verification_is_no_contender(tmp_path):
    image = "synth-4096x4096-rgba"
    path = write(tmp_path, [
        median(f"blur:sigma=4/simd/{image}/real_time", 30.0),
        median(f"blur:sigma=4/pillow/{image}/real_time", 100.0),
        {"name": f"blur:sigma=4/gm/{image}/real_time",
         "run_name": f"blur:sigma=4/gm/{image}/real_time", "case": case(f"blur:sigma=4/gm/{image}"),
         "error_occurred": True, "error_message": "verification failed: PSNR 30.00 dB"},
    ])
    medians, targets, failures = kernel_targets.load_medians(path)
    row = kernel_targets.speed_rows(medians, targets)[0]
    assert row["fastest_other"] == "pillow"
    assert ("blur:sigma=4", "gm", image) in failures
    out = io.StringIO()
    kernel_targets.print_tables(kernel_targets.speed_rows(medians, targets), [], out)
    assert "pillow" in out.getvalue()


def test_a_library_without_the_case_is_not_applicable(tmp_path):
    image = "synth-2560x1600-rgba"  # Pillow has no canonical RGBA resize
    path = write(tmp_path, [
        median(f"resize:scale=2.5,filter=lanczos3/simd/{image}/real_time", 5.0),
        median(f"resize:scale=2.5,filter=lanczos3/vips/{image}/real_time", 30.0),
    ])
    row = kernel_targets.speed_rows(*kernel_targets.load_medians(path)[:2])[0]
    assert row["vs_pillow"] is None and row["met"]
    slow = write(tmp_path, [
        median(f"resize:scale=2.5,filter=lanczos3/simd/{image}/real_time", 25.0),
        median(f"resize:scale=2.5,filter=lanczos3/vips/{image}/real_time", 30.0),
    ])
    assert not kernel_targets.speed_rows(*kernel_targets.load_medians(slow)[:2])[0]["met"]


def test_unreadable_or_empty_files_are_usage_errors(tmp_path):
    assert kernel_targets.main(["kernel_targets.py", str(tmp_path / "missing.json")]) == 2
    assert kernel_targets.main(["kernel_targets.py", write(tmp_path, [])]) == 2


def test_pillows_approximation_by_design_stands_for_it_where_it_has_no_canonical_call(tmp_path):
    """Pillow's GaussianBlur is three box passes: it has no canonical blur, and the target
    against Pillow compares with the one call its users have, named as its approximation. A
    library default that is a mistake (the half radius) is never taken for it."""
    image = "synth-2560x1600-rgb"

    def approximate(adapter, name, kind, real_time):
        entry = median(f"blur:sigma=4/{adapter}~{name}/{image}/real_time", real_time)
        entry["case"].update({"family": "approximate", "adapter": adapter, "approximation": name,
                              "approximation_kind": kind})
        return entry

    path = write(tmp_path, [
        median(f"blur:sigma=4/simd/{image}/real_time", 20.0),
        median(f"blur:sigma=4/opencv/{image}/real_time", 40.0),
        approximate("pillow", "blur-half-radius", "library-default", 10.0),
        approximate("pillow", "gaussianblur-box", "by-design", 100.0),
    ])
    row = kernel_targets.speed_rows(*kernel_targets.load_medians(path)[:2])[0]
    assert row["vs_pillow"] == 5.0 and row["pillow_approximation"]
    assert row["fastest_other"] == "opencv" and row["met"]
    out = io.StringIO()
    kernel_targets.print_tables([row], [], out)
    assert "its approximation" in out.getvalue()
