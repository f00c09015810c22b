"""The lender registry (data/lenders.yaml) as the platforms know it: 黑猫 couid/sids, 聚投诉
merchant id, the lender's type and the source of that type.

The tagger reads the same file for names and aliases (pipeline/lexicon.py); this module
reads the platform keys, which the crawler needs (which feed items concern a lender,
which companies' totals to snapshot) and the facts/rules work needs (`type`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline import settings
from pipeline.errors import ComplaintsError

# Through settings, like the lexicon: an installed (non-editable) package has no top-level data/.
LENDERS_FILE = settings.data_file("lenders.yaml")
# bank (商业银行), consumer_finance (持牌消费金融公司), small_loan (小额贷款公司, incl. online
# small-loan licences), internet_platform (助贷/导流 platforms lending through partners).
TYPES = ("bank", "consumer_finance", "small_loan", "internet_platform")


class RegistryError(ComplaintsError):
    """lenders.yaml has a platform key or type this module cannot use."""


@dataclass
class RegistryLender:
    name: str
    aliases: list[str]
    type: str = ""
    type_source: str = ""
    heimao_couid: str = ""
    heimao_sids: list[str] = field(default_factory=list)
    jutousu_merchant: str = ""


def load_registry(path: str | Path | None = None) -> list[RegistryLender]:
    path = Path(path) if path else LENDERS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise RegistryError(f"cannot read {path}: {e}") from e
    out = []
    for item in data.get("lenders") or []:
        if not isinstance(item, dict) or "name" not in item:
            continue
        heimao = item.get("heimao") or {}
        jutousu = item.get("jutousu") or {}
        kind = str(item.get("type") or "")
        if kind and kind not in TYPES:
            raise RegistryError(f"{path.name}: {item['name']}: type {kind!r} is not one of {', '.join(TYPES)}")
        out.append(RegistryLender(
            name=str(item["name"]),
            aliases=list(dict.fromkeys([str(item["name"]), *[str(a) for a in item.get("aliases") or []]])),
            type=kind, type_source=str(item.get("type_source") or ""),
            heimao_couid=str(heimao.get("couid") or ""),
            heimao_sids=[str(s) for s in heimao.get("sids") or []],
            jutousu_merchant=str(jutousu.get("merchant") or "")))
    return out


def lender_named(text: str, lenders: list[RegistryLender]) -> str:
    """The first registry lender whose name or alias occurs in `text` ("" when none).

    A plain substring test: for choosing which feed items to keep, a false hit (白条鸡)
    costs one page fetch, and the tagger decides later with word boundaries."""
    for lender in lenders:
        if any(a and a in text for a in lender.aliases):
            return lender.name
    return ""


def heimao_companies(lenders: list[RegistryLender]) -> list[tuple[str, list[str], str]]:
    """(couid, sids, lender name) of every lender with a 黑猫 couid."""
    return [(x.heimao_couid, x.heimao_sids, x.name) for x in lenders if x.heimao_couid]
