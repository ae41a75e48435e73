#!/usr/bin/env python3
"""The cost of only writing a built site: the floor under any build that writes the same bytes.

Reads every file of a built site into memory, then writes them all into a new folder (one
makedirs per folder, one open + write + close per file, in path order) and reports the wall
time and the CPU time (user + system) of the writing alone. Run it on the 10,000- and the
50,000-page builds to see how much of the 50,000 / 10,000 build ratio the output's bytes
force: the section navigation lists every section on every page, so the output grows faster
than the page count (issue 21).

    bench/write_floor.py SITE [SITE ...] [--runs N] [--scratch DIR]

Each run writes into a new folder under --scratch (default: next to the site) that is deleted
only after every run, because deleting a large folder just before writing slows the kernel's
file creation on this machine's journal-less ext4 (BENCHMARKS.md). For the same reason, run it
after the timed builds, not before them: the copies it deletes at the end make the next
builds' file creation dearer for minutes (a 10,000-page build went from 0.9 to 6.6 s of system
time right after it).
"""
import argparse
import os
import resource
import shutil
import statistics
import sys
import time


def load(site):
    files = []
    for folder, _, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                files.append((os.path.relpath(path, site), handle.read()))
    files.sort()
    return files


def write_all(files, into):
    made = set()
    for relative, data in files:
        folder = os.path.dirname(relative)
        if folder not in made:
            os.makedirs(os.path.join(into, folder), exist_ok=True)
            made.add(folder)
        with open(os.path.join(into, relative), "wb") as handle:
            handle.write(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scratch")
    args = parser.parse_args()
    for site in args.sites:
        files = load(site)
        size = sum(len(data) for _, data in files)
        scratch = args.scratch or os.path.dirname(os.path.abspath(site))
        made, walls, cpus, systems = [], [], [], []
        for run in range(args.runs):
            into = os.path.join(scratch, f".write-floor-{os.getpid()}-{run}")
            made.append(into)
            before = resource.getrusage(resource.RUSAGE_SELF)
            start = time.perf_counter()
            write_all(files, into)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_SELF)
            systems.append(after.ru_stime - before.ru_stime)
            cpus.append(after.ru_utime - before.ru_utime + systems[-1])
        for into in made:
            shutil.rmtree(into, ignore_errors=True)
        print(f"{site}: {len(files)} files, {size / 1e6:.0f} MB; writing them, median of {args.runs}: "
              f"{statistics.median(walls):.2f} s wall, {statistics.median(cpus):.2f} s CPU "
              f"({statistics.median(systems):.2f} s system)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
