"""What a document says about itself: title, issuer, issue number and date.

Chinese government documents state these in fixed forms: a 文号 such as ``川办发〔2021〕93号``,
a date ``2021年4月28日`` (or ``2022-03-29`` on web pages), an issuer line ending with
人民政府/办公厅/委员会/领导小组办公室…, and a title starting with 关于 or naming a 规划/方案/
意见/决定/通知. Whatever is not found stays None for the planner to fill in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\s*\d+\s*号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})-(\d{2})-(\d{2})")
_ISSUER = re.compile(
    r"^(?:中共)?[\u4e00-\u9fff]{2,30}?(?:人民政府办公厅|人民政府办公室|人民政府|委员会|"
    r"领导小组办公室|领导小组|办公厅|办公室|委|厅|局)(?:文件)?$"
)
_TITLE = re.compile(r"(?:规划|方案|意见|决定|通知|计划|纲要|办法|措施|行动)[》”]?$")
_HEAD_LINES = 40
_MAX_TITLE = 60


@dataclass(frozen=True)
class DocumentInfo:
    """Title, issuer, number and date as the document states them (None when it does not).

    ``title_en`` is the English title a planner gives in the review (None: romanised).
    """

    title: str | None
    issuer: str | None
    number: str | None
    date: dt.date | None
    title_en: str | None = None


def document_info(text: str, *, title: str | None = None) -> DocumentInfo:
    r"""Read title, issuer, number and date from the first lines of a document.

    >>> head = "四川省人民政府办公厅\n关于加快发展新经济的实施意见\n川办发〔2021〕93 号"
    >>> info = document_info(head + "\n2021年12月1日")
    >>> info.issuer, info.number, info.date.isoformat()
    ('四川省人民政府办公厅', '川办发〔2021〕93号', '2021-12-01')
    """
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    head = lines[:_HEAD_LINES]
    number = _NUMBER.search("\n".join(head))
    return DocumentInfo(
        title=_title(head) or title,
        issuer=next((line.removesuffix("文件") for line in head if _ISSUER.match(line)), None),
        number="".join(number.group().split()) if number else None,
        date=_date(lines),
    )


def _title(lines: list[str]) -> str | None:
    for line in lines:
        compact = "".join(line.split())
        if len(compact) <= _MAX_TITLE and _TITLE.search(compact) and "〔" not in compact:
            return compact
    return None


def _date(lines: list[str]) -> dt.date | None:
    for line in [*lines[:_HEAD_LINES], *lines[-_HEAD_LINES:]]:
        match = _DATE.search(line)
        if match:
            year, month, day = (int(g) for g in match.groups() if g)
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
    return None
