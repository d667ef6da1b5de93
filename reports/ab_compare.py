"""A/B comparison of two imgbench builds, for contributors (scripts/compare).

`run` times both builds interleaved, one `imgbench bench` process per side and round with an odd
number of repetitions; the order alternates, A B, B A, A B, ..., because this host's noise comes
in bursts with a period of seconds, and a fixed order let one side catch them round after round
(an A/A comparison of one binary once showed its blur 19% "slower" that way). `analyze` reads the
result files. The unit of comparison is a process: repetitions within one process share its heap
and the machine's state of the moment (in the A/A data above they moved together), so each
benchmark's sample is the median of its repetitions, one per round and side. Per benchmark it
prints the ratio of medians of those (B over A), a 95% bootstrap confidence interval of that
ratio and the two-sided Mann-Whitney U p-value, Holm-corrected for the number of benchmarks
compared. A benchmark regressed only when B is slower by more than the threshold (5%) AND the
corrected p-value is below alpha (0.01): noise alone rarely passes both.
Exit status: 0 no regression, 1 a regression or a newly failing case, 2 unusable input.
"""
import argparse
import glob
import math
import os
import statistics
import subprocess
import sys

import numpy
from scipy.stats import mannwhitneyu

import results_file

THRESHOLD = 0.05
ALPHA = 0.01
BOOTSTRAP = 2000


def load_samples(paths, definitions=None):
    """{benchmark: [median real time of its repetitions in each result file]}; failures apart
    (a case that met a known finding is neither: untimed, and explained). `definitions`, when
    given, receives each benchmark's definition."""
    samples, failures = {}, {}
    for path in paths:
        document = results_file.load(path)
        if definitions is not None:
            definitions.update(results_file.definitions(document))
        times = {}
        for entry in document.get("benchmarks", []):
            if not results_file.is_repetition(entry):
                continue
            name = results_file.run_name(entry)
            if results_file.is_known_entry(entry):
                continue  # met a known finding: not timed, and no failure
            if results_file.error_of(entry):
                failures[name] = results_file.error_of(entry)
            else:
                times.setdefault(name, []).append(results_file.real_time_ms(entry))
        for name, repetitions in times.items():
            samples.setdefault(name, []).append(statistics.median(repetitions))
    return samples, failures


# A case whose samples spread more than this (coefficient of variation, on either side) is marked
# unsteady: its verdict rests on noise as much as on the change (nanobench's limit).
UNSTEADY_CV = 0.05


def coefficient_of_variation(samples):
    mean = statistics.mean(samples)
    return statistics.stdev(samples) / mean if len(samples) > 1 and mean > 0 else 0.0


def ratio_interval(a, b, seed=1):
    """95% percentile-bootstrap interval of median(b) / median(a)."""
    generator = numpy.random.default_rng(seed)
    a, b = numpy.asarray(a), numpy.asarray(b)
    ratios = [numpy.median(generator.choice(b, b.size)) / numpy.median(generator.choice(a, a.size))
              for _ in range(BOOTSTRAP)]
    return float(numpy.percentile(ratios, 2.5)), float(numpy.percentile(ratios, 97.5))


