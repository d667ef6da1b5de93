#!/usr/bin/python3
"""The own-kernels targets, checked on one `imgbench bench` result file (Google Benchmark JSON).

Each target compares the `simd` adapter with the other libraries measured in the same run, on the
same image, as a ratio of median times (repetitions must be odd: Google Benchmark 1.7.1's median
of an even count is wrong). A comparison with a library that has no time there (no canonical
mapping, as Pillow for RGBA resize) is shown as n/a and does not count; a library whose case failed
verification is no contender either: it has no time. Prints a Markdown table; exits 1 when a
target is missed.

usage: reports/kernel_targets.py RESULT.json
"""
import json
import sys
from collections import defaultdict

OURS = "simd"
REFERENCE_LIBRARY = "pillow"

# operation: (minimum ratio to Pillow, minimum ratio to the fastest other passing library)
SPEED_TARGETS = {
    "resize:scale=2.5,filter=bicubic": (5.0, 1.5),
    "resize:scale=2.5,filter=lanczos3": (5.0, 1.5),
    "blur:sigma=4": (3.0, 1.5),
    "blur:sigma=2": (None, 1.0),
}
# rotate90 must move image bytes at no less than this share of memcpy's rate on the same buffer.
ROTATE_SHARE_OF_MEMCPY = 0.5


def load_medians(path):
    """{(operation, image): {adapter: seconds}} from the medians, plus failures by case."""
    with open(path, encoding="utf-8") as stream:
        report = json.load(stream)
    medians = defaultdict(dict)
    failures = {}
    for entry in report["benchmarks"]:
        parts = entry.get("run_name", entry["name"]).split("/")
        if len(parts) < 3:
            continue
        operation, adapter, image = parts[0], parts[1], parts[2]
        if entry.get("error_occurred"):
            failures[(operation, adapter, image)] = entry.get("error_message", "failed")
            continue
        if entry.get("aggregate_name") != "median":
            continue
        medians[(operation, image)][adapter] = entry["real_time"] * _seconds(entry["time_unit"])
    return medians, failures


def _seconds(unit):
    return {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}[unit]


def speed_rows(medians):
    rows = []
    for (operation, image), times in sorted(medians.items()):
        if operation not in SPEED_TARGETS or OURS not in times:
            continue
        min_pillow, min_other = SPEED_TARGETS[operation]
        ours = times[OURS]
        others = {name: t for name, t in times.items() if name not in (OURS, "baseline")}
        fastest = min(others, key=others.get) if others else None
        vs_pillow = times[REFERENCE_LIBRARY] / ours if REFERENCE_LIBRARY in times else None
        vs_other = others[fastest] / ours if fastest else None
        # Without a Pillow time (Pillow has no canonical mapping, e.g. RGBA resize) that part
        # of the target does not apply; without any other library, nothing does.
        met = (min_pillow is None or vs_pillow is None or vs_pillow >= min_pillow) and \
            (vs_other is None or vs_other >= min_other)
        rows.append({"operation": operation, "image": image, "ours_ms": ours * 1e3,
                     "vs_pillow": vs_pillow, "min_pillow": min_pillow, "fastest_other": fastest,
                     "vs_other": vs_other, "min_other": min_other, "met": met})
    return rows


def rotate_rows(medians):
    rows = []
    for (operation, image), times in sorted(medians.items()):
        if operation != "rotate90" or OURS not in times:
            continue
        memcpy = medians.get(("memcpy", image), {}).get("baseline")
        if memcpy is None:
            continue
        share = memcpy / times[OURS]  # the same bytes: a ratio of times is a ratio of rates
        rows.append({"image": image, "ours_ms": times[OURS] * 1e3, "memcpy_ms": memcpy * 1e3,
                     "share": share, "met": share >= ROTATE_SHARE_OF_MEMCPY})
    return rows


def _ratio(value):
    return "n/a" if value is None else f"{value:.2f}x"


def print_tables(speed, rotate, out=None):
    out = out or sys.stdout
    out.write("| operation | image | simd ms | vs Pillow (target) | fastest other | "
              "vs it (target) | met |\n|---|---|---|---|---|---|---|\n")
    for row in speed:
        pillow_target = "" if row["min_pillow"] is None else f" (>= {row['min_pillow']:g}x)"
        out.write(f"| {row['operation']} | {row['image']} | {row['ours_ms']:.2f} | "
                  f"{_ratio(row['vs_pillow'])}{pillow_target} | {row['fastest_other'] or '-'} | "
                  f"{_ratio(row['vs_other'])} (>= {row['min_other']:g}x) | "
                  f"{'yes' if row['met'] else 'NO'} |\n")
    out.write("\n| rotate90 | simd ms | memcpy ms | share of memcpy (target >= "
              f"{ROTATE_SHARE_OF_MEMCPY:g}) | met |\n|---|---|---|---|---|\n")
    for row in rotate:
        out.write(f"| {row['image']} | {row['ours_ms']:.2f} | {row['memcpy_ms']:.2f} | "
                  f"{row['share']:.2f} | {'yes' if row['met'] else 'NO'} |\n")


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: kernel_targets.py RESULT.json\n")
        return 2
    try:
        medians, failures = load_medians(argv[1])
    except (OSError, ValueError, KeyError) as error:
        sys.stderr.write(f"kernel_targets.py: cannot read {argv[1]}: {error}\n")
        return 2
    speed, rotate = speed_rows(medians), rotate_rows(medians)
    if not speed and not rotate:
        sys.stderr.write(f"kernel_targets.py: {argv[1]} has no simd medians to compare\n")
        return 2
    print_tables(speed, rotate)
    for (operation, adapter, image), message in sorted(failures.items()):
        print(f"\nnot timed: {operation}/{adapter}/{image}: {message}")
    return 0 if all(row["met"] for row in speed + rotate) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
