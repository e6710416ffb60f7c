"""The closed vocabularies of the household-month contract (v1) and their Swedish labels.

The order of each tuple is part of the columnar format: a type's code in a NumPy column is
its index here. Append new names at the end; never reorder or remove one.
"""

from __future__ import annotations

# other_adult: someone who lives in the home but is not in the applicant's norm (a lodger, an
# adult child not in school, 7 kap. 1 § FB): counts in the household size for the common
# household costs (12 kap. 3 § SoF 2025:468), no personal costs, income not counted.
ROLES: tuple[str, ...] = ("applicant", "co_applicant", "child", "other_adult")
OTHER_ADULT = "other_adult"

COST_TYPES: tuple[str, ...] = (
    "rent",
    "electricity",
    "home_insurance",
    "work_travel",
    "union_fee",
    "unemployment_fund_fee",
    "childcare_fee",
    "medical_care",
    "medicine",
    "dental_care",
    "glasses",
)

INCOME_TYPES: tuple[str, ...] = (
    "salary",
    "unemployment_benefit",
    "activity_support",
    "sickness_benefit",
    "parental_benefit",
    "housing_allowance",
    "maintenance_support",
    "child_allowance",
    "pension",
    "student_grant",
    "other",
    "child_salary",
    # Issue 9: income types the clients actually have. Each counts in full; the reading and
    # source per type are in parameters/income/income_types.yaml.
    "establishment_benefit",
    "development_benefit",
    "student_loan",
    "large_family_supplement",
    # What a lodger or another adult in the home pays towards the housing cost: the
    # household's income whoever it is recorded on (rules/incomes.py, income_types.yaml).
    "rent_contribution",
)

# Income from employment: the base of jobbstimulans. A child's earnings are child_salary
# (4 kap. 1 a § SoL 2001:453), to which jobbstimulans does not apply.
EMPLOYMENT_INCOME = "salary"
CHILD_EARNINGS = "child_salary"
RENT_CONTRIBUTION = "rent_contribution"

COST_LABELS_SV: dict[str, str] = {
    "rent": "Boendekostnad (hyra)",
    "electricity": "Hushållsel",
    "home_insurance": "Hemförsäkring",
    "work_travel": "Arbetsresor",
    "union_fee": "Fackföreningsavgift",
    "unemployment_fund_fee": "A-kasseavgift",
    "childcare_fee": "Barnomsorgsavgift",
    "medical_care": "Läkarvård",
    "medicine": "Medicin",
    "dental_care": "Tandvård",
    "glasses": "Glasögon",
}

# Which dated legal reference (parameters/legal_references.yaml) a cost type is granted under.
COST_REFERENCE_KEY: dict[str, str] = {
    "rent": "reasonable_costs",
    "electricity": "reasonable_costs",
    "home_insurance": "reasonable_costs",
    "work_travel": "reasonable_costs",
    "union_fee": "reasonable_costs",
    "unemployment_fund_fee": "reasonable_costs",
    "childcare_fee": "other_living_costs",
    "medical_care": "other_living_costs",
    "medicine": "other_living_costs",
    "dental_care": "other_living_costs",
    "glasses": "other_living_costs",
}

INCOME_LABELS_SV: dict[str, str] = {
    "salary": "Lön",
    "unemployment_benefit": "Arbetslöshetsersättning",
    "activity_support": "Aktivitetsstöd",
    "sickness_benefit": "Sjukpenning",
    "parental_benefit": "Föräldrapenning",
    "housing_allowance": "Bostadsbidrag",
    "maintenance_support": "Underhållsstöd",
    "child_allowance": "Barnbidrag",
    "pension": "Pension",
    "student_grant": "Studiebidrag (studiemedel)",
    "other": "Övrig inkomst",
    "child_salary": "Barns arbetsinkomst",
    "establishment_benefit": "Etableringsersättning",
    "development_benefit": "Utvecklingsersättning",
    "student_loan": "Studielån",
    "large_family_supplement": "Flerbarnstillägg",
    "rent_contribution": "Hyresdel från annan vuxen i hemmet",
}

ROLE_LABELS_SV: dict[str, str] = {
    "applicant": "sökande",
    "co_applicant": "medsökande",
    "child": "barn",
    "other_adult": "annan vuxen i hemmet",
}
