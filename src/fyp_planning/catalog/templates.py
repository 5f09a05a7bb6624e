"""The chain-template library: generic reference templates any plan may name (``std:ID``).

Each template is a file ``data/templates/<ID>.toml`` in the plan-file form
(``[templates.<ID>]``), versioned, written from general industry knowledge and GB/T 4754-2017
(its ``source`` says what from), every segment with its stage, typical products, industry codes
and nature (招商 can attract it, or a resource, or infrastructure). A plan refers to one by id
(``template = "std:food_processing"``) or extends it (``extends = "std:food_processing"``).
"""

from __future__ import annotations

from ..io._schema import did_you_mean
from ..io._std_templates import library_ids, library_template
from ..model.entities import ChainTemplate

__all__ = ["standard_template", "standard_templates"]


def standard_templates() -> dict[str, ChainTemplate]:
    """Every template of the library, by id (sorted).

    A template's own ``id`` is how a plan names it, ``std:<id>``.

    Examples:
        >>> from fyp_planning import standard_templates
        >>> library = standard_templates()
        >>> library["food_processing"].id, library["food_processing"].version >= 1
        ('std:food_processing', True)
    """
    return {lib_id: library_template(lib_id) for lib_id in library_ids()}


def standard_template(template_id: str) -> ChainTemplate:
    """The library template ``template_id`` (``"food_processing"`` or ``"std:food_processing"``).

    Raises:
        KeyError: no such template; the message suggests the closest id.

    Examples:
        >>> from fyp_planning import standard_template
        >>> t = standard_template("std:food_processing")
        >>> t.provenance.value, t.source is not None
        ('model', True)
        >>> standard_template("food_procesing")
        Traceback (most recent call last):
        ...
        KeyError: "no template 'food_procesing' in the library (did you mean 'food_processing'?)"
    """
    lib_id = template_id.removeprefix("std:")
    try:
        return library_template(lib_id)
    except KeyError:
        hint = did_you_mean(lib_id, library_ids())
        raise KeyError(f"no template {lib_id!r} in the library{hint}") from None
