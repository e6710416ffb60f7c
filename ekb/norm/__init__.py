"""The norm engine: försörjningsstöd as rules as code. Pure Python; imports nothing else from EKB.

    from ekb.norm import calculate, calculate_many, HouseholdError

``calculate(household, *, guidelines=None, parameters_on=None) -> Calculation`` explains one household-month
(contract v1, ``schemas/household-month.v1.json``) row by row with Decimal totals;
``calculate_many(households) -> Totals`` calculates many at once (a list of dicts or the
columnar format in ``ekb.norm.batch``) with NumPy, in integer öre.
"""

from ekb.norm.batch import Batch, Totals
from ekb.norm.engine import Engine, calculate, calculate_many
from ekb.norm.errors import HouseholdError, MissingParametersError
from ekb.norm.result import Calculation, GuidelineWarning, Row
from ekb.norm.rules.guidelines import load_guidelines

__all__ = [
    "Batch",
    "Calculation",
    "Engine",
    "GuidelineWarning",
    "HouseholdError",
    "MissingParametersError",
    "Row",
    "Totals",
    "calculate",
    "calculate_many",
    "load_guidelines",
]
