"""新旧対照表: the passages that changed between two editions of the policy, before and after, the changed words marked.

:func:`compare` works on two :class:`~..snapshot.PolicySnapshot` objects and knows nothing of
files; the PDF is laid out by :mod:`..printing.comparison` and the workbook written by
:mod:`.workbook` (which imports openpyxl, so it is not imported here).
"""

from .engine import GLOSSARY_SECTION, POLICY_SECTION, compare
from .file_name import comparison_file_name
from .marks import Span, changed_spans
from .model import ADDED_TEXT, REMOVED_TEXT, Comparison, ComparisonItem, ItemKind
from .organisation import ORGANISATION_SECTION

__all__ = [
    "ADDED_TEXT",
    "GLOSSARY_SECTION",
    "ORGANISATION_SECTION",
    "POLICY_SECTION",
    "REMOVED_TEXT",
    "Comparison",
    "ComparisonItem",
    "ItemKind",
    "Span",
    "changed_spans",
    "compare",
    "comparison_file_name",
]
