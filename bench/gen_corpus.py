#!/usr/bin/env python3
"""Generate a deterministic synthetic benchmark corpus for transcrub.

Writes into --out DIR:
  corpus.txt     transcript-like lines (French-ish and English-ish), about --mb MB
                 (1 MB = 10^6 bytes); about 1 line in 50 carries one variant,
                 mostly in the dictionary's spelling, some upper/lower/title cased
  dict.toml      transcrub dictionary: --terms terms, --variants variants in total
  variants.txt   one variant per line (for `rg -F -f variants.txt`)
  typos.toml     typos config: [default.extend-words] single-word variant -> canonical
  codespell.txt  codespell -D dictionary: variant->canonical (single-word variants)
  truth.tsv      line<TAB>canonical<TAB>variant<TAB>variant as written, for each
                 corpus line that carries a variant (to check what tools changed)
  stats.json     what was generated (counts used to sanity-check the tools)

Standard library only. Same --seed and arguments => byte-identical output.
Variants are built from made-up syllables and checked not to be (or be inside)
any ordinary corpus word, so every match in the corpus is an intended one.
"""

import argparse
import json
import os
import random
import re
import sys

# --------------------------------------------------------------------------
# Ordinary vocabulary (what the transcript is mostly made of)
# --------------------------------------------------------------------------

FRENCH = """
le la les un une des du de l'équipe d'abord et ou mais donc or ni car que qui quoi dont où
je tu il elle on nous vous ils elles ce cette ces mon ma mes ton ta tes son sa
ses notre nos votre vos leur leurs y en ne pas plus rien jamais toujours très
trop peu beaucoup bien mal aussi encore déjà ici là alors après avant pendant
depuis avec sans pour par sur sous dans entre vers chez comme comment pourquoi
quand combien c'est j'ai n'est qu'il l'idée d'accord est sont était étaient sera serait ai as a avons avez ont avait
fait faire faut fallait peut peuvent pouvait veut voulait dois doit devait va
vais allons allez vont aller venir vient viens voir vois voit vu dire dit dis
parler parle parlé penser pense pensé savoir sais sait croire crois trouver
trouve donner donne prendre prend mettre met passer passe regarder regarde
travailler travaille projet équipe réunion client clients serveur données base
fichier fichiers version problème solution question réponse semaine mois année
jour demain hier aujourd'hui l'heure matin soir heure minute temps moment chose choses
gens personne monde vie travail entreprise produit service système logiciel
application outil outils réseau sécurité mise jour test tests code développement
production déploiement migration budget planning rapport document présentation
idée exemple partie point niveau cas fin début suite raison façon manière
nouveau nouvelle grand grande petit petite premier première dernier dernière
autre autres même mêmes bon bonne vrai vraiment juste simplement actuellement
ensuite enfin surtout notamment plutôt voilà ben bah euh hum bon ok d'accord
oui non merci bonjour salut écoute attends regarde tiens voyons effectivement
évidemment exactement absolument normalement finalement globalement rapidement
""".split()

ENGLISH = """
the a an and or but so because if then than that this these those there here
i you he she we they it me him her us them my your his our their its
is are was were be been being have has had do does did will would can could
should shall may might must not no yes just really very quite pretty maybe
about above after again against all also always any around as at back before
below between both by down during each few for from further into like more
most much never now of off on once only other out over own same some still such
through to too under until up when where which while who whom why with within
without well get got getting go going gone make made take took see saw know
knew think thought say said tell told ask asked need needed want wanted look
looked use used try tried work working call called meeting team project client
customer server database file files release version issue problem solution
question answer week month year day today tomorrow yesterday morning evening
time minute hour thing things people world life company product service system
software application tool tools network security update test tests code
deployment migration budget schedule report document slide slides idea example
part point level case end start reason way new old big small first last next
other good great right sure actually basically honestly literally obviously
okay ok yeah yep uh um hmm like kind sort right well anyway alright thanks
hello hi listen wait look see mean guess suppose probably definitely exactly
""".split()

FILLERS_FR = ["euh", "ben", "bah", "hum", "voilà", "bon", "enfin", "donc"]
FILLERS_EN = ["uh", "um", "hmm", "well", "so", "like", "yeah", "okay"]

