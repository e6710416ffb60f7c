"""ISO 20022 customer credit transfer initiation (pain.001.001.09): the payment file for a bank.

Version .09 (the 2019 message set) rather than .03 (2009): the Nordic banks' and the Common Global
Implementation (CGI-MP) guides are written for .09, the EPC rulebooks moved to it in November 2025,
and banks are phasing .03 out; new integrations should not start on the version being retired.
The differences that show in the file: the requested execution date is a choice
(<ReqdExctnDt><Dt>), and a bank's BIC is <BICFI>.

One group header, one payment information block (one debtor account, one execution date) and one
credit transfer per payment. Amounts are SEK with two decimals. The file holds the creditors' names
and accounts, so it is personal data: store and hand it out only behind the access rules.

Pure: builds and checks bytes, knows nothing of Django or the database. The XML Schema itself is
not shipped (no network to fetch it); `check` verifies well-formedness, the structure this module
relies on and the control sums (NbOfTxs, CtrlSum) at both levels.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET  # noqa: S405 - builds and reads our own files only
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
CURRENCY = "SEK"
CENT = Decimal("0.01")
# Social security benefit (ISO External Category Purpose code list).
CATEGORY_PURPOSE = "SSBE"
MAX_ID = 35  # Max35Text: MsgId, PmtInfId, EndToEndId
MAX_NAME = 70  # CGI-MP's recommended length for names
MAX_REMITTANCE = 140


class Pain001Error(ValueError):
    """The input cannot make a valid file, or a file does not add up."""


@dataclass(frozen=True)
class Debtor:
    name: str
    iban: str
    bic: str = ""
    org_number: str = ""


@dataclass(frozen=True)
class CreditTransfer:
    end_to_end_id: str
    amount: Decimal
    creditor_name: str
    creditor_iban: str
    remittance: str = ""


@dataclass(frozen=True)
class Summary:
    message_id: str
    number_of_transactions: int
    control_sum: Decimal
    execution_date: dt.date
    end_to_end_ids: tuple[str, ...]


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    # Unqualified names under a root that declares the default namespace: ElementTree's
    # default_namespace option refuses unqualified attributes such as Ccy.
    element = ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = text
    return element


def _money(amount: Decimal) -> str:
    return str(amount.quantize(CENT))


def _check_id(value: str, what: str) -> None:
    if not value or len(value) > MAX_ID:
        raise Pain001Error(f"{what} must be 1-{MAX_ID} characters: {value!r}")


def _organisation(parent: ET.Element, org_number: str) -> None:
    if org_number:
        other = _sub(_sub(_sub(parent, "Id"), "OrgId"), "Othr")
        _sub(other, "Id", org_number)
        _sub(_sub(other, "SchmeNm"), "Cd", "BANK")


def build(
    *,
    message_id: str,
    created_at: dt.datetime,
    execution_date: dt.date,
    debtor: Debtor,
    transfers: Sequence[CreditTransfer],
) -> bytes:
    """The pain.001.001.09 document as UTF-8 bytes; the same input gives the same bytes."""
    _check_id(message_id, "MsgId")
    if not transfers:
        raise Pain001Error("A payment file needs at least one credit transfer.")
    if not (debtor.name and debtor.iban):
        raise Pain001Error("The debtor needs a name and an IBAN.")
    if created_at.tzinfo is None:
        raise Pain001Error("created_at must be timezone-aware.")
    seen: set[str] = set()
    for transfer in transfers:
        _check_id(transfer.end_to_end_id, "EndToEndId")
        if transfer.end_to_end_id in seen:
            raise Pain001Error(f"EndToEndId {transfer.end_to_end_id!r} appears twice.")
        seen.add(transfer.end_to_end_id)
        if transfer.amount <= 0 or transfer.amount != transfer.amount.quantize(CENT):
            raise Pain001Error(f"Amount of {transfer.end_to_end_id!r} must be > 0 with 2 decimals.")
        if not transfer.creditor_iban:
            raise Pain001Error(f"Credit transfer {transfer.end_to_end_id!r} has no account.")
    count = str(len(transfers))
    total = _money(sum((t.amount for t in transfers), Decimal("0")))

    document = ET.Element("Document", {"xmlns": NAMESPACE})
    initiation = _sub(document, "CstmrCdtTrfInitn")

    header = _sub(initiation, "GrpHdr")
    _sub(header, "MsgId", message_id)
    _sub(header, "CreDtTm", created_at.replace(microsecond=0).isoformat())
    _sub(header, "NbOfTxs", count)
    _sub(header, "CtrlSum", total)
    initiating = _sub(header, "InitgPty")
    _sub(initiating, "Nm", debtor.name[:MAX_NAME])
    _organisation(initiating, debtor.org_number)

    block = _sub(initiation, "PmtInf")
    _sub(block, "PmtInfId", message_id)
    _sub(block, "PmtMtd", "TRF")
    _sub(block, "NbOfTxs", count)
    _sub(block, "CtrlSum", total)
    _sub(_sub(_sub(block, "PmtTpInf"), "CtgyPurp"), "Cd", CATEGORY_PURPOSE)
    _sub(_sub(block, "ReqdExctnDt"), "Dt", execution_date.isoformat())
    debtor_element = _sub(block, "Dbtr")
    _sub(debtor_element, "Nm", debtor.name[:MAX_NAME])
    _organisation(debtor_element, debtor.org_number)
    account = _sub(block, "DbtrAcct")
    _sub(_sub(account, "Id"), "IBAN", debtor.iban)
    _sub(account, "Ccy", CURRENCY)
    agent = _sub(_sub(block, "DbtrAgt"), "FinInstnId")
    if debtor.bic:
        _sub(agent, "BICFI", debtor.bic)
    else:
        _sub(_sub(agent, "Othr"), "Id", "NOTPROVIDED")

    for transfer in transfers:
        line = _sub(block, "CdtTrfTxInf")
        _sub(_sub(line, "PmtId"), "EndToEndId", transfer.end_to_end_id)
        _sub(_sub(line, "Amt"), "InstdAmt", _money(transfer.amount), Ccy=CURRENCY)
        _sub(_sub(line, "Cdtr"), "Nm", transfer.creditor_name[:MAX_NAME])
        _sub(_sub(_sub(line, "CdtrAcct"), "Id"), "IBAN", transfer.creditor_iban)
        if transfer.remittance:
            _sub(_sub(line, "RmtInf"), "Ustrd", transfer.remittance[:MAX_REMITTANCE])

    ET.indent(document)
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    return declaration + ET.tostring(document, encoding="utf-8", xml_declaration=False)


def _text(parent: ET.Element, path: str) -> str:
    element = parent.find(path, {"p": NAMESPACE})
    if element is None or element.text is None:
        raise Pain001Error(f"Missing {path}.")
    return element.text


def check(data: bytes) -> Summary:
    """Parse a file and verify that its counts and control sums agree with its transactions.

    Raises Pain001Error (or ET.ParseError for a file that is not well-formed XML)."""
    root = ET.fromstring(data)  # noqa: S314 - our own generated file, no external entities
    if root.tag != _q("Document"):
        raise Pain001Error(f"Not a pain.001.001.09 document: {root.tag}")
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", {"p": NAMESPACE})
    blocks = root.findall("p:CstmrCdtTrfInitn/p:PmtInf", {"p": NAMESPACE})
    if header is None or not blocks:
        raise Pain001Error("Missing group header or payment information.")
    all_ids: list[str] = []
    all_amounts: list[Decimal] = []
    dates = set()
    for block in blocks:
        lines = block.findall("p:CdtTrfTxInf", {"p": NAMESPACE})
        amounts = [Decimal(_text(line, "p:Amt/p:InstdAmt")) for line in lines]
        for line in lines:
            instructed = line.find("p:Amt/p:InstdAmt", {"p": NAMESPACE})
            currency = instructed.get("Ccy") if instructed is not None else None
            if currency != CURRENCY:
                raise Pain001Error(f"Unexpected currency {currency!r}.")
        if int(_text(block, "p:NbOfTxs")) != len(lines):
            raise Pain001Error("PmtInf/NbOfTxs does not match the number of transactions.")
        if Decimal(_text(block, "p:CtrlSum")) != sum(amounts, Decimal("0")):
            raise Pain001Error("PmtInf/CtrlSum does not match the sum of the amounts.")
        all_ids += [_text(line, "p:PmtId/p:EndToEndId") for line in lines]
        all_amounts += amounts
        dates.add(dt.date.fromisoformat(_text(block, "p:ReqdExctnDt/p:Dt")))
    count = int(_text(header, "p:NbOfTxs"))
    total = Decimal(_text(header, "p:CtrlSum"))
    if count != len(all_ids):
        raise Pain001Error("GrpHdr/NbOfTxs does not match the number of transactions.")
    if total != sum(all_amounts, Decimal("0")):
        raise Pain001Error("GrpHdr/CtrlSum does not match the sum of the amounts.")
    if len(set(all_ids)) != len(all_ids):
        raise Pain001Error("An EndToEndId appears twice.")
    if len(dates) != 1:
        raise Pain001Error("Expected one execution date.")
    return Summary(
        message_id=_text(header, "p:MsgId"),
        number_of_transactions=count,
        control_sum=total,
        execution_date=dates.pop(),
        end_to_end_ids=tuple(all_ids),
    )
