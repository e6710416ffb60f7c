"""Errors the norm engine raises for input it cannot calculate.

Caseworkers and clients read these, so every error carries a Swedish message beside the
English one, and the path of the field at fault (``members[2].birth_date``) so a form can
point at it.
"""

from __future__ import annotations


class HouseholdError(ValueError):
    """The household-month cannot be calculated; nothing is returned.

    ``path`` names the field (``month``, ``members[2].birth_date``, ``incomes[0].member``),
    ``message`` is English (logs, tests), ``message_sv`` is Swedish (people).
    """

    def __init__(self, path: str, message: str, message_sv: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.message_sv = message_sv

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message, "message_sv": self.message_sv}

    def prefixed(self, prefix: str) -> HouseholdError:
        """The same error inside a larger document (``households[3].`` + path)."""
        return HouseholdError(f"{prefix}{self.path}", self.message, self.message_sv)


class MissingParametersError(HouseholdError):
    """No parameters are in force for the month: a gap, usually a year not yet published.

    A HouseholdError (the month cannot be calculated), but one a caller can tell apart from
    bad input: the household is fine, the amounts are missing. An application for such a
    month can wait for the amounts, and an estimate can use the latest published year.
    ``parameter`` is the name that was missing (``riksnorm/adults``), ``month`` the month
    looked up (``2027-01``) and ``year`` its year.
    """

    def __init__(self, path: str, parameter: str, month: str) -> None:
        super().__init__(
            path,
            f"no norm parameters for {month} ({parameter})",
            f"det finns inga normbelopp för {month} ({parameter}); månaden kan inte beräknas",
        )
        self.parameter = parameter
        self.month = month
        self.year = int(month[:4])

    def prefixed(self, prefix: str) -> MissingParametersError:
        return MissingParametersError(f"{prefix}{self.path}", self.parameter, self.month)


class ParameterError(RuntimeError):
    """A parameter file is malformed. A programming or packaging error, not bad input."""


class UnknownAmountError(MissingParametersError):
    """The year's table has an amount for this case, but EKB does not know it.

    The riksnorm has a lower "utan lunch" amount for children 0–6 years (12 kap. 2 § SoF
    (2025:468); before 2025-07-01 2 kap. 1 § SoF (2001:937)). Where that amount was not
    confirmed for a year (``without_lunch: unknown`` in ``riksnorm/children.yaml``), a child
    who does not eat lunch at home cannot be calculated: the full amount would overpay. A
    MissingParametersError, so the case flow waits for the amount as it waits for a year
    (``norm_not_published``) and the calculation is made when the amount is loaded.
    ``band`` is the Swedish label of the age band (``1–2 år``).
    """

    def __init__(self, path: str, parameter: str, month: str, band: str) -> None:
        super().__init__(path, parameter, month)
        self.band = band
        self.message = (
            f"the amount for children {band} without lunch at home is not known for "
            f"{self.year} ({parameter}); the month cannot be calculated"
        )
        self.message_sv = (
            f"beloppet för barn {band} utan lunch hemma är inte känt för {self.year} "
            f"({parameter}); månaden kan inte beräknas"
        )
        self.args = (f"{path}: {self.message}",)

    def prefixed(self, prefix: str) -> UnknownAmountError:
        return UnknownAmountError(f"{prefix}{self.path}", self.parameter, self.month, self.band)