# --------------------------------------------------------------------------
# Made-up name material
# --------------------------------------------------------------------------

ONSETS = ["b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v",
          "z", "x", "br", "dr", "gr", "kr", "tr", "vr", "zl", "kl", "pl", "st",
          "sk", "th", "ph", "qu", "j", "w", "y", "h"]
NUCLEI = ["a", "e", "i", "o", "u", "ai", "ou", "ei", "y", "ae", "io", "eo"]
CODAS = ["", "", "", "", "", "", "n", "r", "l", "x", "k", "s", "m", "nd", "rt",
         "l", "n"]
SUFFIXES = ["ix", "io", "ora", "ex", "ly", "era", "ium", "on", "us", "an",
            "ia", "os", "ent", "ika", "ova", "yn"]

# sound-alike substitutions an ASR engine (or a listener) could produce
SUBST = [("k", "c"), ("c", "k"), ("c", "qu"), ("qu", "k"), ("v", "b"), ("b", "v"),
         ("w", "v"), ("v", "w"), ("s", "z"), ("z", "s"), ("i", "y"), ("y", "i"),
         ("ph", "f"), ("f", "ph"), ("x", "ks"), ("x", "cs"), ("ou", "u"),
         ("u", "ou"), ("ai", "e"), ("ei", "ai"), ("th", "t"), ("t", "th"),
         ("o", "au"), ("au", "o"), ("er", "air"), ("an", "en"), ("en", "an"),
         ("on", "om"), ("g", "gu"), ("d", "t"), ("t", "d"), ("m", "n"),
         ("n", "m"), ("l", "ll"), ("r", "rr"), ("ck", "k"), ("ae", "e"),
         ("io", "yo"), ("eo", "eau")]
VOWELS = "aeiouy"


def make_word(rng, min_syl, max_syl, suffix_p=0.35):
    """A made-up lowercase word plus the syllable boundaries inside it."""
    n = rng.randint(min_syl, max_syl)
    parts = []
    for _ in range(n):
        parts.append(rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS))
    if rng.random() < suffix_p:
        parts.append(rng.choice(SUFFIXES))
    return "".join(parts)


def camel_parts(s):
    """'TalvoNexa Data' -> ['talvo', 'nexa', 'data'] (lowercased)."""
    out = []
    for tok in s.split():
        out.extend(p.lower() for p in re.findall(r"[A-Z][a-z]*|[a-z]+", tok))
    return out


def ngrams(tokens):
    out = set()
    for i in range(len(tokens)):
        for j in range(i + 1, len(tokens) + 1):
            out.add(" ".join(tokens[i:j]))
    return out


