#!/usr/bin/env python3
"""Generate a JSON Lines batch of N articles from the seed articles, with variations.

    python3 scripts/gen_batch.py 100000 > /tmp/batch.jsonl

Each line is {"id", "title", "body", "source" or "url"}: a seed article (seeds/*.txt in this
repository) with its paragraphs shuffled and trimmed, names and places swapped, sometimes a
template token, a comment prompt or lorem ipsum added, and a source drawn from 40 outlets of
unequal quality. Deterministic for a given N and --seed. Nothing is written to the repository.
"""

import argparse
import json
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

NAMES = ["Ana Lima", "John Okafor", "Mei Chen", "Lars Berg", "Priya Nair", "Tom Walsh", "Sara Kim"]
PLACES = ["Lisbon", "Lagos", "Osaka", "Bergen", "Pune", "Denver", "Busan", "Quito"]
INJECT = [
    "[City], [Date] – ",
    "For more information visit [WEBSITE].",
    "Leave a Reply\nYour email address will not be published. Required fields are marked *",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
    "Published on {date} by {author}.",
    "As an AI language model, I cannot verify this.",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    if not seeds:
        sys.exit("no seeds/*.txt found")
    outlets = [f"outlet{i:02d}.example" for i in range(40)]
    # a few outlets publish templates far more often
    sloppiness = {o: (0.6 if i % 10 == 0 else 0.05) for i, o in enumerate(outlets)}
    out = sys.stdout
    for i in range(args.n):
        text = rng.choice(seeds)
        lines = text.split("\n")
        title = next((l.strip() for l in lines if l.strip()), "Untitled")
        paras = [p for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
        if len(paras) > 3:
            keep = rng.randint(max(1, len(paras) // 2), len(paras))
            head, tail = paras[:1], paras[1:keep]
            rng.shuffle(tail)
            paras = head + tail
        body = "\n\n".join(paras)
        for _ in range(rng.randint(0, 3)):
            body = body.replace(rng.choice(NAMES), rng.choice(NAMES), 1)
        body = body.replace(" said", f" said in {rng.choice(PLACES)}", rng.randint(0, 1))
        outlet = rng.choice(outlets)
        if rng.random() < sloppiness[outlet]:
            body = body + "\n\n" + rng.choice(INJECT) if rng.random() < 0.5 else rng.choice(INJECT) + body
        rec = {"id": f"gen-{i:06d}", "title": f"{title} ({i})", "body": body}
        if rng.random() < 0.5:
            rec["source"] = outlet
        else:
            rec["url"] = f"https://www.{outlet}/news/{i}"
        out.write(json.dumps(rec, ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
