#!/usr/bin/env python3
"""Copies chosen paths of a bare git snapshot (as the `fetch` tool leaves one) into a folder.

    extract.py <git-dir> <destination> [path ...]

`git archive` stops at the first blob the snapshot lacks (its largest files may be listed but
absent); this writes such a file empty, under its own name, and goes on, so links to it still
find a file. Nothing fetched is ever committed: the destination is outside the repository
(/work/realworld/<name>).
"""
import os
import subprocess
import sys


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    git_dir, dest, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    listing = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", "HEAD", "--", *paths],
                             check=True, capture_output=True).stdout.split(b"\0")
    entries = []
    for row in listing:
        if not row:
            continue
        meta, name = row.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob":
            entries.append((mode, sha.decode(), name.decode("utf-8", "surrogateescape")))
    # One `cat-file --batch` process for every blob: thousands of files in seconds.
    batch = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    missing = 0
    for mode, sha, name in entries:
        batch.stdin.write(sha.encode() + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        data = b""
        if len(header) == 3:
            data = batch.stdout.read(int(header[2]))
            batch.stdout.read(1)
        else:
            missing += 1
        target = os.path.join(dest, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if mode == b"120000":
            # A symbolic link: keep it as one.
            if os.path.lexists(target):
                os.remove(target)
            os.symlink(data.decode("utf-8", "surrogateescape"), target)
        else:
            with open(target, "wb") as out:
                out.write(data)
    batch.stdin.close()
    batch.wait()
    print(f"{dest}: {len(entries)} files, {missing} absent from the snapshot (written empty)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
