#!/usr/bin/python3
"""How far each operation's thresholds sit from what they must tell apart, from one
`imgbench verify --variants --json` file: the margins SEMANTICS.md quotes (Tolerances).

For each operation (its text form: each has its own thresholds) and each criterion (whole image,
border band, worst tile):
* the loosest exact mapping: the canonical mapping of a library (not the reference, not an
  approximation by design) whose PSNR comes closest to the threshold, and its margin above it;
* the tightest wrong one: the known-wrong variant that comes closest to passing. A wrong output
  fails when one criterion or more is below its threshold; its margin is the deepest of them
  (threshold minus PSNR), and the tightest is the smallest such margin. A variant that passed is
  listed apart, with the reason the table gave (the canonical pixels, a photo that cannot tell).

Prints Markdown tables; exits 1 when an exact mapping fails or a wrong one passes where it must
not (the problems `imgbench verify` reports), so that the numbers are never quoted from a run
that failed.

usage: reports/verify_margins.py VERIFY.json
"""
import json
import math
import sys

CRITERIA = (("whole", "psnr", "tolerance_psnr"),
            ("border", "psnr_border", "tolerance_border_psnr"),
            ("tile", "psnr_tile", "tolerance_tile_psnr"))


def number(value):
    """A PSNR as written by imgbench: a number, "inf", "-inf" or null."""
    if value is None:
        return math.nan
    if isinstance(value, str):
        return float(value)
    return float(value)


def who(outcome):
    name = outcome["adapter"]
    if outcome["variant"]:
        name += "/" + outcome["variant"]
    return f"{name} on {outcome['image']}"


def measured(outcome):
    return outcome["status"] in ("PASS", "FAIL", "KNOWN") and outcome.get("psnr") is not None


def judged_criteria(outcome):
    """(criterion, PSNR, threshold) for each criterion the tolerance judges."""
    for name, field, threshold_field in CRITERIA:
        threshold = number(outcome.get(threshold_field))
        if math.isfinite(threshold):
            yield name, number(outcome.get(field)), threshold


def exact_mappings(outcomes):
    return [o for o in outcomes if not o["variant"] and o["adapter"] != "reference"
            and o["status"] == "PASS" and measured(o)]


def wrong_mappings(outcomes):
    return [o for o in outcomes if o["variant"] and not o.get("approximation")
            and measured(o)]


def loosest_exact(outcomes):
    """{criterion: (margin, PSNR, threshold, who)}: the exact mapping nearest each threshold."""
    loosest = {}
    for outcome in exact_mappings(outcomes):
        for criterion, psnr, threshold in judged_criteria(outcome):
            margin = psnr - threshold
            if criterion not in loosest or margin < loosest[criterion][0]:
                loosest[criterion] = (margin, psnr, threshold, who(outcome))
    return loosest


def tightest_wrong(outcomes):
    """(margin, criterion, PSNR, threshold, who) of the caught variant nearest to passing, or
    None."""
    tightest = None
    for outcome in wrong_mappings(outcomes):
        if outcome["status"] != "FAIL":
            continue
        depth = max(((threshold - psnr, criterion, psnr, threshold)
                     for criterion, psnr, threshold in judged_criteria(outcome)),
                    default=None)
        if depth is None or depth[0] <= 0:
            continue  # failed on a criterion without a PSNR (shape, header)
        if tightest is None or depth[0] < tightest[0]:
            tightest = (*depth, who(outcome))
    return tightest


def passed_wrong(outcomes):
    """The variants that passed where they compute something else (not the canonical pixels)."""
    return [o for o in wrong_mappings(outcomes)
            if o["status"] == "PASS" and not o.get("same_as_canonical")]


def caught_ranges(outcomes):
    """{variant: (caught, cases, lowest and highest border PSNR, lowest and highest whole PSNR)}
    over the images, for the known-wrong variants table."""
    ranges = {}
    for outcome in wrong_mappings(outcomes):
        name = f"{outcome['adapter']}/{outcome['variant']}"
        caught, cases, border, whole = ranges.get(name, (0, 0, [], []))
        border.append(number(outcome.get("psnr_border")))
        whole.append(number(outcome.get("psnr")))
        ranges[name] = (caught + (outcome["status"] == "FAIL"), cases + 1, border, whole)
    return {name: (caught, cases, min(border), max(border), min(whole), max(whole))
            for name, (caught, cases, border, whole) in ranges.items()}


def operations(document):
    """The operations in the file's order, by their text form ("blur:sigma=2"): each has its own
    thresholds."""
    order = []
    for outcome in document["outcomes"]:
        if outcome["operation"] not in order:
            order.append(outcome["operation"])
    return order


def report(document, out):
    for operation in operations(document):
        outcomes = [o for o in document["outcomes"] if o["operation"] == operation]
        loosest, tightest = loosest_exact(outcomes), tightest_wrong(outcomes)
        if not loosest:
            continue
        out.write(f"\n### {operation}\n\n"
                  "| criterion | threshold | loosest exact mapping | margin |\n|---|---|---|---|\n")
        for criterion, (margin, psnr, threshold, name) in sorted(loosest.items()):
            out.write(f"| {criterion} | {threshold:.2f} | {name}: {psnr:.2f} | "
                      f"+{margin:.2f} dB |\n")
        if tightest:
            margin, criterion, psnr, threshold, name = tightest
            out.write(f"\ntightest wrong mapping: {name}, {criterion} {psnr:.2f} dB against "
                      f"{threshold:.2f}: caught by {margin:.2f} dB\n")
        for name, (caught, cases, low_b, high_b, low_w, high_w) in caught_ranges(outcomes).items():
            out.write(f"* {name}: caught on {caught} of {cases}; border {low_b:.2f} - "
                      f"{high_b:.2f}, whole {low_w:.2f} - {high_w:.2f}\n")
        for outcome in passed_wrong(outcomes):
            out.write(f"passed: {who(outcome)}: max diff {outcome['max_diff']}, the exact "
                      f"mappings' up to {outcome.get('exact_max_diff')}"
                      f"{' (a problem)' if outcome.get('problem') else ''}\n")


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: reports/verify_margins.py VERIFY.json\n")
        return 2
    try:
        with open(argv[1], encoding="utf-8") as file:
            document = json.load(file)
        outcomes = document["outcomes"]
    except (OSError, ValueError, KeyError) as error:
        sys.stderr.write(f"verify_margins: {argv[1]}: {error}\n")
        return 2
    report(document, sys.stdout)
    return 1 if any(o.get("problem") for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
