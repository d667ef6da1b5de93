"""The deterministic A/B check: instruction and cache counts of two imgbench builds
(scripts/compare --counts).

`run` makes one `imgbench bench --measure counts` run per side, both at once (valgrind runs a
process on one core, and counts do not depend on the host's load), and `analyze` compares the
result files. Counts repeat to the instruction, so there are no rounds and no statistics: per case
it prints the change in instructions and in estimated cycles, and, for a sequence (the full cycle,
a crop batch), the change of each step. A case regressed when its instructions or estimated cycles
grew by more than the threshold (1%), in the whole case or in one of its steps (a 2% slower blur is
a 0.2% slower full cycle, whose decode dominates; its blur step shows the 2%).
Exit status: 0 no regression, 1 a regression or a newly failing case, 2 unusable input.

What counts cannot see: memory bandwidth and the real CPU's caches, threads (valgrind runs one at
a time), AVX-512 code (valgrind 3.19 has none, so dispatching code takes its AVX2 path), and time
spent in the kernel. The wall-clock comparison (ab_compare.py) covers those.
"""
import argparse
import os
import subprocess
import sys

import results_file

THRESHOLD = 0.01
MEASURES = ("instructions", "est_cycles")
# Context entries that must agree for the counts of two sides to be comparable: what decides the
# executed code besides the build (a difference is reported, not fatal: it may be the change).
PINNED = ("counts_callgrind_options", "counts_tool", "cpu_features_seen", "arch",
          "address_randomization", "env_GLIBC_TUNABLES")


def load_counts(path):
    """(cases, failures, context) of a counts result file: cases maps a benchmark to
    {"instructions": n, "est_cycles": n, "steps": {step: {"instructions": n, ...}}}."""
    document = results_file.load(path)
    context = document.get("context", {})
    if context.get("measure") != "counts":
        raise ValueError(f"{path}: not a counts run (its context says measure"
                         f" '{context.get('measure', 'time')}'; use imgbench bench --measure"
                         " counts)")
    cases, failures = {}, {}
    for entry in document.get("benchmarks", []):
        name = results_file.run_name(entry)
        if results_file.is_known_entry(entry):
            continue  # met a known finding: not counted, and no failure
        if results_file.error_of(entry):
            failures[name] = results_file.error_of(entry)
            continue
        case = {measure: int(entry[measure]) for measure in MEASURES}
        steps = {}
        for key, value in entry.items():
            measure, _, step = key.partition("/")
            if step and measure in MEASURES:
                steps.setdefault(step, {})[measure] = int(value)
        case["steps"] = steps
        case["definition"] = results_file.definition(entry)
        cases[name] = case
    return cases, failures, context


def change(base, head):
    return head / base - 1 if base else (0.0 if head == base else float("inf"))


def compare(base, head, threshold=THRESHOLD):
    """Rows for the cases on both sides: each measure's change, the steps' changes, the worst
    change and where it is, and the verdict."""
    rows = []
    for name in sorted(set(base) & set(head)):
        a, b = base[name], head[name]
        row = {"benchmark": name, "base": a, "head": b,
               "changes": {m: change(a[m], b[m]) for m in MEASURES}, "steps": {}}
        where, worst = "whole", max(row["changes"].values())
        for step in sorted(set(a["steps"]) & set(b["steps"])):
            changes = {m: change(a["steps"][step][m], b["steps"][step][m]) for m in MEASURES}
            row["steps"][step] = changes
            if max(changes.values()) > worst:
                where, worst = step, max(changes.values())
        row["worst"], row["where"] = worst, where
        lowest = min([min(row["changes"].values())]
                     + [min(c.values()) for c in row["steps"].values()])
        if worst > threshold:
            row["verdict"] = "REGRESSED"
        elif lowest < -threshold:
            row["verdict"] = "improved"
        else:
            row["verdict"] = "same"
        rows.append(row)
    return rows


def percent(value):
    return f"{value * 100:+.3f}%"


def print_table(rows, out=sys.stdout):
    out.write(f"{'benchmark':<64} {'base instr':>14} {'head/base':>10} {'est cycles':>10}"
              f" {'worst step':>22}  verdict\n")
    for r in rows:
        step = "" if r["where"] == "whole" else f"{r['where']} {percent(r['worst'])}"
        out.write(f"{r['benchmark'][:64]:<64} {r['base']['instructions']:>14,}"
                  f" {percent(r['changes']['instructions']):>10}"
                  f" {percent(r['changes']['est_cycles']):>10} {step:>22}  {r['verdict']}\n")


