#!/usr/bin/env python3
"""A full-size O*NET Task Statements file from the validation half, for the speed benchmarks.

    onet_full.py SRC OUT

The half is taken twice; in the second copy SOC 11-1011.00 becomes 11-1011.90 (a detailed code
O*NET does not use), the title gets " (copy)" and the Task ID 1,000,000 more, so that every
occupation and task counts as a different one (916 occupations, 18,508 tasks from the folder's
half). Used by benches/onet_speed and benches/org_scale.
"""
import sys


def write_full_onet(src, out):
    """Writes the doubled file; returns its occupations and tasks."""
    with open(src, encoding="utf-8") as f:
        header, *rows = f.read().splitlines()
    copy = []
    for line in rows:
        cells = line.split("\t")
        code, rest = cells[0].rsplit(".", 1)
        cells[0] = f"{code}.{9 if rest[0] == '0' else 8}{rest[1:]}"
        cells[1] = cells[1] + " (copy)"
        cells[2] = str(int(cells[2]) + 1_000_000)
        copy.append("\t".join(cells))
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join([header] + rows + copy) + "\n")
    return len({r.split("\t")[0] for r in rows + copy}), len(rows) + len(copy)


if __name__ == "__main__":
    occupations, tasks = write_full_onet(sys.argv[1], sys.argv[2])
    print(f"onet_speed: {tasks} tasks, {occupations} occupations in {sys.argv[2]}", file=sys.stderr)
