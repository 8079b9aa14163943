"""Sharing requests for the fixture repository (which has none): a small, demo-like set.

Over the fixture's units sjj (the e-government department), gaj, mzj, anxiang and its resources
430700-006-J01-0001 (gaj, 基础), 430700-007-Y09-0001 (mzj, 业务, shared) and 430700-007-Y09-0002
(mzj, 业务, non-shared). The comments count lateness to casetools.TODAY (2026-11-24).
"""

from __future__ import annotations

from pathlib import Path

HEAD = "# yaml-language-server: $schema=../../schemas/request.schema.json\n"

REQUESTS = {
    # 业务库 data provided late: notice Fri 2026-03-06, due 2026-03-20, provided 2026-03-27 (5 working days late).
    "GX-2026-0001": """id: GX-2026-0001
kind: 共享申请
applicant: anxiang
approver: mzj
purpose: 县级临时救助审批时核对申请家庭的低保保障情况。
duty_basis:
  - law: 社会救助暂行办法
    article: 第四十七条
resources:
  - code: 430700-007-Y09-0001
    items: [户主姓名, 保障类别, 月保障金额]
history:
  - status: 提出
    date: "2026-03-02"
  - status: 审核通过
    date: "2026-03-05"
  - status: 通知提供
    date: "2026-03-06"
    note: 常数据通〔2026〕3号
  - status: 已提供
    date: "2026-03-27"
""",
    # 业务库 data still not provided: notice Mon 2026-11-02, due 2026-11-16; on 2026-11-24, 6 working days late.
    "GX-2026-0002": """id: GX-2026-0002
kind: 共享申请
applicant: gaj
approver: mzj
purpose: 核查低保对象户籍变动,及时发现应当停保的情形。
duty_basis:
  - law: 中华人民共和国户口登记条例
    article: 第三条
resources:
  - code: 430700-007-Y09-0001
    items: [保障对象身份号码, 户主姓名]
history:
  - status: 提出
    date: "2026-10-12"
  - status: 审核通过
    date: "2026-10-19"
  - status: 通知提供
    date: "2026-11-02"
""",
    # 基础库 data: provided directly, no notice and no deadline (Art. 17).
    "GX-2026-0003": """id: GX-2026-0003
kind: 共享申请
applicant: mzj
approver: sjj
purpose: 低保申请受理时核对申请人的户籍和家庭成员信息。
duty_basis:
  - law: 社会救助暂行办法
    article: 第十一条
resources:
  - code: 430700-006-J01-0001
    items: [姓名, 户籍地址]
history:
  - status: 提出
    date: "2026-05-11"
  - status: 审核通过
    date: "2026-05-15"
  - status: 已提供
    date: "2026-05-20"
""",
    # Non-shared data: reviewed by the e-government department, which kept it non-shared (Art. 12).
    "GX-2026-0004": """id: GX-2026-0004
kind: 共享申请
applicant: gaj
approver: sjj
purpose: 侦查工作中核实收养关系,确认当事人身份。
duty_basis:
  - law: 中华人民共和国人民警察法
    article: 第六条
resources:
  - code: 430700-007-Y09-0002
    items: [登记证号, 登记日期]
history:
  - status: 提出
    date: "2026-06-01"
  - status: 维持不予共享
    date: "2026-06-19"
    reason: 收养档案依民法典第一千一百一十条保密,个案核实可依法向民政部门调取。
""",
    # An objection to the non-shared listing, not yet decided (Art. 13).
    "YY-2026-0001": """id: YY-2026-0001
kind: 异议
applicant: anxiang
approver: sjj
reason: 县级民政部门办理收养登记需要查询市级档案,属于政府部门之间履职使用,请调整为有条件共享。
resources:
  - code: 430700-007-Y09-0002
history:
  - status: 提出
    date: "2026-09-01"
""",
    # A request turned down by the reviewing department.
    "GX-2026-0005": """id: GX-2026-0005
kind: 共享申请
applicant: anxiang
approver: sjj
purpose: 统计全县常住人口的年龄结构,用于养老服务设施规划。
duty_basis:
  - law: 湖南省养老服务条例
    article: 第八条
resources:
  - code: 430700-006-J01-0001
    items: [出生日期, 户籍所在地行政区划代码]
history:
  - status: 提出
    date: "2026-07-01"
  - status: 驳回
    date: "2026-07-03"
    reason: 人口年龄结构可使用统计部门发布的汇总数据,不需要个人明细。
""",
}


def add_requests(root: Path, requests: dict[str, str] | None = None) -> Path:
    """Write the request files into the repository at `root`; return `root`."""
    for request_id, text in (requests or REQUESTS).items():
        target = root / "requests" / request_id.split("-")[1] / f"{request_id}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(HEAD + text, encoding="utf-8")
    return root
