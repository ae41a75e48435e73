#!/usr/bin/env python3
"""Deterministic synthetic knowledge base for Groundwork benchmarks.

    python3 bench/gen_corpus.py --pages N --out DIR [--terms K]

Writes DIR/site.yaml (with nav), DIR/sources.yaml (CSL-YAML under `references:` with every
Groundwork field), DIR/_index.md, and sections of ~100 pages (DIR/sNNN/_index.md and
DIR/sNNN/pNNNNN.md). Every page has front matter, 4-8 headings, lists, a code block, a
`table` block, 5-15 internal links with real #fragments, wiki links [[Title]], and 2-6
citations [@key]. The same arguments always give the same bytes, and the content passes
`groundwork check` with no errors and no warnings (prose has no digits, quotations or
statistics; every source is cited; every page is linked; review dates lie far ahead).
With `--terms K` the first page of each of the first K sections defines a glossary term
(`term:`, `also_known_as:`) that the other pages' prose mentions; without it the output is
unchanged.
"""

import argparse
import os
import random
import shutil

SECTION_SIZE = 100

ADJECTIVES = """amber brisk calm deep eager fair gentle hollow ivory jolly keen lucid mellow nimble open
placid quiet rapid serene tidy upright vivid warm young zesty bold clear dusky early fresh grand
humble inner jade kind lofty modest noble outer prime""".split()
NOUNS = """anchor beacon canyon delta ember falcon garden harbor island junction kettle lantern meadow
nectar orchard pillar quarry river summit timber uplands valley willow yarrow zephyr bridge cellar
dune estuary forge grove hamlet inlet jetty knoll ledger mill""".split()
QUALIFIERS = """basics design review rollout controls patterns pitfalls metrics workflow checklist
glossary primer playbook handbook overview strategy tradeoffs lifecycle governance migration
baseline roadmap charter practices principles boundaries interfaces signals escalation
onboarding retention audits safeguards fallbacks templates exceptions reporting staffing
budgeting readiness""".split()
HEADINGS = """Background|Design goals|How it works|Common mistakes|Worked example|Related ideas|
Open questions|When to use it|When not to use it|Key terms|Trade offs|Operating notes|
Security notes|Cost drivers|Getting started|Further reading|Checklist|Failure modes|
Governance|Migration path|Measuring success|Who owns it|Review cadence|Escalation""".replace("\n", "").split("|")
WORDS = """the team reviews each change before release and records why it matters for the people who
rely on it later a careful reader can follow the reasoning from the first principle to the final
decision without guessing what was meant because every step is written down plainly and linked to
its source where one exists writers keep paragraphs short so that a busy seller can scan them in
a meeting and still find the point that answers the question in front of them most pages describe
a practice a risk and a way to explain both to a buyer who has seen similar claims before""".split()
# Glossary terms (`--terms K`): words and phrases the generated prose uses, so term links appear.
TERMS = ["careful reader", "final decision", "first principle", "busy seller", "reasoning", "practice",
         "risk", "buyer", "meeting", "paragraph", "claim", "source", "release", "question", "change",
         "record", "writer", "team", "step", "point", "decision", "principle", "reader", "seller"]
TAGS = "operations security buyers pricing training evaluation policy architecture support data".split()
CODE_LANGS = ["python", "swift", "yaml", "sh"]


