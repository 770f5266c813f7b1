"""Who may apply: the unified social credit code (GB 32100-2015) and legal-person status.

The alphabet, the weights and the marks of a body that is not an independent
legal person come from the call's data (``call.toml [eligibility]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CODE_LENGTH = 18


@dataclass(frozen=True)
class CreditCodeRules:
    alphabet: str
    weights: tuple[int, ...]
    not_legal_prefixes: tuple[str, ...]
    not_legal_suffixes: tuple[str, ...]

    @classmethod
    def from_call(cls, eligibility: dict[str, Any]) -> "CreditCodeRules":
        return cls(
            alphabet=str(eligibility.get("credit_code_alphabet", "0123456789ABCDEFGHJKLMNPQRTUWXY")),
            weights=tuple(eligibility.get("credit_code_weights", (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28))),
            not_legal_prefixes=tuple(eligibility.get("not_legal_person_code_prefixes", ("92",))),
            not_legal_suffixes=tuple(eligibility.get("not_legal_person_name_suffixes", ("分公司",))),
        )


def normalise_code(code: str) -> str:
    """Upper case, no spaces, full-width letters and digits made half-width."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", code).split()).upper()


def credit_code_fault(code: str, rules: CreditCodeRules) -> str | None:
    """Why a credit code is invalid ('length', 'character', 'check_digit'), or None."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return "length"
    if any(ch not in rules.alphabet for ch in code[:-1]):
        return "character"
    return None if check_digit(code[:-1], rules) == code[-1] else "check_digit"


def check_digit(code17: str, rules: CreditCodeRules) -> str:
    """The 18th character for a 17-character stem (for generating test data)."""
    modulus = len(rules.alphabet)
    total = sum(rules.alphabet.index(ch) * w for ch, w in zip(code17, rules.weights))
    return rules.alphabet[(modulus - total % modulus) % modulus]


def not_legal_person(code: str, applicant: str, rules: CreditCodeRules) -> str | None:
    """Why the applicant is not an independent legal person ('individual_business', 'branch'), or None."""
    if any(normalise_code(code).startswith(p) for p in rules.not_legal_prefixes):
        return "individual_business"
    name = applicant.strip()
    if any(name.endswith(s) for s in rules.not_legal_suffixes):
        return "branch"
    return None
