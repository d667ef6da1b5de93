"""Tests of reports/verify_margins.py on small hand-made `imgbench verify --json` files."""
import io
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "reports"))
import verify_margins  # noqa: E402


def outcome(adapter, variant, image, psnr, border, tile, status, **extra):
    fields = {"adapter": adapter, "variant": variant, "image": image, "operation": "blur:sigma=2",
              "kind": "blur", "status": status, "psnr": psnr, "psnr_border": border,
              "psnr_tile": tile, "max_diff": 3, "tolerance_psnr": 51.0,
              "tolerance_border_psnr": 57.75, "tolerance_tile_psnr": 42.0,
              "same_as_canonical": False, "approximation": False, "exact_max_diff": 3,
              "problem": False}
    fields.update(extra)
    return fields


def write(tmp_path, outcomes):
    path = tmp_path / "verify.json"
    path.write_text(json.dumps({"format_version": 2, "outcomes": outcomes}))
    return str(path)


def test_the_loosest_exact_and_the_tightest_wrong_mapping_and_their_margins(tmp_path):
    path = write(tmp_path, [
        outcome("reference", "", "a", "inf", "inf", "inf", "PASS"),
        outcome("opencv", "", "a", 53.99, 58.78, 42.75, "PASS"),
        outcome("vips", "", "a", 70.0, 70.0, 60.0, "PASS"),
        # caught by its tile alone, 0.95 dB below
        outcome("simd", "blur-cut-2-sigma", "photo", 58.0, 58.14, 41.05, "FAIL"),
        outcome("opencv", "blur-border-reflect101", "a", 51.3, 38.0, 43.0, "FAIL"),
        # an approximation by design sets nothing
        outcome("pillow", "gaussianblur-box", "a", 48.0, 41.0, 33.0, "FAIL", approximation=True),
    ])
    with open(path) as file:
        outcomes = json.load(file)["outcomes"]
    loosest = verify_margins.loosest_exact(outcomes)
    assert round(loosest["tile"][0], 2) == 0.75 and "opencv" in loosest["tile"][3]
    assert round(loosest["whole"][0], 2) == 2.99
    margin, criterion, psnr, threshold, name = verify_margins.tightest_wrong(outcomes)
    assert (round(margin, 2), criterion) == (0.95, "tile") and "blur-cut-2-sigma" in name
    assert verify_margins.main(["verify_margins.py", path]) == 0


def test_a_problem_in_the_file_makes_the_report_fail(tmp_path, capsys):
    path = write(tmp_path, [
        outcome("opencv", "", "a", 53.99, 58.78, 42.75, "PASS"),
        outcome("simd", "blur-cut-2-sigma", "photo", 58.0, 58.14, 43.0, "PASS", max_diff=8,
                problem=True),
    ])
    assert verify_margins.main(["verify_margins.py", path]) == 1
    assert "passed: simd/blur-cut-2-sigma on photo: max diff 8" in capsys.readouterr().out
    out = io.StringIO()
    verify_margins.report({"outcomes": []}, out)
    assert out.getvalue() == ""


def test_unreadable_files_are_usage_errors(tmp_path):
    assert verify_margins.main(["verify_margins.py", str(tmp_path / "missing.json")]) == 2
    assert verify_margins.main(["verify_margins.py"]) == 2
