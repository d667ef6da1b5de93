"""The documentation kept true: every relative link in README.md and the docs resolves (its
anchor too), every imgbench command line they show names a real command and only options it
declares, every option a command's --help lists is documented in docs/, and every script
answers --help."""
import functools
import glob
import os
import re
import subprocess

import pytest
from conftest import REPO, run_imgbench

import render_site

DOCUMENTS = sorted([os.path.join(REPO, "README.md"), *glob.glob(os.path.join(REPO, "docs", "*.md")),
                    *glob.glob(os.path.join(REPO, "*", "README.md"))])
GUIDES = sorted(glob.glob(os.path.join(REPO, "docs", "*.md")))
SCRIPTS = sorted(path for path in glob.glob(os.path.join(REPO, "scripts", "*"))
                 if os.access(path, os.X_OK) and not path.endswith(".sh"))
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
OPTION = re.compile(r"--([a-z][a-z0-9_-]*)")
GLOBAL_OPTIONS = {"max-pixels", "help"}


def read(path):
    with open(path) as handle:
        return handle.read()


@functools.lru_cache(maxsize=None)
def anchors(path):
    """The anchors GitHub gives the Markdown headings of `path` (code blocks skipped)."""
    seen, found, fenced = {}, set(), False
    for line in read(path).splitlines():
        fenced = fenced != line.startswith("```")
        heading = None if fenced else re.match(r"#{1,6} (.*)", line)
        if heading:
            found.add(render_site.heading_anchor(heading.group(1), seen))
    return found


def relative_links(path):
    for target in LINK.findall(read(path)):
        if not re.match(r"[a-z]+:", target):  # http:, https:, mailto: are not checked here
            yield target


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: os.path.relpath(p, REPO))
def test_every_relative_link_resolves(document):
    broken = []
    for target in relative_links(document):
        file, _, anchor = target.partition("#")
        resolved = os.path.normpath(os.path.join(os.path.dirname(document), file)) if file \
            else document
        if not os.path.exists(resolved):
            broken.append(f"{target}: no such file")
        elif anchor and resolved.endswith(".md") and anchor not in anchors(resolved):
            broken.append(f"{target}: no heading with that anchor")
    assert not broken, broken


@functools.lru_cache(maxsize=None)
def command_options(imgbench, command):
    """The options `imgbench COMMAND --help` lists."""
    usage = run_imgbench(imgbench, command, "--help").stdout
    return frozenset(re.findall(r"^\s+--([a-z][a-z0-9-]*)", usage, re.MULTILINE))


@functools.lru_cache(maxsize=None)
def commands(imgbench):
    overview = run_imgbench(imgbench, "--help").stdout
    listed = overview.split("commands:\n", 1)[1].split("\n\n", 1)[0]
    return frozenset(line.split()[0] for line in listed.splitlines() if line.strip())


def code_lines(text):
    """The lines of the fenced code blocks, a backslash-continued line joined to the next."""
    lines, fenced, pending = [], False, ""
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            pending += line
            if pending.endswith("\\"):
                pending = pending[:-1] + " "
                continue
            lines.append(pending)
            pending = ""
    return lines


def imgbench_calls(document):
    """(command, options used) of each imgbench command line in the document's code blocks."""
    for line in code_lines(read(document)):
        line = re.split(r"\s#", line)[0]  # a comment, not part of the command
        for match in re.finditer(r"(?:^|[\s/\"'])imgbench\s+([a-z][a-z-]*)(.*)", line):
            rest = re.split(r"&&|\|\||;|\||>", match.group(2))[0]
            yield match.group(1), set(OPTION.findall(rest))


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: os.path.relpath(p, REPO))
def test_every_imgbench_command_line_names_a_command_and_its_options(imgbench, document):
    wrong = []
    for command, options in imgbench_calls(document):
        if command not in commands(imgbench):
            wrong.append(f"imgbench {command}: no such command")
            continue
        for option in options - command_options(imgbench, command) - GLOBAL_OPTIONS:
            if not (command == "bench" and option.startswith("benchmark_")):
                wrong.append(f"imgbench {command} --{option}: not an option of {command}")
    assert not wrong, wrong


def passages(text):
    """The guides' paragraphs and list items: where a command and its options are described."""
    return [p for p in re.split(r"\n\s*\n|\n(?=\s*[*-] )", text) if p.strip()]


def describes(passage, command):
    """Whether a passage is about `command`: it shows `imgbench COMMAND` or a code span that
    starts with it (`bench [--suite ...]`)."""
    return re.search(rf"imgbench {command}\b|`{command}[ `]", passage) is not None


def test_every_option_of_every_command_is_documented_with_it(imgbench):
    texts = [passage for guide in GUIDES for passage in passages(read(guide))]
    missing = []
    for command in sorted(commands(imgbench)):
        about = [passage for passage in texts if describes(passage, command)]
        if not about:
            missing.append(f"{command}: no passage of docs/ describes it")
        for option in sorted(command_options(imgbench, command) - GLOBAL_OPTIONS):
            if not any(f"--{option}" in passage for passage in about):
                missing.append(f"imgbench {command} --{option}")
    assert not missing, f"not documented in docs/ beside their command: {missing}"


def test_every_command_answers_help_and_points_at_it_on_a_bad_option(imgbench):
    overview = run_imgbench(imgbench, "--help").stdout
    assert "usage: imgbench COMMAND" in overview
    for command in commands(imgbench):
        usage = run_imgbench(imgbench, command, "--help").stdout
        assert usage.startswith(f"usage: imgbench {command}"), usage
        assert run_imgbench(imgbench, "help", command).stdout == usage
        bad = run_imgbench(imgbench, command, "--no-such-option", allowed=(2,))
        assert bad.stderr.count("\n") == 1, bad.stderr
        assert "unknown option --no-such-option" in bad.stderr
        assert f"imgbench {command} --help" in bad.stderr
    unknown = run_imgbench(imgbench, "no-such-command", allowed=(2,))
    assert "imgbench --help" in unknown.stderr and unknown.stderr.count("\n") == 1


@pytest.mark.parametrize("script", SCRIPTS, ids=os.path.basename)
def test_every_script_answers_help(script):
    name = os.path.basename(script)
    result = subprocess.run([script, "--help"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert f"usage: scripts/{name}" in result.stdout


# Scripts whose own options end where the arguments they pass on begin (ctest's, bench's) take
# an unknown option as one of those: they are left out.
PARSING_SCRIPTS = ["bench", "build", "compare", "fuzz", "nightly", "setup"]


@pytest.mark.parametrize("name", PARSING_SCRIPTS)
def test_a_script_refuses_an_unknown_option_in_one_line(name):
    result = subprocess.run([os.path.join(REPO, "scripts", name), "--no-such-option"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            timeout=30)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert f"scripts/{name} --help" in result.stderr
