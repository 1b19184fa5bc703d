#!/usr/bin/env python3
"""Runs one tmsnav step of the cohort workflow and turns a refusal into an outcome.

tmsnav exits 2 on bad input (not a head, a corrupt file): that is a result for the
cohort, so a failure record (format tmsnav-failure-1: the step and tmsnav's error line)
is written where the step's output belongs and this script exits 0. Snakemake then has
nothing left to do for that subject, and the group report names it. Any other failure
(exit 1, a crash, a kill) is passed on, so only that subject's job fails (--keep-going).

A step whose input is already a failure record is not run: the record is passed on.
Usage: run_step.py --step NAME --output PATH [--dir] [--needs PATH ...] [--log PATH] -- CMD...
"""
import argparse
import json
import os
import subprocess
import sys

FAILURE_FORMAT = "tmsnav-failure-1"
REFUSED = 2


def read_failure(path):
    """The failure record at path (a record file, or a folder holding failure.json)."""
    candidate = os.path.join(path, "failure.json") if os.path.isdir(path) else path
    try:
        with open(candidate, encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError):
        return None
    if isinstance(record, dict) and record.get("format") == FAILURE_FORMAT:
        return record
    return None


def write_atomically(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_failure(output, is_dir, record):
    if is_dir:
        os.makedirs(output, exist_ok=True)
        output = os.path.join(output, "failure.json")
    write_atomically(output, json.dumps(record, indent=2, sort_keys=True) + "\n")


def error_line(stderr):
    lines = [l for l in stderr.splitlines() if l.startswith("error:")]
    return (lines[-1] if lines else (stderr.strip().splitlines() or ["refused"])[-1])[:2000]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--step", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--dir", action="store_true", help="the output is a folder")
    parser.add_argument("--needs", nargs="*", default=[])
    parser.add_argument("--log")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    a = parser.parse_args()
    command = a.command[1:] if a.command[:1] == ["--"] else a.command
    for need in a.needs:
        upstream = read_failure(need)
        if upstream:
            write_failure(a.output, a.dir, upstream)
            return 0
    if a.dir:
        os.makedirs(a.output, exist_ok=True)
    run = subprocess.run(command, capture_output=True, text=True)
    if a.log:
        write_atomically(a.log, run.stdout + run.stderr)
    if run.returncode == REFUSED:
        write_failure(a.output, a.dir, {"format": FAILURE_FORMAT, "step": a.step,
                                        "exit_code": REFUSED, "error": error_line(run.stderr)})
        return 0
    sys.stderr.write(run.stderr)
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
