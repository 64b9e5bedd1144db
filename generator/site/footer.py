"""The footer a mainland public website carries: who runs it, how to reach them, its filing numbers.

Rendered once per build from resources.yaml's ``site.footer`` and handed to the theme (MkDocs'
``config.extra``, printed by ``overrides/partials/copyright.html``), so every page shows the same lines; each
item only when set.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from generator.catalogue.model import Catalogue
from generator.site.facts import Fact
from generator.site.templates import environment

#: The MIIT's filing search (ICP备案), where every ICP number is looked up.
ICP_SEARCH = "https://beian.miit.gov.cn/"
#: The public security filing search (公安机关互联网站安全管理服务平台), opened at the site's own number.
POLICE_SEARCH = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"


def footer_lines(catalogue: Catalogue) -> list[list[Fact]]:
    """The footer's lines: who runs the site and their contacts, then the filing numbers (none when unset)."""
    f = catalogue.root.site.footer
    who: list[Fact] = []
    if f.owner:
        who.append(("主办单位", f.owner, ""))
    if f.operator:
        who.append(("运维单位", f.operator, ""))
    if f.phone:
        who.append(("电话", f.phone, "tel:" + f.phone.replace(" ", "")))
    if f.email:
        who.append(("电子邮箱", f.email, "mailto:" + f.email))
    ids: list[Fact] = []
    if f.icp:
        ids.append(("", f.icp, ICP_SEARCH))
    if f.police:
        ids.append(("", f.police, POLICE_SEARCH.format(code=re.sub(r"\D", "", f.police))))
    if f.site_code:
        ids.append(("网站标识码", f.site_code, ""))
    return [line for line in (who, ids) if line]


def footer_html(catalogue: Catalogue) -> Markup:
    """The footer's lines as HTML, escaped (the theme prints it as it is)."""
    html = environment().get_template("pages/footer.html.j2").render(lines=footer_lines(catalogue))
    return Markup(html)
