"""Find indicators across all themes by words in their Swedish or English titles and Kolada's descriptions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

# Words people use for what Kolada names otherwise. Keys and alternatives are normalised (see normalise); an
# alternative of several words matches where each of its words does. The query word itself always counts too.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "vab": ("tillfallig foraldrapenning", "tillfalliga foraldrapenning", "care of sick child"),
    "parental leave": ("foraldrapenning", "parental benefit"),
    "foraldraledighet": ("foraldrapenning", "parental benefit"),
    "foraldraledig": ("foraldrapenning", "parental benefit"),
    "sjukskrivning": ("sjukpenning", "sjukfranvaro", "ohalsotal"),
    "sjukskriven": ("sjukpenning", "sjukfranvaro", "ohalsotal"),
    "sick leave": ("sjukpenning", "sjukfranvaro", "sickness"),
    "lon": ("forvarvsinkomst", "nettoinkomst", "bruttoinkomst"),
    "salary": ("earned income", "net income", "gross income"),
    "wage": ("earned income", "net income", "gross income"),
    "politiker": ("fortroendevald", "kommunfullmaktige", "ordforande"),
    "politicians": ("elected representatives", "councillors", "municipal council", "chair"),
    "fullmaktige": ("kommunfullmaktige",),
    "council": ("kommunfullmaktige", "municipal council"),
    "kvinnor": ("kvinna", "kvinnofrid"),
    "vald": ("misshandel", "kvinnofrid", "violence"),
    "partnervald": ("misshandel", "parrelation", "kvinnofrid"),
    "domestic violence": ("assault", "partner", "kvinnofrid"),
    "arbetslos": ("arbetsloshet",),
    "jobless": ("unemployment",),
    "skola": ("elever", "skolor", "gymnasieskola"),
    "school": ("pupils", "schools", "school"),
    "betyg": ("betyg", "meritvarde"),
    "grades": ("grade", "merit rating"),
    "deltid": ("deltid", "part-time"),
    "heltid": ("heltid", "full-time"),
    "trygghet": ("trygg", "oro", "safe", "worry"),
    "aldreomsorg": ("hemtjanst", "sarskilt boende", "aldreomsorg"),
    "elderly care": ("home help", "special housing"),
    "livslangd": ("medellivslangd",),
    "life expectancy": ("life expectancy", "medellivslangd"),
}

# Little words that say nothing about an indicator ("våld mot kvinnor", "share of women").
STOP_WORDS = frozenset(["och", "i", "av", "mot", "for", "som", "med", "till", "pa", "om", "en", "ett", "de", "den", "det", "the", "of", "and", "in", "to", "by", "a", "an", "on", "with"])

# How much a hit counts, by where it is: the title in the UI's language, the other title, Kolada's description.
FIELD_WEIGHTS = {"title": 10.0, "other_title": 6.0, "description": 2.0}
# A whole word counts fully, the start of a word a little less, a hit inside a word (Swedish compounds:
# "sjukpenning" in "sjukpenningtalet", "penning" in "föräldrapenning") less again.
WORD_START = 0.85
INSIDE_WORD = 0.6
# A word typed with diacritics that the text has only without them ("våld" in "valdeltagande") counts less,
# and only at a word's start ("våld" is not in "förtroendevalda").
OTHER_DIACRITICS = 0.8
# Words this short only match at a word's start ("vab", "lon"): inside words they match almost anything.
SHORT_WORD = 3


@dataclass(frozen=True)
class Hit:
    indicator_id: str
    theme: str
    score: float


def normalise(text: str, keep_diacritics: bool = False) -> str:
    """Lower case without diacritics (å→a, ä→a, ö→o, é→e) and with runs of non-letters as one space."""
    lower = unicodedata.normalize("NFC", str(text).lower())
    if keep_diacritics:
        return " ".join(re.findall(r"[^\W_]+(?:-[^\W_]+)*", lower))
    plain = "".join(char for char in unicodedata.normalize("NFKD", lower) if not unicodedata.combining(char))
    return " ".join(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", plain))


def _terms(query: str) -> list[tuple[str, tuple[str, ...]]]:
    """The query as terms: each the words as typed (with diacritics) and its alternatives without diacritics
    (the words themselves, then synonyms). Two-word synonyms ("parental leave") are taken before single words."""
    typed = normalise(query, keep_diacritics=True).split()
    words = [normalise(word) for word in typed]
    terms, position = [], 0
    while position < len(words):
        size = 2 if position + 1 < len(words) and " ".join(words[position:position + 2]) in SYNONYMS else 1
        key = " ".join(words[position:position + size])
        if key and key not in STOP_WORDS:
            terms.append((" ".join(typed[position:position + size]), (key, *SYNONYMS.get(key, ()))))
        position += size
    return terms


def _word_score(word: str, text: str, inside: bool = True) -> tuple[float, int]:
    """How well one word matches a normalised text, and where (earlier is better); (0, len) when it does not."""
    best, where = 0.0, len(text)
    start = text.find(word)
    while start >= 0:
        if start == 0 or text[start - 1] == " ":
            end = start + len(word)
            score = 1.0 if end == len(text) or text[end] == " " else WORD_START
        else:
            score = INSIDE_WORD if inside and len(word) > SHORT_WORD else 0.0
        if score > best:
            best, where = score, start
        start = text.find(word, start + 1)
    return best, where


def _alternative_score(alternative: str, fields: dict[str, str], inside: bool = True) -> tuple[float, int]:
    """The best field's weighted score for an alternative (every one of its words must match in that field)."""
    best, where = 0.0, 10**6
    for field, text in fields.items():
        scores = [_word_score(word, text, inside) for word in alternative.split()]
        if all(score for score, _ in scores):
            value = FIELD_WEIGHTS[field] * min(score for score, _ in scores)
            position = min(position for _, position in scores) if field == "title" else 10**5
            if (value, -position) > (best, -where):
                best, where = value, position
    return best, where


