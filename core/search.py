"""Normalised text for keyword search, shared by projects and enterprises.

Chinese keywords are mostly one or two characters (芯, 科技, 新能), which PostgreSQL's trigram index
cannot serve and its text-search parser does not split. So every searchable row also keeps the set
of its one- and two-character tokens (``search_tokens``, space-separated, with a GIN index on
``string_to_array(search_tokens, ' ')`` on PostgreSQL). A query is split into words (at spaces and
punctuation, see keyword_words) and a row must contain every word, in any order and in any of its
Chinese or English fields. Each word is looked up by its own tokens (its bigrams, or the character
itself), all words' tokens in one index lookup that narrows the rows; a literal ``LIKE`` per word
on ``search_text`` then makes the match exact (the bigrams of 新能源 also occur in 新能 … 能源
without 新能源).
"""

import unicodedata

from django.db import models


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), lower case, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").lower().split())


def build_search_text(*parts: str) -> str:
    return normalise(" ".join(p for p in parts if p))


def search_tokens(search_text: str) -> str:
    """Every character and every pair of adjacent characters of each word, space-separated, without repeats.

    Stored as text rather than ``text[]``: it costs a third of the write time of an array literal, and
    PostgreSQL indexes ``string_to_array(search_tokens, ' ')`` just as well.
    """
    tokens = set()
    for word in search_text.split():
        tokens.update(word)
        tokens.update(word[i : i + 2] for i in range(len(word) - 1))
    return " ".join(sorted(tokens))


def keyword_tokens(word: str) -> list[str]:
    """The tokens a row must hold to contain `word` (one normalised word, no spaces)."""
    if len(word) == 1:
        return [word]
    return sorted({word[i : i + 2] for i in range(len(word) - 1)})


# Punctuation that separates words in a query like a space ("新能源、电池", "battery, new energy"),
# and quotes or brackets that only enclose a word ("“动力电池”", "(battery)"). Any other character,
# % _ and the backslash included, is part of the word and matched literally.
SEPARATORS = frozenset(",.;:!?、。/|·")
ENCLOSING = "\"'“”‘’()[]{}<>《》「」『』【】〈〉"


def keyword_words(text: str) -> list[str]:
    """The words of a query, each to be found somewhere in a row's search text (in any order).

    A separator between two ASCII letters or digits stays, so a code (`qk-2021-001`), `3.5` or
    `a/b` is looked up as written; a query of punctuation only is looked up as written too.
    """
    words = []
    for chunk in normalise(text).split():
        split = "".join(" " if char in SEPARATORS and not _joins(chunk, i) else char for i, char in enumerate(chunk))
        found = [word.strip(ENCLOSING) for word in split.split()]
        for word in [w for w in found if w] or [chunk]:
            if word not in words:
                words.append(word)
    return words


def _joins(chunk: str, index: int) -> bool:
    """Whether the character at `index` sits between two ASCII letters or digits."""
    before, after = chunk[index - 1 : index], chunk[index + 1 : index + 2]
    return bool(before and after and before.isascii() and after.isascii() and before.isalnum() and after.isalnum())


class SearchTokensField(models.TextField):
    """The tokens of search_text; on PostgreSQL a migration indexes ``string_to_array(…, ' ')`` with GIN."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", "")
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


# The indexed expression; a query must spell it exactly so for the planner to use the index.
# COLLATE "C": the index compares bytes, not locale order (a fifth faster to build, same answers).
TOKENS_SQL = """(string_to_array({column}, ' ')::text[] COLLATE "C")"""


@SearchTokensField.register_lookup
class HasTokens(models.Lookup):
    """``search_tokens__has_tokens=[...]``: the row holds all the given tokens (GIN-served ``@>``)."""

    lookup_name = "has_tokens"
    prepare_rhs = False  # a list of tokens, not a value of the (text) field

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [list(value)])

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{TOKENS_SQL.format(column=lhs)} @> {rhs}::text[]", (*lhs_params, *rhs_params)

    def as_sql(self, compiler, connection):
        raise NotImplementedError("has_tokens is served by PostgreSQL only; search with search_text elsewhere.")


def search_queryset(queryset, text: str):
    """Rows whose search text contains every word of `text`; index-served on PostgreSQL."""
    words = keyword_words(text)
    if not words:
        return queryset
    if _is_postgresql(queryset):
        tokens = sorted({token for word in words for token in keyword_tokens(word)})
        queryset = queryset.filter(search_tokens__has_tokens=tokens)
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def _is_postgresql(queryset) -> bool:
    from django.db import connections

    return connections[queryset.db].vendor == "postgresql"