def mutate(rng, w):
    """Apply one plausible mangling to a lowercase word."""
    for _ in range(20):
        op = rng.random()
        if op < 0.5:
            a, b = rng.choice(SUBST)
            idx = [m.start() for m in re.finditer(re.escape(a), w)]
            if not idx:
                continue
            i = rng.choice(idx)
            return w[:i] + b + w[i + len(a):]
        if op < 0.7:
            idx = [i for i, ch in enumerate(w) if ch in VOWELS]
            if not idx:
                continue
            i = rng.choice(idx)
            return w[:i] + rng.choice([v for v in VOWELS if v != w[i]]) + w[i + 1:]
        if op < 0.82 and len(w) > 5:
            i = rng.randrange(1, len(w) - 1)
            return w[:i] + w[i + 1:]
        if op < 0.92:
            i = rng.randrange(1, len(w))
            if w[i - 1] != w[i]:
                return w[:i] + w[i - 1] + w[i:]
            continue
        return w + rng.choice(["e", "s", "h", "a"])
    return w + "e"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--mb", type=float, default=100, help="corpus size in MB (10^6 bytes)")
    ap.add_argument("--terms", type=int, default=10000)
    ap.add_argument("--variants", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--multiword", type=float, default=0.20, help="share of multi-word variants")
    ap.add_argument("--rate", type=int, default=50, help="about 1 line in RATE carries a variant")
    args = ap.parse_args()
    if args.variants < args.terms:
        sys.exit("--variants must be >= --terms (every term gets at least one)")
    os.makedirs(args.out, exist_ok=True)

    vocab = sorted(set(FRENCH + ENGLISH + FILLERS_FR + FILLERS_EN))
    vocab_subs = set()  # every substring of every ordinary word, for collision checks
    for w in vocab:
        lw = w.lower()
        for i in range(len(lw)):
            for j in range(i + 1, len(lw) + 1):
                vocab_subs.add(lw[i:j])

    def ordinary(piece):
        return piece in vocab_subs

    # ---------------------------------------------------------------- terms
    rng = random.Random(args.seed)
    canon = []          # canonical strings
    canon_lower = set()
    forbidden = set()   # lowercased word n-grams and CamelCase parts of canonicals
    while len(canon) < args.terms:
        kind = rng.random()
        if kind < 0.45:      # single made-up product word: Zorvanix
            c = make_word(rng, 2, 2, 0.5).capitalize()
        elif kind < 0.65:    # CamelCase compound: TalvoNexa
            c = make_word(rng, 1, 2, 0.2).capitalize() + make_word(rng, 1, 2, 0.5).capitalize()
        elif kind < 0.95:    # person: Maren Tolvik
            c = make_word(rng, 1, 2, 0.1).capitalize() + " " + make_word(rng, 2, 2, 0.3).capitalize()
        else:                # three-word name: Ivo Dal Strenka
            c = " ".join(make_word(rng, 1, 2, 0.1).capitalize() for _ in range(3))
        parts = camel_parts(c)
        if any(len(p) < 3 or ordinary(p) for p in parts):
            continue
        if c.lower() in canon_lower:
            continue
        canon.append(c)
        canon_lower.add(c.lower())
        forbidden |= ngrams(c.lower().split())
        forbidden |= set(parts)

    # how many variants per term: at least one, the rest spread at random
    counts = [1] * args.terms
    for _ in range(args.variants - args.terms):
        counts[rng.randrange(args.terms)] += 1
    n_multi = round(args.variants * args.multiword)
    multi_slots = set(rng.sample(range(args.variants), n_multi))

    # ------------------------------------------------------------- variants
    taken = set()       # lowercased variants already claimed
    terms = []          # (canonical, [variants])
    slot = 0
    for c, k in zip(canon, counts):
        parts = camel_parts(c)
        vs = []
        while len(vs) < k:
            want_multi = slot in multi_slots
            for _attempt in range(200):
                ws = list(parts)
                # 1-2 manglings on random parts
                for _ in range(rng.choice([1, 1, 2])):
                    i = rng.randrange(len(ws))
                    ws[i] = mutate(rng, ws[i])
                if want_multi:
                    if len(ws) == 1 or rng.random() < 0.4:
                        # split one word in two: "zorvanix" -> "zor vanix"
                        joined = "".join(ws) if len(ws) > 1 and rng.random() < 0.3 else None
                        base = joined if joined else ws[0] if len(ws) == 1 else ws[rng.randrange(len(ws))]
                        if len(base) < 6:
                            continue
                        cut = rng.randrange(3, len(base) - 2)
                        if joined:
                            ws = [base[:cut], base[cut:]]
                        else:
                            i = ws.index(base)
                            ws = ws[:i] + [base[:cut], base[cut:]] + ws[i + 1:]
                    words = ws
                else:
                    words = ["".join(ws)]  # glued: "marentolvik", "talvonexa"
                if any(len(w) < 3 or ordinary(w) for w in words):
                    continue
                if want_multi and len(words) < 2:
                    continue
                v = " ".join(words)
                lv = v.lower()
                if lv in taken or lv == c.lower() or lv in forbidden:
                    continue
                # a canonical must not sit word-bounded inside a variant either
                if ngrams(lv.split()) & canon_lower:
                    continue
                if rng.random() < 0.2:
                    v = " ".join(w.capitalize() for w in words)
                taken.add(lv)
                vs.append(v)
                break
            else:
                # give up on the wanted shape for this slot, try the other one
                multi_slots.discard(slot) if want_multi else multi_slots.add(slot)
                continue
            slot += 1
        terms.append((c, vs))

    all_variants = [(v, c) for c, vs in terms for v in vs]
    single = [(v, c) for v, c in all_variants if " " not in v]
    multi = [(v, c) for v, c in all_variants if " " in v]

    # ------------------------------------------------------------ dict.toml
    def q(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    with open(os.path.join(args.out, "dict.toml"), "w", encoding="utf-8") as f:
        f.write("# generated by bench/gen_corpus.py --seed %d --terms %d --variants %d\n"
                % (args.seed, args.terms, args.variants))
        f.write('language = "fr"\n')
        for c, vs in terms:
            f.write("\n[[term]]\ncanonical = %s\nvariants = [%s]\n"
                    % (q(c), ", ".join(q(v) for v in vs)))

    with open(os.path.join(args.out, "variants.txt"), "w", encoding="utf-8") as f:
        for v, _ in all_variants:
            f.write(v + "\n")

    # typos: keys are lowercase words; typos matches them case-insensitively
    with open(os.path.join(args.out, "typos.toml"), "w", encoding="utf-8") as f:
        f.write("# generated by bench/gen_corpus.py: single-word variants only\n")
        f.write("[default.extend-words]\n")
        for v, c in single:
            f.write("%s = %s\n" % (v.lower(), q(c)))

    with open(os.path.join(args.out, "codespell.txt"), "w", encoding="utf-8") as f:
        for v, c in single:
            f.write("%s->%s\n" % (v.lower(), c))

    # ------------------------------------------------------------ corpus.txt
    crng = random.Random(args.seed * 7919 + 1)
    fr = FRENCH + FILLERS_FR
    en = ENGLISH + FILLERS_EN
    # Zipf-like weights: earlier list entries (function words) are more frequent
    fr_w, en_w = [], []
    acc = 0.0
    for i in range(len(fr)):
        acc += 1.0 / (i + 8)
        fr_w.append(acc)
    acc = 0.0
    for i in range(len(en)):
        acc += 1.0 / (i + 8)
        en_w.append(acc)
    target = int(args.mb * 1_000_000)
    size = 0
    lines = injected = exact = multi_inj = 0
    rate = 1.0 / args.rate
    nvar = len(all_variants)
    buf = []
    truth = []  # line number (1-based), canonical, variant as in dict, as written
    with open(os.path.join(args.out, "corpus.txt"), "w", encoding="utf-8", newline="\n") as f:
        while size < target:
            n = crng.randint(5, 15)
            if crng.random() < 0.6:
                words = crng.choices(fr, cum_weights=fr_w, k=n)
            else:
                words = crng.choices(en, cum_weights=en_w, k=n)
            # light punctuation: commas inside, end mark, repetitions (ASR-ish)
            if crng.random() < 0.3:
                i = crng.randrange(n)
                words[i] += ","
            if crng.random() < 0.1:
                i = crng.randrange(n)
                words.insert(i, words[i].rstrip(","))
            if crng.random() < 0.2:
                words[0] = words[0][0].upper() + words[0][1:]
            if crng.random() < rate:
                v, _c = all_variants[crng.randrange(nvar)]
                r = crng.random()
                if r < 0.75:
                    w = v
                elif r < 0.85:
                    w = v.lower()
                elif r < 0.93:
                    w = v.upper()
                else:
                    w = v.title()
                injected += 1
                truth.append("%d\t%s\t%s\t%s\n" % (lines + 1, _c, v, w))
                exact += (w == v)
                multi_inj += (" " in v)
                words.insert(crng.randrange(len(words) + 1), w)
            line = " ".join(words)
            line += crng.choice([".", ".", ".", "?", "", "", "…", " ..."]) + "\n"
            buf.append(line)
            size += len(line.encode("utf-8"))
            lines += 1
            if len(buf) >= 20000:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))

    with open(os.path.join(args.out, "truth.tsv"), "w", encoding="utf-8") as f:
        f.write("".join(truth))

    stats = {
        "seed": args.seed,
        "terms": len(terms),
        "variants": len(all_variants),
        "single_word_variants": len(single),
        "multi_word_variants": len(multi),
        "corpus_bytes": size,
        "corpus_lines": lines,
        "lines_with_variant": injected,
        "lines_with_variant_in_dict_case": exact,
        "lines_with_multiword_variant": multi_inj,
    }
    with open(os.path.join(args.out, "stats.json"), "w") as f:
        json.dump(stats, f, indent=2)
        f.write("\n")
    print(json.dumps(stats), file=sys.stderr)


if __name__ == "__main__":
    main()