def analyze(base_file, head_file, threshold, out=sys.stdout):
    base, base_failures, base_context = load_counts(base_file)
    head, head_failures, head_context = load_counts(head_file)
    changed = results_file.changed_work({n: c["definition"] for n, c in base.items()},
                                        {n: c["definition"] for n, c in head.items()})
    for name in sorted(changed):
        out.write(f"not compared: {name}: its work changed (another definition on each side)\n")
        base.pop(name, None)
        head.pop(name, None)
    rows = compare(base, head, threshold)
    if not rows:
        print("error: no counted case on both sides", file=sys.stderr)
        return 2
    print_table(rows, out)
    for key in PINNED:
        if base_context.get(key) != head_context.get(key):
            out.write(f"note: the sides differ in {key}: {base_context.get(key)!r} and"
                      f" {head_context.get(key)!r}; counts may differ for that reason\n")
    for name in sorted(set(base) ^ set(head)):
        out.write(f"only in {'base' if name in base else 'head'}: {name}\n")
    for name, message in sorted(head_failures.items()):
        note = "" if name in base_failures else " (new: base passed or did not run it)"
        out.write(f"head failed verification: {name}: {message}{note}\n")
    regressed = [r for r in rows if r["verdict"] == "REGRESSED"]
    out.write(f"\n{len(rows)} cases counted on both sides; threshold {threshold:.2%} on"
              f" instructions and estimated cycles, per case and per step:"
              f" {len(regressed)} regressed\n")
    new_failures = set(head_failures) - set(base_failures)
    return 1 if regressed or new_failures else 0


def counts_command(binary, output, arguments):
    # An emulated build (the aarch64 one) runs under its emulator, which also starts each case.
    emulator = arguments.emulator.split() if arguments.emulator else []
    command = [*emulator, binary, "bench", "--measure", "counts", "--suite", arguments.suite,
               "--out", output]
    if arguments.filter:
        command.append(f"--benchmark_filter={arguments.filter}")
    if arguments.images:
        command += ["--images", arguments.images]
    return command


def emulated_environment(arguments):
    """What a counts run of an emulated build needs: the emulator for each case, the counting
    plugin, the cycle model's CPU; libvips' vector paths off (SEMANTICS.md, "libvips under
    emulation")."""
    if not arguments.emulator:
        return {}
    if not arguments.plugin or not arguments.mcpu:
        raise ValueError("--emulator needs --plugin and --mcpu")
    return {"IMGBENCH_COUNTS_EMULATOR": arguments.emulator,
            "IMGBENCH_COUNTS_PLUGIN": arguments.plugin,
            "IMGBENCH_COUNTS_MCPU": arguments.mcpu, "VIPS_NOVECTOR": "1"}


def run(arguments, out):
    os.makedirs(arguments.out, exist_ok=True)
    sides = [("base", arguments.base_bin, arguments.base_env),
             ("head", arguments.head_bin, arguments.head_env)]
    processes = []
    for side, binary, environment in sides:
        output = os.path.join(arguments.out, f"{side}.json")
        if os.path.exists(output):
            os.remove(output)
        env = dict(os.environ, **emulated_environment(arguments),
                   **dict(e.split("=", 1) for e in environment))
        log = open(os.path.join(arguments.out, f"{side}.log"), "w")
        processes.append((side, output, log, subprocess.Popen(
            counts_command(binary, output, arguments), env=env, stdout=log,
            stderr=subprocess.STDOUT)))
    print(f"counting both sides at once (logs in {arguments.out})", file=sys.stderr, flush=True)
    try:
        for side, output, log, process in processes:
            status = process.wait()
            if status not in (0, 1) or not os.path.exists(output):
                # 1 is a failed case, reported as such; anything else stops the comparison.
                with open(log.name) as handle:
                    tail = handle.read().strip().splitlines()[-1:] or ["(no output)"]
                raise RuntimeError(f"the {side} run exited {status} without its result file:"
                                   f" {tail[0]}")
    finally:
        for _, _, log, process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
            log.close()
    return analyze(os.path.join(arguments.out, "base.json"),
                   os.path.join(arguments.out, "head.json"), arguments.threshold, out)


def main(argv, out=sys.stdout):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    counting = commands.add_parser("run", help="count both builds, then analyze")
    counting.add_argument("--base-bin", required=True)
    counting.add_argument("--head-bin", required=True)
    counting.add_argument("--base-env", action="append", default=[], metavar="NAME=VALUE")
    counting.add_argument("--head-env", action="append", default=[], metavar="NAME=VALUE")
    counting.add_argument("--out", required=True, help="directory for the result files")
    counting.add_argument("--suite", default="quick")
    counting.add_argument("--filter", default="", help="Google Benchmark filter (regex)")
    counting.add_argument("--images", default="")
    counting.add_argument("--emulator", default="",
                          help="count builds for another CPU under this qemu-user command"
                               " (e.g. 'qemu-aarch64 -cpu cortex-a72 -L SYSROOT')")
    counting.add_argument("--plugin", default="", help="with --emulator: imgbench's counting"
                          " plugin (build/bench/qemu_counts/libimgbench_qemu_counts.so)")
    counting.add_argument("--mcpu", default="",
                          help="with --emulator: llvm-mca's CPU for the estimated cycles")
    reading = commands.add_parser("analyze", help="compare two existing counts result files")
    reading.add_argument("--base", required=True)
    reading.add_argument("--head", required=True)
    for command in (counting, reading):
        command.add_argument("--threshold", type=float, default=THRESHOLD,
                             help="a growth above this fraction is a regression (default 0.01)")
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "run":
            return run(arguments, out)
        return analyze(arguments.base, arguments.head, arguments.threshold, out)
    except (OSError, ValueError, KeyError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
