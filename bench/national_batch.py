"""Generate a national batch of declarations for the import benchmark (bench/import_speed.py).

37 recommenders (31 provinces, 5 planned cities, the corps — names from the bundled
call), about 400 declarations at ``scale=1`` and 5× as many at ``scale=5``; per
recommender a folder ``NN_<name>/`` with ``推荐项目汇总表.xlsx``, ``推荐意见函.docx`` and
``申报书/NN_<项目名称>.docx``, each form ~25 pages (cover lines, a basic-information
table, 8 chapters of several paragraphs each, 5 tables, ~20,000 characters).

Some recommenders recommend more than their quota (total or direction 10), so the
quota logic runs; otherwise the batch is clean (valid credit codes, table and form
agree). Everything is fictional and follows from ``seed``.

Speed: ONE template form is built with python-docx, with ``{{TOKEN}}`` runs where
the text varies; every form is that template's zip with ``word/document.xml`` and
``docProps/core.xml`` rewritten by string substitution; the other members are copied
already compressed (no re-deflating of the 800 KB of python-docx styles per form).
Batches are cached under /tmp keyed by scale, seed and the generator version.

    python bench/national_batch.py [--scale 1] [--seed 2019] [--out DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import struct
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewer.call import Call, Recommender, bundled_call  # noqa: E402
from reviewer.eligibility import CreditCodeRules, check_digit  # noqa: E402

GENERATOR_VERSION = 1
CACHE_DIR = Path(tempfile.gettempdir()) / "reviewer-bench-batches"
CALL_TITLE = "2019年新型信息消费示范项目"

# ---------------------------------------------------------------------------
# The batch's shape: how many declarations each recommender sends
# ---------------------------------------------------------------------------

#: Per recommender kind: choices of the number of declarations at scale 1, and of how
#: many of them are in direction 10. Province quota 12 (10 + 2), city/corps 6 (5 + 1):
#: 13/14 or a third direction-10 project is over quota.
COUNTS = {
    "province": ((10, 11, 12, 12, 12, 12, 13, 14), (0, 1, 1, 2, 2, 2, 3)),
    "planned_city": ((5, 5, 6, 6, 7), (0, 1, 1, 2)),
    "corps": ((5, 6), (1,)),
}

REGION_CODES = {
    "北京市": "110108", "天津市": "120116", "河北省": "130102", "山西省": "140105", "内蒙古自治区": "150102",
    "辽宁省": "210102", "吉林省": "220102", "黑龙江省": "230102", "上海市": "310104", "江苏省": "320102",
    "浙江省": "330106", "安徽省": "340104", "福建省": "350102", "江西省": "360102", "山东省": "370102",
    "河南省": "410105", "湖北省": "420106", "湖南省": "430102", "广东省": "440106", "广西壮族自治区": "450103",
    "海南省": "460106", "重庆市": "500112", "四川省": "510107", "贵州省": "520102", "云南省": "530102",
    "西藏自治区": "540102", "陕西省": "610113", "甘肃省": "620102", "青海省": "630104", "宁夏回族自治区": "640104",
    "新疆维吾尔自治区": "650102", "大连市": "210204", "青岛市": "370212", "宁波市": "330212", "厦门市": "350206",
    "深圳市": "440305", "新疆生产建设兵团": "660000",
}
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")

DIRECTION_THEMES = {
    1: ("数字文化资源活化", "沉浸式数字内容制作", "原创网络动漫孵化", "非遗数字化展示", "网络文学版权运营", "虚拟现实内容渲染", "数字影音分发", "知识分享社区"),
    2: ("社区生活O2O", "家政服务线上线下融合", "民宿短租与旅游线路定制", "智慧菜市场", "演出票务一站式", "餐饮外卖供应链", "网约车出行", "社区团购"),
    3: ("互联网家庭医生", "远程诊疗协同", "居家健康监测", "慢病管理", "智慧康养", "区域影像云", "在线健康咨询", "个性化健康管理"),
    4: ("在线开放课程", "双师课堂", "职业技能在线培训", "智慧校园", "教育资源共享", "在线辅导", "移动学习", "教育大数据"),
    5: ("农村电商", "社交电商供应链", "跨境电商", "垂直领域B2B电商", "直播电商", "特色农产品电商", "移动电商", "产业带电商"),
    6: ("行业云MES", "ITSS运维", "中小企业上云", "工业互联网标识解析", "综合集成服务", "供应链协同", "智能制造咨询", "行业大数据"),
    7: ("多式联运智慧物流", "冷链物流追溯", "无人仓储分拣", "城市配送最后一公里", "区块链物流溯源", "物流园区信息化", "无人机配送", "智能快递柜"),
    8: ("5G超高清视频", "全屋智能数字家庭", "可穿戴健康设备", "消费级无人机", "智能服务机器人", "虚拟现实一体机", "智能音箱", "超高清智能电视"),
    9: ("智能家电物联网", "智慧能源管理终端", "车联网智能终端", "智能安防摄像", "智能照明", "环境监测物联网终端", "智能电表", "智能门锁"),
    10: ("信息消费体验中心", "5G智慧生活体验馆", "数字家庭体验中心", "VR与AR互动体验中心", "智慧城市展示中心", "信息技能培训体验基地", "电竞与交互娱乐体验中心", "智能终端体验店"),
}
PROJECT_SUFFIXES = ("服务平台", "公共服务平台", "应用示范", "产业化项目", "综合服务平台", "云平台", "解决方案推广", "建设项目")
PROJECT_QUALIFIERS = ("", "", "", "基于人工智能的", "基于大数据的", "面向县域的", "面向中小企业的", "基于5G的", "基于区块链的", "新一代")
BRANDS = ("云图", "数智", "华信", "星河", "天衡", "博远", "汇通", "锐思", "启明", "中科", "安联", "智源", "恒达", "睿博", "凌云",
          "鼎新", "泰和", "领航", "万象", "拓维", "嘉禾", "卓越", "聚能", "宏图", "优联", "新视", "青鸟", "金桥", "海纳", "明德")
INDUSTRIES = ("信息技术", "网络科技", "数字科技", "智能科技", "软件", "健康科技", "教育科技", "物流科技", "电子", "文化科技", "大数据")
COMPANY_SUFFIXES = ("有限公司", "有限公司", "股份有限公司", "有限责任公司")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯健俊帆帅旭宁亮成林欣佳琳晨阳"
NATURES = ("民营企业", "国有企业", "国有控股企业", "中外合资企业", "民营企业", "民营企业")

# Sentence pieces for the body text (varied enough that no two forms are alike).
OPENERS = ("", "", "近年来，", "目前，", "在此基础上，", "与此同时，", "据统计，", "项目实施后，", "为此，", "总体来看，",
           "具体而言，", "从技术层面看，", "从市场层面看，", "经过多年积累，", "下一步，", "截至2018年底，")
SUBJECTS = ("本单位", "项目团队", "{{APPLICANT}}", "本项目", "平台", "系统", "公司研发中心", "项目建设单位", "合作方",
            "{{PROJECT}}", "运营团队", "技术团队")
VERBS = ("持续推进", "重点建设", "全面完成", "深度融合", "集中攻关", "稳步扩大", "积极探索", "不断完善", "系统梳理",
         "着力提升", "逐步形成", "统筹推进", "加快部署", "联合开展", "深入推进")
OBJECTS = ("数据采集与治理体系", "云边协同的技术架构", "面向用户的服务运营体系", "线上线下一体化的服务网络",
           "安全可控的数据中台", "可复制可推广的商业模式", "标准化的接口规范", "覆盖全省的渠道体系", "智能推荐与精准营销能力",
           "多终端适配的应用矩阵", "全流程可追溯的质量管理体系", "产学研用协同创新机制", "用户隐私保护与网络安全防护体系",
           "基于微服务的业务中台", "开放共享的生态合作平台", "分级分类的运维保障体系")
CLAUSES = ("有效降低了用户的使用门槛", "显著提升了服务效率和用户体验", "累计服务用户{N}万人次", "带动上下游企业{N}余家",
           "形成自主知识产权{N}项", "平均响应时间缩短至{N}毫秒以内", "年均增长率超过{N}%", "新增就业岗位{N}个",
           "为行业数字化转型提供了有力支撑", "得到了主管部门和用户的广泛认可", "在同类产品中处于领先水平",
           "实现了关键技术的自主可控", "具备向全国推广的条件", "有力促进了信息消费扩大升级",
           "平台日均访问量达到{N}万次", "服务覆盖{N}个县（市、区）")
LISTS = ("主要包括：需求调研、方案设计、系统开发、试点运行和推广应用五个阶段。",
         "具体措施如下：一是加强组织领导；二是强化资金保障；三是完善考核机制。",
         "核心功能包括：用户管理、订单管理、支付结算、数据分析和运营监控。",
         "技术指标如下：系统可用性不低于99.9%，并发用户数不少于{N}万，数据备份周期不超过24小时。",
         "建设内容主要有：基础设施层、数据资源层、应用支撑层和服务应用层。")
LEADS = ("平台基础设施建设", "数据资源体系建设", "核心业务系统开发", "运营服务体系建设", "安全保障体系建设",
         "标准规范体系建设", "推广应用与生态建设", "人才队伍建设", "用户服务中心建设", "智能终端研发")
CERTS = ("高新技术企业证书", "软件企业证书", "ISO9001质量管理体系认证", "ISO27001信息安全管理体系认证", "ITSS运维服务能力成熟度三级",
         "CMMI三级认证", "信息系统集成资质", "发明专利", "软件著作权", "省级企业技术中心", "省级工程研究中心", "专精特新企业")
SCHEDULE = ("完成需求调研与总体方案设计", "完成核心系统开发与内部测试", "完成试点部署并上线试运行", "完成系统优化与功能迭代",
            "扩大推广至全省主要城市", "完成项目验收与总结评估", "完善运营体系并实现规模化推广", "建设区域服务中心并开展培训")


# ---------------------------------------------------------------------------
# What one declaration is
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FormData:
    order: int
    project: str
    direction: int
    direction_text: str       # "3.健康医疗服务", as on the cover and in the table
    applicant: str
    credit_code: str
    fields: dict[str, str]    # every named {{TOKEN}} of the template


def make_national_batch(root: Path | None = None, scale: int = 1, seed: int = 2019) -> Path:
    """The batch for ``scale`` and ``seed``; returns its folder.

    It is generated once into a cache folder under /tmp (keyed by scale, seed and the
    generator version) and reused from there. Without ``root`` the cache folder itself
    is returned (read it, don't change it); with ``root``, the batch is copied there
    (unless ``root`` already holds this very batch).
    """
    if scale < 1:
        raise ValueError("scale must be >= 1")
    stamp = f"scale={scale} seed={seed} version={GENERATOR_VERSION}\n"
    cached = CACHE_DIR / f"national-s{scale}-seed{seed}-v{GENERATOR_VERSION}"
    if not _holds(cached, stamp):
        staging = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        _write_batch(staging, scale, seed)
        (staging / ".complete").write_text(stamp, encoding="utf-8")
        shutil.rmtree(cached, ignore_errors=True)
        staging.rename(cached)
    if root is None or Path(root).resolve() == cached.resolve():
        return cached
    root = Path(root)
    if not _holds(root, stamp):
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(cached, root)
    return root


def _holds(folder: Path, stamp: str) -> bool:
    marker = folder / ".complete"
    return marker.exists() and marker.read_text(encoding="utf-8") == stamp


def _write_batch(root: Path, scale: int, seed: int) -> None:
    call = bundled_call()
    rules = CreditCodeRules.from_call(call.eligibility)
    template = _FormTemplate.build()
    rng = random.Random(f"national-{seed}")
    used_projects: set[str] = set()
    used_companies: set[str] = set()
    used_codes: set[str] = set()
    (root / "README.txt").write_text(
        f"基准测试用的虚构全国批次（bench/national_batch.py 生成，scale={scale}，seed={seed}）。\n", encoding="utf-8")
    for number, rec in enumerate(call.recommenders, 1):
        folder = root / f"{number:02d}_{rec.name}"
        (folder / "申报书").mkdir(parents=True)
        counts, tens = COUNTS[rec.kind]
        total = rng.choice(counts) * scale
        in_ten = min(rng.choice(tens) * scale, total)
        directions = [10] * in_ten + [rng.randint(1, 9) for _ in range(total - in_ten)]
        rng.shuffle(directions)
        forms = []
        for order, direction in enumerate(directions, 1):
            form = _declaration(rng, rec, call, order, direction, rules, used_projects, used_companies, used_codes)
            forms.append(form)
            path = folder / "申报书" / f"{order:02d}_{form.project}.docx"
            path.write_bytes(template.render(form, rng))
        _write_summary_table(folder / "推荐项目汇总表.xlsx", rec, forms)
        _write_letter(folder / "推荐意见函.docx", rec, forms)


def _agency(rec: Recommender) -> str:
    if rec.kind == "corps":
        return "新疆生产建设兵团工业和信息化局"
    if rec.kind == "planned_city" or rec.name in MUNICIPALITIES:
        return f"{rec.name}经济和信息化局"
    return f"{rec.name}工业和信息化厅"


def _short(rec: Recommender) -> str:
    return rec.short[0] if rec.short else rec.name


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _declaration(rng: random.Random, rec: Recommender, call: Call, order: int, direction: int, rules: CreditCodeRules,
                 used_projects: set[str], used_companies: set[str], used_codes: set[str]) -> FormData:
    place = _short(rec)
    while True:
        project = f"{rng.choice(PROJECT_QUALIFIERS)}{place}{rng.choice(DIRECTION_THEMES[direction])}{rng.choice(PROJECT_SUFFIXES)}"
        if project not in used_projects:
            break
        project = f"{project}（{rng.choice('二三四五六')}期）"
        if project not in used_projects:
            break
    used_projects.add(project)
    while True:
        company = f"{place}{rng.choice(BRANDS)}{rng.choice(BRANDS)}{rng.choice(INDUSTRIES)}{rng.choice(COMPANY_SUFFIXES)}"
        if company not in used_companies:
            break
    used_companies.add(company)
    while True:
        stem = "91" + REGION_CODES.get(rec.name, "110108") + "".join(rng.choice(rules.alphabet[:10] + "MA") for _ in range(9))
        code = stem + check_digit(stem, rules)
        if code not in used_codes:
            break
    used_codes.add(code)
    direction_text = f"{direction}.{call.direction(direction).name}"
    year = rng.randint(2003, 2017)
    fields = {
        "PROJECT": project, "APPLICANT": company, "CODE": code, "DIRECTION": direction_text,
        "RECOMMENDER": _agency(rec), "DATE": f"2019年3月{rng.randint(10, 28)}日",
        "NATURE": rng.choice(NATURES), "ADDRESS": f"{rec.name}{place}高新区科技大道{rng.randint(1, 999)}号",
        "LEGAL": _person(rng), "FOUNDED": f"{year}年{rng.randint(1, 12)}月", "CONTACT": _person(rng),
        "MOBILE": f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}", "EMAIL": f"contact{rng.randint(100, 99999)}@example.com",
        "CAPITAL": str(rng.choice((500, 1000, 2000, 3000, 5000, 8000, 10000))), "REVENUE": str(rng.randint(800, 90000)),
        "STAFF": str(rng.randint(30, 2000)),
    }
    return FormData(order, project, direction, direction_text, company, code, fields)


# ---------------------------------------------------------------------------
# The application form: one python-docx template, rendered by substitution
# ---------------------------------------------------------------------------

_TOKEN = re.compile(r"\{\{([A-Z]+)(\d*)\}\}")


class _FormTemplate:
    """The python-docx form with {{TOKEN}} runs, and its zip members ready to copy."""

    def __init__(self, members: list[tuple[zipfile.ZipInfo, bytes, int, int]], document: str, core: str) -> None:
        self.members = members      # (info, deflated data, CRC-32, size) of the constant members
        self.document = document    # word/document.xml with tokens
        self.core = core            # docProps/core.xml with tokens

    @classmethod
    def build(cls) -> "_FormTemplate":
        data = _template_docx()
        members: list[tuple[zipfile.ZipInfo, bytes, int, int]] = []
        document = core = ""
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                content = zf.read(info)
                if info.filename == "word/document.xml":
                    document = content.decode("utf-8")
                elif info.filename == "docProps/core.xml":
                    core = content.decode("utf-8")
                else:
                    members.append((info, _deflate(content), zlib.crc32(content), len(content)))
        return cls(members, document, core)

    def render(self, form: FormData, rng: random.Random) -> bytes:
        text = _BodyText(rng, form.fields)
        document = _TOKEN.sub(text.token, self.document)
        core = _TOKEN.sub(text.token, self.core)
        writer = _ZipWriter()
        for info, raw, crc, size in self.members:
            writer.add_raw(info.filename, raw, crc, size)
        writer.add("word/document.xml", document.encode("utf-8"))
        writer.add("docProps/core.xml", core.encode("utf-8"))
        return writer.finish()


class _BodyText:
    """The text of one form's tokens: named fields, else generated by the token's kind."""

    def __init__(self, rng: random.Random, fields: dict[str, str]) -> None:
        self.rng = rng
        self.fields = fields

    def token(self, match: re.Match[str]) -> str:
        kind, number = match.group(1), match.group(2)
        if not number:
            return escape(self.fields[kind])
        return escape(getattr(self, f"_{kind.lower()}")())

    def _names(self, text: str) -> str:
        return text.replace("{{APPLICANT}}", self.fields["APPLICANT"]).replace("{{PROJECT}}", f"“{self.fields['PROJECT']}”")

    def _sentence(self) -> str:
        r = self.rng
        if r.random() < 0.12:
            return r.choice(LISTS).replace("{N}", str(r.randint(2, 50)))
        clause = r.choice(CLAUSES).replace("{N}", str(r.randint(3, 500)))
        return f"{r.choice(OPENERS)}{r.choice(SUBJECTS)}{r.choice(VERBS)}{r.choice(OBJECTS)}，{clause}。"

    def _p(self) -> str:       # a body paragraph
        return self._names("".join(self._sentence() for _ in range(self.rng.randint(4, 7))))

    def _l(self) -> str:       # the bold lead of a numbered paragraph
        return self.rng.choice(LEADS)

    def _n(self) -> str:       # a figure in a table
        return str(self.rng.randint(10, 20000))

    def _c(self) -> str:       # a certificate
        return self.rng.choice(CERTS)

    def _y(self) -> str:       # a year and month
        return f"{self.rng.randint(2012, 2019)}年{self.rng.randint(1, 12)}月"

    def _s(self) -> str:       # a schedule step
        return self.rng.choice(SCHEDULE)

    def _st(self) -> str:      # a status
        return self.rng.choice(("已完成", "已完成", "进行中", "未开始"))


def _template_docx() -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    counter = {"P": 0, "L": 0, "N": 0, "C": 0, "Y": 0, "S": 0, "ST": 0}

    def tok(kind: str) -> str:
        counter[kind] += 1
        return f"{{{{{kind}{counter[kind]:03d}}}}}"

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(3.18)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(0)
    for name, size in (("Heading 1", 15), ("Heading 2", 13)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")
    props = doc.core_properties
    props.title, props.author = "{{PROJECT}}", "{{CONTACT}}"

    def body(n: int = 1, lead: bool = False) -> None:
        for i in range(n):
            para = doc.add_paragraph()
            para.paragraph_format.first_line_indent = Pt(24)
            if lead:
                para.add_run(f"{i + 1}.")
                para.add_run(tok("L")).bold = True
                para.add_run("。")
            para.add_run(tok("P"))

    def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        t = doc.add_table(rows=len(rows) + 1, cols=len(header))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(t.rows[0].cells, header):
            cell.text = text
        for row, values in zip(t.rows[1:], rows):
            for cell, text in zip(row.cells, values):
                cell.text = text

    # cover
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(110)
    title.paragraph_format.space_after = Pt(90)
    run = title.add_run(f"{CALL_TITLE}申报书")
    run.bold, run.font.size = True, Pt(24)
    for label, token in (("项目名称：", "PROJECT"), ("申报单位（盖章）：", "APPLICANT"), ("推荐单位：", "RECOMMENDER"),
                         ("所属方向：", "DIRECTION"), ("申报日期：", "DATE")):
        para = doc.add_paragraph()
        para.paragraph_format.left_indent = Cm(1.2)
        para.paragraph_format.line_spacing = 2.0
        para.add_run(label).font.size = Pt(15)
        value = para.add_run(f"{{{{{token}}}}}")
        value.font.size, value.underline = Pt(15), True
    doc.add_page_break()

    # 一、basic information (merged value cells as offices lay them out)
    doc.add_heading("一、申报单位基本情况", level=1)
    info = [("单位名称", "{{APPLICANT}}"), ("统一社会信用代码", "{{CODE}}", "单位性质", "{{NATURE}}"),
            ("注册地址", "{{ADDRESS}}"), ("法定代表人", "{{LEGAL}}", "成立时间", "{{FOUNDED}}"),
            ("联系人", "{{CONTACT}}", "手机", "{{MOBILE}}"), ("电子邮箱", "{{EMAIL}}", "注册资本（万元）", "{{CAPITAL}}"),
            ("上年度营业收入（万元）", "{{REVENUE}}", "职工人数（人）", "{{STAFF}}")]
    t = doc.add_table(rows=len(info), cols=4)
    t.style = "Table Grid"
    for row, values in zip(t.rows, info):
        row.cells[0].text = values[0]
        if len(values) == 2:
            row.cells[1].merge(row.cells[3]).text = values[1]
        else:
            for cell, text in zip(row.cells[1:], values[1:]):
                cell.text = text
    doc.add_heading("（一）单位简介", level=2)
    body(4)
    doc.add_heading("（二）主要业绩", level=2)
    body(5)
    doc.add_heading("（三）研发能力与资质", level=2)
    body(3)
    table(("序号", "资质或知识产权名称", "取得时间"), [(str(i), tok("C"), tok("Y")) for i in range(1, 7)])

    # 二 … 七, several paragraphs each
    doc.add_heading("二、项目概况", level=1)
    doc.add_heading("（一）项目背景", level=2)
    body(5)
    doc.add_heading("（二）建设目标", level=2)
    body(4)
    doc.add_heading("（三）建设内容", level=2)
    body(6, lead=True)
    doc.add_heading("（四）技术路线", level=2)
    body(6)
    doc.add_heading("（五）项目投资及资金来源", level=2)
    body(2)
    table(("投资内容", "金额（万元）", "其中已完成（万元）"),
          [(name, tok("N"), tok("N")) for name in ("硬件设备购置", "软件开发", "平台运营", "市场推广", "人员培训", "其他")])
    for heading, subs in (("三、创新点与技术先进性", ("（一）模式创新", "（二）技术创新", "（三）服务创新", "（四）技术先进性")),
                          ("四、示范效应与推广价值", ("（一）示范效应", "（二）推广价值", "（三）推广计划")),
                          ("五、经济社会效益", ("（一）经济效益", "（二）社会效益", "（三）带动作用"))):
        doc.add_heading(heading, level=1)
        for sub in subs:
            doc.add_heading(sub, level=2)
            body(4)
    table(("指标", "2017年", "2018年", "预计2019年"),
          [(name, tok("N"), tok("N"), tok("N")) for name in ("营业收入（万元）", "利润总额（万元）", "纳税总额（万元）",
                                                               "用户数（万户）", "研发投入（万元）", "新增就业（人）")])
    doc.add_heading("六、进度安排", level=1)
    table(("时间", "主要建设内容", "完成情况"), [(tok("Y"), tok("S"), tok("ST")) for _ in range(8)])
    body(3)
    doc.add_heading("七、保障措施", level=1)
    for sub in ("（一）组织保障", "（二）资金保障", "（三）技术保障", "（四）运营保障"):
        doc.add_heading(sub, level=2)
        body(3)
    doc.add_heading("八、承诺书及推荐意见", level=1)
    for text in ("本单位郑重承诺：所提交的申报书及全部附件材料真实、准确、完整，不存在弄虚作假行为。",
                 "如有违反，本单位愿承担相应责任，并接受取消示范项目资格等处理。"):
        doc.add_paragraph(text).paragraph_format.first_line_indent = Pt(24)
    for text in ("法定代表人（签字）：", "单位（盖章）", "{{DATE}}", "推荐单位意见：经审核，该项目申报材料真实有效，同意推荐。",
                 "推荐单位（盖章）", "{{RECOMMENDER}}"):
        doc.add_paragraph(text).paragraph_format.left_indent = Cm(7.0)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


class _ZipWriter:
    """A minimal zip writer that can also copy members that are already deflated."""

    def __init__(self) -> None:
        self.out = io.BytesIO()
        self.central: list[bytes] = []

    def add(self, name: str, content: bytes) -> None:
        self.add_raw(name, _deflate(content), zlib.crc32(content), len(content))

    def add_raw(self, name: str, raw: bytes, crc: int, size: int) -> None:
        encoded = name.encode("utf-8")
        offset = self.out.tell()
        # 2019-03-20 09:00 in DOS time
        dos_time, dos_date = (9 << 11), ((2019 - 1980) << 9) | (3 << 5) | 20
        self.out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, 8, dos_time, dos_date, crc, len(raw), size,
                                   len(encoded), 0))
        self.out.write(encoded)
        self.out.write(raw)
        self.central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0x800, 8, dos_time, dos_date, crc, len(raw),
                                        size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)

    def finish(self) -> bytes:
        start = self.out.tell()
        for entry in self.central:
            self.out.write(entry)
        size = self.out.tell() - start
        self.out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(self.central), len(self.central), size, start, 0))
        return self.out.getvalue()


# ---------------------------------------------------------------------------
# The summary table and the letter
# ---------------------------------------------------------------------------


def _write_summary_table(path: Path, rec: Recommender, forms: list[FormData]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "推荐汇总表"
    ws.append([f"{rec.name}{CALL_TITLE}推荐汇总表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    ws.append(["序号", "项目名称", "申报单位", "统一社会信用代码", "所属方向"])
    for form in forms:
        ws.append([form.order, form.project, form.applicant, form.credit_code, form.direction_text])
    for column, width in zip("ABCDE", (6, 46, 34, 22, 20)):
        ws.column_dimensions[column].width = width
    wb.save(path)


def _write_letter(path: Path, rec: Recommender, forms: list[FormData]) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    agency = _agency(rec)
    doc = Document()
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(agency)
    run.bold, run.font.size = True, Pt(24)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(f"{agency}关于推荐{CALL_TITLE}的函").bold = True
    doc.add_paragraph("工业和信息化部信息化和软件服务业司：")
    doc.add_paragraph(f"根据《工业和信息化部办公厅关于组织开展2019年新型信息消费示范项目申报工作的通知》（工信厅信软函〔2019〕41号）要求，"
                      f"经企业自愿申报和审核，现推荐以下{len(forms)}个项目（按推荐顺序排列）：")
    for form in forms:
        doc.add_paragraph(f"{form.order}.{form.project}（{form.applicant}）{'。' if form is forms[-1] else '；'}")
    doc.add_paragraph("特此函告。")
    for text in (agency, "2019年3月28日"):
        doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--out", type=Path, default=None, help="target folder (default: cached under /tmp)")
    args = parser.parse_args()
    start = time.perf_counter()
    root = make_national_batch(args.out, args.scale, args.seed)
    forms = sorted(root.glob("*/申报书/*.docx"))
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    print(f"{root}: {len(forms)} forms, {size / 1e6:.1f} MB, {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
