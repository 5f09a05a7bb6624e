"""The two fields every item a draft can hold carries (private): ``quote`` and ``provenance``.

Defined once here and used by each item class (indicator, observation, target, statement,
enterprise, park, project, chain), so that an item ``fyp extract`` wrote can be told from one a
person checked: ``provenance = "extracted"`` (自动抽取，待核) until a person sets ``"document"``.
Both default so that a plan file without them reads and writes exactly as before (defaults are
left out of written files).
"""

from __future__ import annotations

from typing import Any

import attrs

from . import _validators as v
from .enums import Provenance

__all__ = ["provenance_field", "quote_field"]


def quote_field() -> Any:
    """The sentence of the document an item was read from (``None``: not recorded)."""
    return attrs.field(default=None, validator=v.opt_str)


def provenance_field() -> Any:
    """Where the item comes from: ``document`` (default), ``model`` or ``extracted``."""
    return attrs.field(
        default=Provenance.DOCUMENT, validator=attrs.validators.instance_of(Provenance)
    )