def title_for(i):
    """A unique, digit-free title per page index (mixed radix over three word lists)."""
    a = i % len(ADJECTIVES)
    b = (i // len(ADJECTIVES)) % len(NOUNS)
    c = (i // (len(ADJECTIVES) * len(NOUNS))) % len(QUALIFIERS)
    return f"{ADJECTIVES[a].capitalize()} {NOUNS[b]} {QUALIFIERS[c]}"


def section_of(i):
    return i // SECTION_SIZE


def section_title(s):
    return f"{NOUNS[s % len(NOUNS)].capitalize()} {QUALIFIERS[(s // len(NOUNS)) % len(QUALIFIERS)]} section"


def section_dir(s):
    return f"s{s + 1:03d}"


def page_file(i):
    return f"p{i + 1:05d}.md"


def slug(text):
    """GitHub-style heading id for the plain ASCII headings used here."""
    return "-".join(text.lower().split())


def headings_for(i):
    rng = random.Random(i * 104729 + 3)
    count = 4 + i % 5  # 4..8
    return rng.sample(HEADINGS, count)


def sentence(rng, words=None):
    n = words or rng.randint(12, 22)
    text = " ".join(rng.choice(WORDS) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def paragraph(rng, sentences=None):
    return " ".join(sentence(rng) for _ in range(sentences or rng.randint(4, 7)))


def link_to(i, j, fragment=None):
    """A relative link from page i to page j (another page, possibly in another section)."""
    target = page_file(j) if section_of(i) == section_of(j) else f"../{section_dir(section_of(j))}/{page_file(j)}"
    return target + (f"#{fragment}" if fragment else "")


def source_id(k):
    return f"src-{k + 1:05d}"


def term_of(i, terms):
    """The glossary term page i defines, if any: the first page of each of the first `terms` sections."""
    s = section_of(i)
    if s < min(terms, len(TERMS)) and i == s * SECTION_SIZE:
        return TERMS[s]
    return None


def page(i, n, source_count, terms=0):
    rng = random.Random(i * 7919 + 17)
    heads = headings_for(i)
    title = title_for(i)
    section = section_of(i)
    first = section * SECTION_SIZE
    last = min(n, first + SECTION_SIZE) - 1

    # 5-15 internal links with real fragments: neighbours in the section, some elsewhere.
    link_count = 5 + i % 11
    targets = []
    nxt = i + 1 if i < last else first
    targets.append(nxt)  # the ring within a section: every page has an incoming link
    while len(targets) < link_count:
        if rng.random() < 0.75 or n <= SECTION_SIZE:
            j = rng.randint(first, last)
        else:
            j = rng.randrange(n)
        if j != i:
            targets.append(j)
    links = []
    for j in targets:
        heading = rng.choice(headings_for(j))
        links.append(f"[{title_for(j).lower()}]({link_to(i, j, slug(heading))})")

    # Citations: this page's own source (so every source is cited) and a few others.
    cite_count = 2 + i % 5  # 2..6
    keys = [source_id(i % source_count)]
    while len(keys) < cite_count:
        keys.append(source_id(rng.randrange(source_count)))
    citations = []
    for index, key in enumerate(keys):
        if index % 3 == 1:
            citations.append(f"[@{key}, p. {rng.randint(2, 40)}]")
        else:
            citations.append(f"[@{key}]")
    wiki = []
    for _ in range(1 + i % 3):
        j = rng.randrange(n)
        if j != i:
            wiki.append(f"[[{title_for(j)}]]")

    out = ["---", f"title: {title}", f"summary: {sentence(rng, 10)}",
           f"tags: [{', '.join(rng.sample(TAGS, 2))}]", "owner: Enablement team", "review_by: 2099-12-31"]
    term = term_of(i, terms)
    if term:
        out += [f"term: {term}", f"also_known_as: [{term} role]" if " " not in term else f"also_known_as: [the {term}]"]
    out += ["---", ""]
    out += [paragraph(rng) + " " + citations[0], ""]
    # Spread links, wiki links and citations over the sections of the page.
    for h, heading in enumerate(heads):
        out += [f"## {heading}", ""]
        chunk = links[h::len(heads)]
        body = paragraph(rng)
        if chunk:
            body += " See " + ", ".join(chunk) + "."
        cites = citations[1:][h::len(heads)]
        if cites:
            body += " " + sentence(rng) + " " + " ".join(cites)
        out += [body, ""]
        kind = h % 4
        if kind == 0:
            out += [f"- {sentence(rng, 8)}" for _ in range(rng.randint(3, 5))] + [""]
        elif kind == 1:
            lang = rng.choice(CODE_LANGS)
            out += [f"```{lang}", f"# step {h}", f"value = {rng.randint(1, 99)}", "print(value)", "```", ""]
        elif kind == 2:
            out += ["```table", "| Option | Effort | Owner |"]
            out += [f"| {rng.choice(WORDS)} | {rng.choice(['low', 'medium', 'high'])} | {rng.choice(WORDS)} |" for _ in range(4)]
            out += ["```", ""]
        else:
            out += [f"{k}. {sentence(rng, 7)}" for k in range(1, 4)] + [""]
        out += [paragraph(rng), ""]
    if wiki:
        out += ["Related: " + ", ".join(wiki) + ".", ""]
    return "\n".join(out)


def section_index(s, n):
    first = s * SECTION_SIZE
    last = min(n, first + SECTION_SIZE)
    rng = random.Random(s * 31 + 5)
    out = ["---", f"title: {section_title(s)}",
           f"summary: {sentence(rng, 9)}", "---", "", paragraph(rng), "", "## Pages", ""]
    out += [f"- [{title_for(j)}]({page_file(j)})" for j in range(first, last)]
    return "\n".join(out) + "\n"


def sources(count):
    out = ["# Generated bibliography (CSL-YAML with Groundwork fields).", "references:"]
    for k in range(count):
        rng = random.Random(k * 131 + 7)
        out += [
            f"  - id: {source_id(k)}",
            "    type: report",
            f"    title: {title_for(k * 7 + 3)} report",
            "    author:",
            f"      - {{family: {NOUNS[k % len(NOUNS)].capitalize()}, given: {ADJECTIVES[k % len(ADJECTIVES)].capitalize()}}}",
            f"    publisher: {NOUNS[(k * 3) % len(NOUNS)].capitalize()} Institute",
            f"    issued: {{date-parts: [[{2015 + k % 10}, {1 + k % 12}]]}}",
            f"    container-title: Journal of {QUALIFIERS[k % len(QUALIFIERS)].capitalize()}",
            f"    number: TR-{k + 1}",
            f"    URL: https://example.org/reports/{source_id(k)}",
        ]
        if k % 4 == 0:
            out.append(f"    DOI: 10.5555/{source_id(k)}")
        out += [
            "    accessed: 2026-11-01",
            "    review_by: 2099-12-31",
            f"    status: {['confirmed', 'partial', 'unverified'][k % 3]}",
            "    excerpts:",
            f"      - \"{sentence(rng, 12)}\"",
        ]
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, required=True, help="number of content pages (besides indexes)")
    parser.add_argument("--out", required=True, help="folder to write (replaced if it holds an earlier corpus)")
    parser.add_argument("--terms", type=int, default=0,
                        help=f"glossary terms to define (at most {len(TERMS)}; default 0): the first page of each "
                             "of the first K sections gets `term:`, and other pages' prose mentions it")
    args = parser.parse_args()
    n = args.pages
    if n < 2:
        parser.error("--pages must be at least 2")
    out = args.out
    if os.path.exists(out):
        if not os.path.exists(os.path.join(out, ".groundwork-corpus")):
            parser.error(f"{out} exists and is not a generated corpus; refusing to replace it")
        shutil.rmtree(out)
    os.makedirs(out)
    open(os.path.join(out, ".groundwork-corpus"), "w").close()

    source_count = max(20, n // 10)
    section_count = (n + SECTION_SIZE - 1) // SECTION_SIZE
    with open(os.path.join(out, "site.yaml"), "w") as f:
        f.write("title: Synthetic knowledge base\n"
                "description: A generated corpus for benchmarks.\n"
                "base_url: https://example.org/kb/\n"
                "language: en\n"
                "nav:\n" + "".join(f"  - {section_dir(s)}/\n" for s in range(section_count)) +
                "checks:\n  max_source_age_days: 36500\n")
    with open(os.path.join(out, "sources.yaml"), "w") as f:
        f.write(sources(source_count))
    rng = random.Random(1)
    with open(os.path.join(out, "_index.md"), "w") as f:
        f.write("---\ntitle: Synthetic knowledge base\nsummary: Generated pages for benchmarks.\n---\n\n"
                + paragraph(rng) + "\n\n## Sections\n\n"
                + "".join(f"- [{section_title(s)}]({section_dir(s)}/_index.md)\n" for s in range(section_count)))
    for s in range(section_count):
        folder = os.path.join(out, section_dir(s))
        os.makedirs(folder)
        with open(os.path.join(folder, "_index.md"), "w") as f:
            f.write(section_index(s, n))
    for i in range(n):
        with open(os.path.join(out, section_dir(section_of(i)), page_file(i)), "w") as f:
            f.write(page(i, n, source_count, args.terms))
    print(f"wrote {n} pages in {section_count} sections and {source_count} sources to {out}")


if __name__ == "__main__":
    main()
