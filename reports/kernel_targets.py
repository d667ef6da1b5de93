#!/usr/bin/python3
"""The own-kernels targets, checked on one `imgbench bench` result file.

The targets are declared with the operations' cases (reference/ops/, SpeedTarget) and carried by
each case in the result file. Each compares the `simd` adapter with the other libraries measured in
the same run, on the same image, as a ratio of median times (repetitions must be odd: Google
Benchmark 1.7.1's median of an even count is wrong), or with memcpy of the same buffer for a
kernel that streams its input. A comparison with a library that has no time there (no canonical
mapping, as Pillow for RGBA resize) is shown as n/a and does not count, except that Pillow's one
call where it is an approximation by design (its GaussianBlur) stands for Pillow, named so; a
library whose case failed verification is no contender either: it has no time. Prints Markdown
tables; exits 1 when a target is missed.

usage: reports/kernel_targets.py RESULT.json
"""
import sys
from collections import defaultdict

import results_file

OURS = "simd"
REFERENCE_LIBRARY = "pillow"
# The prefix of a library's time by its approximation by design, in a case's medians.
BY_DESIGN = "~"


def load_medians(path):
    """({(operation, image): {contender: seconds}} of the medians, {(operation, image): target}
    as the cases declare them, failures by (operation, contender, image))."""
    document = results_file.load(path)
    medians, targets, failures = defaultdict(dict), {}, {}
    for entry in document["benchmarks"]:
        case = results_file.case_of(entry)
        if case["level"] or case["family"] not in ("operation", "baseline", "approximate"):
            continue
        if case["family"] == "approximate":
            # Only a library's one call, an approximation by design (Pillow's GaussianBlur),
            # stands for the library where it has no canonical mapping: see speed_rows().
            if case.get("approximation_kind") == "by-design" and results_file.is_median(entry) \
                    and not results_file.error_of(entry):
                medians[(case["label"], case["image"])][BY_DESIGN + case["adapter"]] = \
                    results_file.real_time_ms(entry) / 1e3
            continue
        key = (case["label"], case["image"])
        if case.get("target"):
            targets[key] = case["target"]
        who = results_file.contender(case)
        if results_file.error_of(entry):
            failures[(case["label"], who, case["image"])] = results_file.error_of(entry)
        elif results_file.is_median(entry):
            medians[key][who] = results_file.real_time_ms(entry) / 1e3
    return medians, targets, failures


def speed_rows(medians, targets):
    rows = []
    for (operation, image), target in sorted(targets.items()):
        times = medians.get((operation, image), {})
        if not (target["vs_pillow"] or target["vs_fastest"]) or OURS not in times:
            continue
        min_pillow, min_other = target["vs_pillow"] or None, target["vs_fastest"]
        ours = times[OURS]
        others = {name: t for name, t in times.items()
                  if name not in (OURS, "baseline") and not name.startswith(BY_DESIGN)}
        fastest = min(others, key=others.get) if others else None
        # Pillow's canonical time, else its one call where that is an approximation by design
        # (its GaussianBlur): the speed Pillow's users get, never ranked as a canonical result.
        pillow = times.get(REFERENCE_LIBRARY, times.get(BY_DESIGN + REFERENCE_LIBRARY))
        vs_pillow = pillow / ours if pillow else None
        vs_other = others[fastest] / ours if fastest else None
        # Without a Pillow time (Pillow has no canonical mapping, e.g. RGBA resize) that part
        # of the target does not apply; without any other library, nothing does.
        met = (min_pillow is None or vs_pillow is None or vs_pillow >= min_pillow) and \
            (vs_other is None or vs_other >= min_other)
        rows.append({"operation": operation, "image": image, "ours_ms": ours * 1e3,
                     "vs_pillow": vs_pillow,
                     "pillow_approximation": REFERENCE_LIBRARY not in times and pillow is not None,
                     "min_pillow": min_pillow, "fastest_other": fastest,
                     "vs_other": vs_other, "min_other": min_other, "met": met})
    return rows


def memcpy_rows(medians, targets):
    """Kernels that stream their input against memcpy of the same buffer: the same bytes read,
    so a ratio of times is a ratio of read rates."""
    rows = []
    for (operation, image), target in sorted(targets.items()):
        times = medians.get((operation, image), {})
        memcpy = medians.get(("memcpy", image), {}).get("baseline")
        if not target["memcpy_share"] or OURS not in times or memcpy is None:
            continue
        share = memcpy / times[OURS]
        rows.append({"operation": operation, "image": image, "ours_ms": times[OURS] * 1e3,
                     "memcpy_ms": memcpy * 1e3, "share": share,
                     "min_share": target["memcpy_share"],
                     "met": share >= target["memcpy_share"]})
    return rows


def _ratio(value):
    return "n/a" if value is None else f"{value:.2f}x"


def print_tables(speed, streaming, out=None):
    out = out or sys.stdout
    out.write("| operation | image | simd ms | vs Pillow (target) | fastest other | "
              "vs it (target) | met |\n|---|---|---|---|---|---|---|\n")
    for row in speed:
        pillow_target = "" if row["min_pillow"] is None else f" (>= {row['min_pillow']:g}x)"
        if row.get("pillow_approximation"):
            pillow_target += ", its approximation"
        out.write(f"| {row['operation']} | {row['image']} | {row['ours_ms']:.2f} | "
                  f"{_ratio(row['vs_pillow'])}{pillow_target} | {row['fastest_other'] or '-'} | "
                  f"{_ratio(row['vs_other'])} (>= {row['min_other']:g}x) | "
                  f"{'yes' if row['met'] else 'NO'} |\n")
    out.write("\n| operation | image | simd ms | memcpy ms | share of memcpy's read rate"
              " (target) | met |\n|---|---|---|---|---|---|\n")
    for row in streaming:
        out.write(f"| {row['operation']} | {row['image']} | {row['ours_ms']:.2f} | "
                  f"{row['memcpy_ms']:.2f} | {row['share']:.2f} (>= {row['min_share']:g}) | "
                  f"{'yes' if row['met'] else 'NO'} |\n")


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: kernel_targets.py RESULT.json\n")
        return 2
    try:
        medians, targets, failures = load_medians(argv[1])
    except (OSError, ValueError, KeyError) as error:
        sys.stderr.write(f"kernel_targets.py: cannot read {argv[1]}: {error}\n")
        return 2
    speed, streaming = speed_rows(medians, targets), memcpy_rows(medians, targets)
    if not speed and not streaming:
        sys.stderr.write(f"kernel_targets.py: {argv[1]} has no simd medians of a case with a"
                         " target (the targets are declared with the operations' cases)\n")
        return 2
    print_tables(speed, streaming)
    for (operation, adapter, image), message in sorted(failures.items()):
        print(f"\nnot timed: {operation}/{adapter}/{image}: {message}")
    return 0 if all(row["met"] for row in speed + streaming) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
