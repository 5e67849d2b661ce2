# Written for CodeNeurons; MIT licence.
"""Word, sentence and character statistics for short documents."""

import re
import string
import sys
from collections import Counter

WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*")
SENTENCE_END = re.compile(r"[.!?]+")
VOWELS = "aeiouy"

STOP_WORDS = frozenset(
    "a an and are as at be by for from has he in is it its of on that the to was were will with"
    .split()
)

MESSAGES = {
    "empty": "Nothing to analyse: the document is empty.",
    "ok": "Document analysed successfully.",
    "short": "The document is shorter than one sentence.",
    "long_word": "Found an unusually long word: %s",
    "shouting": "More than half of the letters are upper case.",
    "no_vowels": "A word without vowels was found: %s",
    "repeat": "The word '%s' appears %d times in a row.",
}

LEVELS = [
    (90, "very easy", "readable by an eleven-year-old"),
    (80, "easy", "conversational English"),
    (70, "fairly easy", "plain English for most readers"),
    (60, "standard", "understood by thirteen to fifteen year olds"),
    (50, "fairly difficult", "high-school level"),
    (30, "difficult", "college level"),
    (0, "very confusing", "best understood by graduates"),
]


def count_syllables(word):
    word = word.lower().strip("'-")
    if not word:
        return 0
    groups = 0
    previous = False
    for ch in word:
        is_vowel = ch in VOWELS
        if is_vowel and not previous:
            groups += 1
        previous = is_vowel
    if word.endswith("e") and groups > 1 and not word.endswith("le"):
        groups -= 1
    return max(groups, 1)


def flesch(words, sentences, syllables):
    if words == 0 or sentences == 0:
        return 0.0
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def level_for(score):
    for floor, name, note in LEVELS:
        if score >= floor:
            return name, note
    return "unreadable", "no audience"


def warnings_for(words, text):
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    if letters and upper * 2 > len(letters):
        yield MESSAGES["shouting"]
    run = 1
    for prev, cur in zip(words, words[1:]):
        if prev.lower() == cur.lower():
            run += 1
            continue
        if run > 1:
            yield MESSAGES["repeat"] % (prev, run)
        run = 1
    for word in words:
        if len(word) > 16:
            yield MESSAGES["long_word"] % word
        elif not any(v in word.lower() for v in VOWELS):
            yield MESSAGES["no_vowels"] % word


def analyse(text):
    words = WORD_RE.findall(text)
    if not words:
        return {"status": "empty", "message": MESSAGES["empty"]}
    sentences = len(SENTENCE_END.findall(text)) or 1
    syllables = sum(count_syllables(w) for w in words)
    score = flesch(len(words), sentences, syllables)
    name, note = level_for(score)
    content = Counter(w.lower() for w in words if w.lower() not in STOP_WORDS)
    punctuation = Counter(c for c in text if c in string.punctuation)
    return {
        "status": "ok",
        "message": MESSAGES["ok"],
        "words": len(words),
        "sentences": sentences,
        "syllables": syllables,
        "flesch": round(score, 1),
        "level": name,
        "audience": note,
        "top": content.most_common(6),
        "punctuation": dict(punctuation),
        "warnings": list(warnings_for(words, text)),
    }


def render(report, out=sys.stdout):
    if report["status"] != "ok":
        print("error: " + report["message"], file=out)
        return
    print("Words:       {}".format(report["words"]), file=out)
    print("Sentences:   {}".format(report["sentences"]), file=out)
    print("Syllables:   {}".format(report["syllables"]), file=out)
    level = (report["flesch"], report["level"], report["audience"])
    print("Reading ease %.1f (%s; %s)" % level, file=out)
    print("Most common: " + ", ".join("%s=%d" % pair for pair in report["top"]), file=out)
    pairs = sorted(report["punctuation"].items())
    print("Punctuation: " + " ".join("%s:%d" % (k, v) for k, v in pairs), file=out)
    for warning in report["warnings"]:
        print("warning: " + warning, file=out)


SAMPLES = [
    "The cat sat on the mat. It was a warm day, and the cat was happy.",
    "Please remember to close the window before you leave the office tonight!",
    "WHY IS EVERYONE SHOUTING? I CANNOT HEAR MYSELF THINK.",
    "Rhythm and crwth are words, and so is psst; spellcheckers disagree.",
    "Very very very good results were reported by the the committee.",
    "Notwithstanding the aforementioned considerations, the interdisciplinary "
    "subcommittee recommended an internationalisation of the procedures.",
    "",
    "Short one.",
]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    texts = SAMPLES
    if argv:
        texts = []
        for path in argv:
            try:
                with open(path, encoding="utf-8") as fh:
                    texts.append(fh.read())
            except OSError as err:
                print("cannot read {}: {}".format(path, err), file=sys.stderr)
    for index, text in enumerate(texts, start=1):
        print("--- sample {} ---".format(index))
        render(analyse(text))
    banner = "-" * 40
    print(banner)
    print("done; {} samples, {} stop words known".format(len(texts), len(STOP_WORDS)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
