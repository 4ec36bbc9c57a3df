#!/usr/bin/env python3
"""A ticket export with many distinct queues and categories, for the growth benchmark.

    gen_distinct.py --rows N --queues Q --categories C --out FILE [--answer FILE]

Row i takes key k = (i * 7919) mod K, K = max(Q, C), and goes to queue k mod Q with category
k mod C: every queue and every category occurs, there are K distinct queue-category pairs, and
each has about N / K tickets. Categories are a ticket reason and a number ("Refund request 4821"),
so that they are classified like real ones. Handle times are in seconds, with a few invalid ones
(negative, over a day); the automated flag is TRUE or FALSE. The answer file holds the total
tickets, valid handle seconds and pairs, to check a run against.
"""
import argparse, json

REASONS = ["Order status", "Password reset", "Refund request", "Delivery complaint", "Invoice copy",
           "Billing dispute", "Account locked", "Change of address", "Fraud report", "Opening hours"]

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--queues", type=int, required=True)
    p.add_argument("--categories", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--answer")
    a = p.parse_args()
    k_count = max(a.queues, a.categories)
    queues = [f"Group {q:06d}" for q in range(a.queues)]
    cats = [f"{REASONS[c % len(REASONS)]} {c:06d}" for c in range(a.categories)]
    seconds = 0
    timed = 0
    with open(a.out, "w", newline="") as f:
        f.write("Ticket ID,Created at,Assignment group,Category,Handle time (sec),Resolved by bot\n")
        lines = []
        for i in range(a.rows):
            k = (i * 7919) % k_count
            secs = 60 + (i * 37) % 900
            if i % 997 == 0:
                secs = -secs
            elif i % 1009 == 0:
                secs = 200000
            else:
                seconds += secs
                timed += 1
            day = 1 + i % 28
            lines.append(f"T{i},2026-02-{day:02d}T{8 + i % 10:02d}:{i % 60:02d}:00,{queues[k % a.queues]},"
                         f"{cats[k % a.categories]},{secs},{'TRUE' if i % 3 == 0 else 'FALSE'}\n")
            if len(lines) == 100000:
                f.writelines(lines)
                lines = []
        f.writelines(lines)
    if a.answer:
        with open(a.answer, "w") as f:
            json.dump({"rows": a.rows, "tickets": a.rows, "pairs": k_count,
                       "handle_seconds": seconds, "timed": timed}, f)

if __name__ == "__main__":
    main()
