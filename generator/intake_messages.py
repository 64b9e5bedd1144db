"""Words for the issue codes of what comes in from outside the data files: a submitted issue form
(``from-issue``) and a spreadsheet (``import``), in Chinese and English; part of
:data:`generator.messages.MESSAGES`.
"""

from __future__ import annotations

#: code → (Chinese, English).
INTAKE: dict[str, tuple[str, str]] = {
    "form-unknown": (
        "看不出这是哪一个表单：议题正文应保留表单的各个“### 标题”；请用“新建议题”中的表单重新提交",
        "not a known issue form: keep the form's '### heading' sections, or submit it again from the form",
    ),
    "form-missing-answer": (
        "这一项没有填写；请编辑议题补上",
        "this answer is empty; edit the issue and fill it in",
    ),
    "form-bad-number": (
        "应填一个大于 0 的整数，如 40（你写的是“{value}”）；请编辑议题改正",
        "a whole number above 0 is needed, e.g. 40 (you wrote '{value}')",
    ),
    "form-not-confirmed": (
        "没有勾选确认：请确认内容中没有个人姓名和手机号码，并同意公开",
        "the confirmation is not ticked: confirm there is no personal name or mobile number",
    ),
    "form-unknown-entry": (
        "“{value}”不是网站上的条目；请从场所或课程页面底部的“报告错误”链接重新提交",
        "'{value}' is no entry of the site; use the error-report link at the bottom of its page",
    ),
    "form-manual-change": (
        "“{value}”这一项无法自动修改（条目里没有这一项，或写法不是单独一行）；维护者会手动修改",
        "'{value}' cannot be changed automatically (absent, or not alone on its line); a maintainer will",
    ),
    "import-unknown-column": (
        "不认识的列标题“{value}”{hint}；请用开放数据 CSV 的列名或模板表格里的中文列标题，不用的列请删掉",
        "unknown column heading '{value}'{hint}; use the CSV column names or the workbook's headings",
    ),
    "import-duplicate-column": (
        "“{value}”这一列出现了两次；请删掉其中一列",
        "the column '{value}' appears twice; delete one of them",
    ),
    "import-no-id": (
        "表中没有“编号”（id）列；请保留模板或开放数据 CSV 的第一行列标题",
        "the table has no id column; keep the heading row of the workbook or the CSV",
    ),
    "import-duplicate-row": (
        "编号“{value}”在第 {first} 行已经出现过；同一个条目只能写一行",
        "id '{value}' already appears on row {first}; write each entry on one row only",
    ),
    "import-provider": (
        "新课程要写明提供者，才能放进它的文件：{detail}",
        "a new course needs its provider to know which file it goes in: {detail}",
    ),
}