def holm(p_values):
    """Holm-Bonferroni adjusted p-values, in the input's order."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted, running = [0.0] * len(p_values), 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def compare(base, head, threshold=THRESHOLD, alpha=ALPHA):
    """Rows (dicts) for benchmarks present on both sides with at least 3 samples (rounds)
    each."""
    names = sorted(n for n in set(base) & set(head) if len(base[n]) >= 3 and len(head[n]) >= 3)
    rows = []
    for name in names:
        a, b = base[name], head[name]
        ratio = statistics.median(b) / statistics.median(a)
        low, high = ratio_interval(a, b)
        p = mannwhitneyu(b, a, alternative="two-sided").pvalue
        rows.append({"benchmark": name, "samples": (len(a), len(b)),
                     "base_ms": statistics.median(a), "head_ms": statistics.median(b),
                     "ratio": ratio, "ci": (low, high), "p": p,
                     "cv": max(coefficient_of_variation(a), coefficient_of_variation(b))})
    for row, adjusted in zip(rows, holm([r["p"] for r in rows])):
        row["p_adjusted"] = adjusted
        significant = adjusted < alpha
        if significant and row["ratio"] > 1 + threshold:
            row["verdict"] = "REGRESSED"
        elif significant and row["ratio"] < 1 - threshold:
            row["verdict"] = "improved"
        else:
            row["verdict"] = "same"
    return rows


def print_table(rows, out=sys.stdout):
    out.write(f"{'benchmark':<64} {'n':>7} {'base ms':>9} {'head ms':>9} {'head/base':>9}"
              f" {'95% CI':>15} {'p (Holm)':>9} {'CV':>6} {'':>8}  verdict\n")
    for r in rows:
        steadiness = "unsteady" if r["cv"] > UNSTEADY_CV else "steady"
        out.write(f"{r['benchmark'][:64]:<64} {r['samples'][0]:>3}/{r['samples'][1]:<3}"
                  f" {r['base_ms']:>9.3f} {r['head_ms']:>9.3f} {r['ratio']:>9.3f}"
                  f" {r['ci'][0]:>7.3f}-{r['ci'][1]:<7.3f} {r['p_adjusted']:>9.2g}"
                  f" {r['cv']:>6.1%} {steadiness:>8}  {r['verdict']}\n")


def analyze(base_files, head_files, threshold, alpha, out=sys.stdout):
    base_work, head_work = {}, {}
    base, base_failures = load_samples(base_files, base_work)
    head, head_failures = load_samples(head_files, head_work)
    changed = results_file.changed_work(base_work, head_work)
    for name in sorted(changed):
        out.write(f"not compared: {name}: its work changed (another definition on each side)\n")
        base.pop(name, None)
        head.pop(name, None)
    rows = compare(base, head, threshold, alpha)
    if not rows:
        print("error: no benchmark with at least 3 samples on both sides", file=sys.stderr)
        return 2
    print_table(rows, out)
    for name, message in sorted(head_failures.items()):
        note = "" if name in base_failures else " (new: base passed or did not run it)"
        out.write(f"head failed verification: {name}: {message}{note}\n")
    rounds = min(min(r["samples"]) for r in rows)
    if 2 / math.comb(2 * rounds, rounds) * len(rows) >= alpha:
        out.write(f"warning: with {rounds} samples a side no benchmark of {len(rows)} can reach"
                  f" p < {alpha} after correction; use more rounds\n")
    regressed = [r["benchmark"] for r in rows if r["verdict"] == "REGRESSED"]
    steady = sum(r["cv"] <= UNSTEADY_CV for r in rows)
    out.write(f"\n{len(rows)} benchmarks; threshold {threshold:.0%}, alpha {alpha} (Holm over"
              f" {len(rows)}): {len(regressed)} regressed\n")
    out.write(f"{steady} of {len(rows)} steady (CV of the rounds at most {UNSTEADY_CV:.0%} on"
              f" both sides); for a change of a few percent use the counts: scripts/compare"
              f" --counts\n")
    new_failures = set(head_failures) - set(base_failures)
    return 1 if regressed or new_failures else 0


def run_side(binary, environment, output, arguments):
    command = [binary, "bench", "--suite", arguments.suite,
               f"--benchmark_repetitions={arguments.repetitions}",
               f"--benchmark_min_time={arguments.min_time}",
               "--benchmark_display_aggregates_only=true", "--out", output]
    if arguments.filter:
        command.append(f"--benchmark_filter={arguments.filter}")
    if arguments.images:
        command += ["--images", arguments.images]
    env = dict(os.environ, **dict(e.split("=", 1) for e in environment))
    result = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    if result.returncode not in (0, 1) or not os.path.exists(output):
        # 1 is a case that failed verification, reported as such; anything else stops the run.
        raise RuntimeError(f"{binary} exited {result.returncode} without its result file:"
                           f" {result.stderr.strip()[-500:]}")


def run(arguments, out):
    if arguments.repetitions % 2 == 0 or arguments.rounds < 3:
        print("error: use an odd number of repetitions and at least 3 rounds", file=sys.stderr)
        return 2
    os.makedirs(arguments.out, exist_ok=True)
    for path in glob.glob(os.path.join(arguments.out, "[ab]-*.json")):
        os.remove(path)
    sides = [("a", arguments.base_bin, arguments.base_env),
             ("b", arguments.head_bin, arguments.head_env)]
    for round_ in range(arguments.rounds):
        for side, binary, environment in (sides if round_ % 2 == 0 else sides[::-1]):
            print(f"round {round_ + 1}/{arguments.rounds}: {'base' if side == 'a' else 'head'}",
                  file=sys.stderr, flush=True)
            run_side(binary, environment, os.path.join(arguments.out, f"{side}-{round_}.json"),
                     arguments)
    return analyze(sorted(glob.glob(os.path.join(arguments.out, "a-*.json"))),
                   sorted(glob.glob(os.path.join(arguments.out, "b-*.json"))),
                   arguments.threshold, arguments.alpha, out)


def main(argv, out=sys.stdout):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    timing = commands.add_parser("run", help="time two builds interleaved, then analyze")
    timing.add_argument("--base-bin", required=True)
    timing.add_argument("--head-bin", required=True)
    timing.add_argument("--base-env", action="append", default=[], metavar="NAME=VALUE")
    timing.add_argument("--head-env", action="append", default=[], metavar="NAME=VALUE")
    timing.add_argument("--out", required=True, help="directory for the result files")
    timing.add_argument("--suite", default="quick")
    timing.add_argument("--filter", default="", help="Google Benchmark filter (regex)")
    timing.add_argument("--images", default="")
    # 11 rounds: 11 samples a side, enough for p < 0.01 over a hundred benchmarks (Holm).
    timing.add_argument("--rounds", type=int, default=11)
    timing.add_argument("--repetitions", type=int, default=1)
    timing.add_argument("--min-time", type=float, default=0.1)
    reading = commands.add_parser("analyze", help="compare existing result files")
    reading.add_argument("--base", nargs="+", required=True)
    reading.add_argument("--head", nargs="+", required=True)
    for command in (timing, reading):
        command.add_argument("--threshold", type=float, default=THRESHOLD)
        command.add_argument("--alpha", type=float, default=ALPHA)
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "run":
            return run(arguments, out)
        return analyze(arguments.base, arguments.head, arguments.threshold, arguments.alpha, out)
    except (OSError, ValueError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
