"""NER speed: the monitor's trimmed pipeline against spaCy's default full pipeline.

    python bench/bench_ner.py [--paragraphs 200] [--batch-size 16] [--repeat 3]

Both variants read the same ~200 generated news paragraphs with the same batch size.
Load time and peak memory are measured in a fresh process per variant; speed in this
process, with the timed runs of the two variants interleaved:

  full     spacy.load(model): tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner
  monitor  EntityExtractor.load(): domain ruler + ner only (ner has its own tok2vec),
           including the canonical-name work the daemon really does

Prints words per second for each, the ratio (target: monitor >= 2x full) and peak RSS.
The best of --repeat timed runs of each is kept, after one warm-up pass.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_RATIO = 2.0
VARIANTS = ("full", "monitor")

_COUNTRIES = ["Cambodia", "Thailand", "Vietnam", "Laos", "Myanmar", "Malaysia", "Indonesia", "the Philippines"]
_CITIES = ["Phnom Penh", "Sihanoukville", "Poipet", "Bavet", "Bangkok", "Mae Sot", "Ho Chi Minh City", "Kuala Lumpur"]
_GROUPS = ["LICADHO", "ADHOC", "the IOM", "UNODC", "International Justice Mission", "the NCCT", "the Ministry of Interior"]
_PEOPLE = ["Chou Bun Eng", "Am Sam Ath", "Sar Sokha", "Sok Dara", "Nguyen Van Minh", "Somchai Wongsa"]
_TEMPLATES = [
    "Police in {city} said on {day} that {n} {nat} nationals had been freed from a compound where they were forced "
    "to run online scams, and that {m} suspects were being questioned by officers from {group}.",
    "{person}, who speaks for {group}, told reporters in {city} that the number of trafficking cases reported in "
    "{country} rose to {n} in {year}, up from {m} the year before, and called for closer work with {country2}.",
    "The latest Trafficking in Persons Report placed {country} on Tier {tier}, a decision {person} described as "
    "unfair to a government that has prosecuted {n} traffickers since {year}.",
    "Workers recruited through social media in {country2} were promised jobs in {city} but had their passports "
    "taken on arrival, according to a {group} investigation published on {day}.",
    "{group} and the embassy of {country2} repatriated {n} victims through the {city} checkpoint this week, "
    "{person} said, adding that {m} of them were minors who needed shelter and counselling.",
    "In a statement, {group} urged authorities in {country} to open the courts to survivors and to stop treating "
    "people trafficked into scam centres in {city} as criminals.",
    "Officials from {country} and {country2} met in {city} on {day} to sign a memorandum on safe migration, "
    "labour inspections and the return of trafficking victims, {person} told the Khmer Times.",
    "A court in {city} sentenced {m} members of a ring that sold {n} women as brides to buyers in {country2}, "
    "in a case brought by {group} with help from the US State Department.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "September 5", "November 19", "March 12"]
_NATIONALITIES = ["Indonesian", "Chinese", "Vietnamese", "Thai", "Kenyan", "Filipino", "Malaysian", "Ugandan"]


def paragraphs(count: int, seed: int = 7) -> list[str]:
    """``count`` news-like paragraphs, two or three template sentences each."""
    rng = random.Random(seed)
    result = []
    for _ in range(count):
        sentences = []
        for template in rng.sample(_TEMPLATES, rng.choice((2, 3))):
            country, country2 = rng.sample(_COUNTRIES, 2)
            sentences.append(template.format(
                city=rng.choice(_CITIES), country=country, country2=country2, group=rng.choice(_GROUPS),
                person=rng.choice(_PEOPLE), day=rng.choice(_DAYS), nat=rng.choice(_NATIONALITIES),
                n=rng.randint(12, 2400), m=rng.randint(2, 90), year=rng.randint(2019, 2025), tier=rng.choice("123"),
            ))
        result.append(" ".join(sentences))
    return result


def load_variant(variant: str, batch_size: int) -> Callable[[list[str]], int]:
    """A function that runs one variant over texts and returns the number of entities."""
    from monitor.analysis.entities import EntityExtractor, resolve_model
    from monitor.settings import NerSettings

    settings = NerSettings(batch_size=batch_size)
    if variant == "full":
        import spacy

        nlp = spacy.load(resolve_model(settings))
        return lambda texts: sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=batch_size))
    extractor = EntityExtractor.load(settings)
    return lambda texts: sum(len(found) for found in extractor.extract(texts))


def peak_rss(variant: str, texts: list[str], batch_size: int) -> dict[str, float]:
    """Load time and peak RSS of one variant after one pass (run in a fresh process)."""
    began = time.perf_counter()
    work = load_variant(variant, batch_size)
    load_seconds = time.perf_counter() - began
    work(texts)
    return {"load_seconds": load_seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _timed(work: Callable[[list[str]], int], texts: list[str]) -> float:
    began = time.perf_counter()
    work(texts)
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)  # child process: memory only
    args = parser.parse_args()
    texts = paragraphs(args.paragraphs)

    if args.variant:
        print(json.dumps(peak_rss(args.variant, texts, args.batch_size)))
        return 0

    memory = {}
    for variant in VARIANTS:
        child = subprocess.run(
            [sys.executable, __file__, "--variant", variant, "--paragraphs", str(args.paragraphs),
             "--batch-size", str(args.batch_size)],
            capture_output=True, text=True, check=True,
        )
        memory[variant] = json.loads(child.stdout.strip().splitlines()[-1])

    # Timing: both pipelines in this process, runs interleaved, so a busy machine slows
    # both alike instead of skewing the ratio.
    works = {variant: load_variant(variant, args.batch_size) for variant in VARIANTS}
    for work in works.values():
        work(texts)  # warm-up: the first batches pay for lazy allocations
    best = dict.fromkeys(VARIANTS, float("inf"))
    for _ in range(args.repeat):
        for variant, work in works.items():
            best[variant] = min(best[variant], _timed(work, texts))

    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} paragraphs, {words} words, batch size {args.batch_size}, best of {args.repeat} interleaved")
    rates = {variant: words / best[variant] for variant in VARIANTS}
    for variant in VARIANTS:
        m = memory[variant]
        print(f"{variant:8} {rates[variant]:9.0f} words/s  load {m['load_seconds']:.1f}s  peak RSS {m['peak_rss_mb']:.0f} MB")
    ratio = rates["monitor"] / rates["full"]
    verdict = "ok" if ratio >= TARGET_RATIO else f"BELOW the {TARGET_RATIO:.0f}x target"
    print(f"ratio    {ratio:9.2f}x  ({verdict})")
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