def search(indicators: pd.DataFrame, query: str, language: str = "sv", limit: int = 10) -> list[Hit]:
    """Indicators whose texts contain terms of the query (or synonyms of them), best first.

    Best: those with the most of the query's terms; then hits in the title in the UI's language, then the other title, then Kolada's description; at a word's
    start before inside one; a term written as typed before a synonym; earlier in the title, then shorter."""
    terms = _terms(query)
    if not terms:
        return []
    own_title, other_title = ("title_en", "title_sv") if language == "en" else ("title_sv", "title_en")
    ranked = []
    for row in indicators.itertuples(index=False):
        texts = {"title": getattr(row, own_title), "other_title": getattr(row, other_title),
                 "description": getattr(row, "description_sv", "") or ""}
        fields = {field: normalise(text) for field, text in texts.items()}
        matched, total, first = 0, 0.0, 10**6
        for typed, alternatives in terms:
            options = []
            for number, alternative in enumerate(alternatives):
                if number:  # a synonym counts a little less than the words as typed
                    score, where = _alternative_score(alternative, fields)
                    options.append((score * 0.9, where))
                elif typed == alternative:
                    options.append(_alternative_score(alternative, fields))
                else:  # typed with diacritics: as typed, or without them at a word's start
                    accented = {field: normalise(text, keep_diacritics=True) for field, text in texts.items()}
                    options.append(_alternative_score(typed, accented))
                    score, where = _alternative_score(alternative, fields, inside=False)
                    options.append((score * OTHER_DIACRITICS, where))
            score, where = max(options, key=lambda option: (option[0], -option[1]))
            if score:
                matched, total, first = matched + 1, total + score, min(first, where)
        if matched:
            ranked.append((-matched, -total, first, len(fields["title"]), row.indicator_id, row.theme))
    ranked.sort()
    return [Hit(indicator_id, theme, -negative) for _, negative, _, _, indicator_id, theme in ranked[:limit]]
