"""Pure text helpers shared by search on both databases (no Django import)."""

from __future__ import annotations


def name_grams(text: str) -> list[str]:
    """Every single character and every two-character run of ``text``, deduplicated.

    Chinese names are searched by short substrings (1-2 characters is common). Trigram
    indexes cannot answer those; an index of unigrams and bigrams can. A query's grams
    must all be present in a name that contains the query.
    """
    text = "".join(text.split())
    seen: dict[str, None] = {}
    for i, ch in enumerate(text):
        seen.setdefault(ch, None)
        if i + 1 < len(text):
            seen.setdefault(text[i : i + 2], None)
    return list(seen)


def query_grams(query: str) -> list[str]:
    """The fewest grams a matching name must contain: the bigrams, or the one character."""
    query = "".join(query.split())
    if len(query) <= 1:
        return [query] if query else []
    return list(dict.fromkeys(query[i : i + 2] for i in range(len(query) - 1)))
