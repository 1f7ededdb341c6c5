"""Excel import of introductions and working periods, its template, its progress and the exports."""

import datetime
import io
import random
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests import factories
from tests.core import files
from tests.introductions.factories import ChannelFactory
from tests.xlsx_checks import INJECTED, assert_no_formula
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.introductions.domain.declarations import declare_introduction
from yingcai.introductions.enums import ChannelKind, IntroductionMode, IntroductionState
from yingcai.introductions.imports import domain as imports
from yingcai.introductions.imports import progress
from yingcai.introductions.imports.columns import EXAMPLE_MARK, INTRODUCTION_COLUMNS, WORK_PERIOD_COLUMNS
from yingcai.introductions.imports.jobs import start_import
from yingcai.introductions.imports.parsing import SheetRow, read_sheet
from yingcai.introductions.models import Channel, ImportJob, Introduction, WorkPeriod
from yingcai.introductions.models.imports import ImportKind, ImportStatus
from yingcai.registry import demo
from yingcai.registry.domain.masking import mask_id_number
from yingcai.registry.domain.names import pinyin_keys
from yingcai.registry.models import Affiliation, IndustryChain, IndustryCluster, Talent
from yingcai.registry.validators import id_number_facts

INTRO_HEADER = [str(c.label) for c in INTRODUCTION_COLUMNS]
PERIOD_HEADER = [str(c.label) for c in WORK_PERIOD_COLUMNS]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def chain(db):
    cluster = IndustryCluster.objects.create(code="T1", name="测试集群")
    return IndustryChain.objects.create(code="T1-1", name="尼龙新材料测试链", cluster=cluster)


@pytest.fixture
def channel(db):
    return Channel.objects.create(kind=ChannelKind.EVENT, name="2025中国·平顶山招才引智大会")


def workbook_bytes(header: list[str], rows: list[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("引进记录")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def full_time_row(talent, unit, *, contract_end=datetime.date(2028, 2, 29), **overrides) -> list:
    values = {
        "姓名": talent.name,
        "公民身份号码": talent.id_number,
        "用人单位统一社会信用代码": unit.credit_code,
        "引进方式": "全职引进",
        "引进形式": "个别引进",
        "引进日期": datetime.date(2025, 3, 1),
        "人事关系转入日期": datetime.date(2025, 3, 1),
        "人事关系转出单位/地区": "郑州大学",
        "合同起始日期": datetime.date(2025, 3, 1),
        "合同终止日期": contract_end,
        **overrides,
    }
    return [values.get(label) for label in INTRO_HEADER]


def flexible_row(talent, unit, **overrides) -> list:
    values = {
        "姓名": talent.name,
        "公民身份号码": talent.id_number,
        "用人单位统一社会信用代码": unit.credit_code,
        "引进方式": "柔性引进",
        "引进形式": "集中引进",
        "引进日期": "2025-01-01",
        "服务方式": "项目合作、技术咨询",
        "协议起始日期": "2025/1/1",
        "协议终止日期": "2026年12月31日",
        **overrides,
    }
    return [values.get(label) for label in INTRO_HEADER]


def rows_of(content: bytes, kind: str) -> list[SheetRow]:
    sheet = read_sheet(io.BytesIO(content), kind)
    assert not sheet.errors, sheet.errors
    return sheet.rows


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """POST a workbook to the import page as the logged-in user. The job is queued when its row
    commits; the tests' transaction never commits, so what was queued runs when the upload returns
    (and the task itself runs inline: HUEY.immediate)."""

    def send(content: bytes, kind: str = "introductions", name: str = "引进.xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("introductions:import"),
                {"kind": kind, "file": SimpleUploadedFile(name, content, content_type=XLSX)},
            )

    return send


def bulk_talents(unit, count: int, seed: int = 7) -> list[Talent]:
    """Many talents at `unit` in a few queries (factories would take minutes)."""
    rng = random.Random(seed)
    numbers: set[str] = set(Talent.objects.values_list("id_number", flat=True))
    talents = []
    while len(talents) < count:
        number = demo.id_number(rng)
        if number in numbers:
            continue
        numbers.add(number)
        name = demo.person_name(rng)
        birth, gender = id_number_facts(number)
        pinyin, initials = pinyin_keys(name)
        talents.append(
            Talent(
                name=name,
                id_number=number,
                birth_date=birth,
                gender=gender,
                education="doctorate",
                name_pinyin=pinyin,
                name_initials=initials,
            )
        )
    made = Talent.objects.bulk_create(talents, batch_size=2000)
    Affiliation.objects.bulk_create([Affiliation(talent=t, unit=unit) for t in made], batch_size=2000)
    return made


# ------------------------------------------------------------------ the template


@pytest.mark.parametrize(("kind", "header"), [("introductions", INTRO_HEADER), ("periods", PERIOD_HEADER)])
def test_template_has_chinese_headers_example_row_and_instructions(client, unit_staff, kind, header):
    client.force_login(unit_staff)
    response = client.get(reverse("introductions:import-template"), {"kind": kind})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == header
    assert sheet["A2"].value.endswith(EXAMPLE_MARK)
    assert "填写说明" in workbook.sheetnames
    instructions = " ".join(str(c.value) for row in workbook["填写说明"].iter_rows() for c in row if c.value)
    assert "整个文件都不导入" in instructions
    # Date columns are dates, ID numbers text, and typed dates are validated as dates.
    date_columns = [i for i, label in enumerate(header, 1) if label.endswith("日期")]
    assert all(sheet.cell(row=2, column=i).is_date for i in date_columns)
    assert sheet["B2"].number_format == "@"
    assert any(v.type == "date" for v in sheet.data_validations.dataValidation)


def test_introduction_template_lists_choices_from_enums_and_tables(client, unit_staff, channel, chain):
    client.force_login(unit_staff)
    response = client.get(reverse("introductions:import-template"), {"kind": "introductions"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    lists = workbook["下拉选项"]
    assert lists.sheet_state == "hidden"
    options = {lists.cell(row=1, column=c).value: [] for c in range(1, lists.max_column + 1)}
    for c, label in enumerate(options, start=1):
        options[label] = [lists.cell(row=r, column=c).value for r in range(2, lists.max_row + 1)]
        options[label] = [v for v in options[label] if v]
    assert options["引进方式"] == ["全职引进", "柔性引进"]
    assert options["引进形式"] == ["个别引进", "集中引进", "自主引进"]
    assert channel.name in options["引才渠道"]
    assert chain.name in options["服务产业链"]
    assert "项目合作、技术咨询" in options["服务方式"]
    # Each choice column has a drop-down pointing at its list.
    list_validations = {
        str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"
    }
    mode_column = "ABCDEFGHIJKLMNOP"[INTRO_HEADER.index("引进方式")]
    assert "下拉选项" in list_validations[f"{mode_column}2"]
    assert len(list_validations) == 5
    # A unit's example row names its own unit.
    assert (
        sheet.cell(row=2, column=INTRO_HEADER.index("用人单位统一社会信用代码") + 1).value
        == unit_staff.unit.credit_code
    )


def test_the_template_filled_in_imports(client, unit_staff, unit, talent, channel, chain, upload):
    """The template as handed out, with its example row left in, is read back as it was written."""
    client.force_login(unit_staff)
    response = client.get(reverse("introductions:import-template"), {"kind": "introductions"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    sheet.append(full_time_row(talent, unit, 引才渠道=channel.name, 服务产业链=chain.name))
    buffer = io.BytesIO()
    workbook.save(buffer)

    upload(buffer.getvalue())

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert job.total_rows == 1
    introduction = Introduction.objects.get()
    assert (introduction.talent, introduction.unit, introduction.channel, introduction.chain) == (
        talent,
        unit,
        channel,
        chain,
    )


# ------------------------------------------------------------------ importing introductions


def test_a_good_file_applies_every_row_as_drafts_with_audit(client, office, unit, other_unit, upload):
    talents = [factories.TalentFactory(unit=unit) for _ in range(3)]
    elsewhere = factories.TalentFactory(unit=other_unit)
    content = workbook_bytes(
        INTRO_HEADER,
        [
            full_time_row(talents[0], unit),
            flexible_row(talents[1], unit),
            full_time_row(talents[2], unit, 引进形式="自主引进", 合同终止日期="2030-02-28"),
            flexible_row(elsewhere, other_unit, 服务方式="兼职服务"),
        ],
    )
    client.force_login(office)
    audit_before = AuditEntry.objects.count()

    response = upload(content)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?job={job.pk}")
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert (job.total_rows, job.processed_rows, job.applied_rows) == (4, 4, 4)
    assert job.errors == []
    assert job.started_at and job.finished_at
    assert not job.file  # the upload with full ID numbers is not kept
    introductions = Introduction.objects.order_by("pk")
    assert introductions.count() == 4
    assert {i.state for i in introductions} == {IntroductionState.DRAFT}
    assert {i.created_by for i in introductions} == {office}
    flexible = introductions.get(talent=talents[1])
    assert flexible.mode == IntroductionMode.FLEXIBLE
    assert flexible.service_forms == ["project", "consulting"]
    assert flexible.agreement_end == datetime.date(2026, 12, 31)
    assert introductions.get(talent=elsewhere).unit == other_unit
    full_time = introductions.get(talent=talents[0])
    assert full_time.contract_rule is not None  # exactly 3 years: 以上 includes the number
    # One audit entry per introduction (written by the domain) and one for the job.
    new_entries = AuditEntry.objects.order_by("pk")[audit_before:]
    assert sum(1 for e in new_entries if e.object_repr and e.content_type.model == "introduction") == 4
    job_entries = [e for e in new_entries if e.content_type and e.content_type.model == "importjob"]
    assert len(job_entries) == 1
    assert job_entries[0].changes["rows"] == 4
    assert job_entries[0].action == AuditAction.CREATE

    page = client.get(response["Location"])
    assert "导入成功：共导入 4 条记录" in page.content.decode()


def test_ten_thousand_rows_with_one_bad_row_change_nothing_and_name_the_row(client, unit, unit_staff, upload):
    talents = bulk_talents(unit, 10_000)
    bad_index = 7_320
    rows = [
        full_time_row(
            t, unit, contract_end=datetime.date(2028, 2, 28) if i == bad_index else datetime.date(2028, 2, 29)
        )
        for i, t in enumerate(talents)
    ]
    content = workbook_bytes(INTRO_HEADER, rows)
    client.force_login(unit_staff)
    audit_before = AuditEntry.objects.count()

    # How long this takes is measured by bench/import_bench.py, not asserted here.
    upload(content, name="一万行.xlsx")

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert (job.total_rows, job.processed_rows, job.applied_rows) == (10_000, 10_000, 0)
    assert len(job.errors) == 1
    error = job.errors[0]
    assert error["row"] == bad_index + 2  # header is row 1
    assert error["column"] == "合同终止日期"
    assert "3年以上" in error["message"]
    assert "2年11个月" in error["message"]
    assert error["name"] == talents[bad_index].name
    assert Introduction.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before

    page = client.get(reverse("introductions:import-status", args=[job.pk])).content.decode()
    assert f"第{bad_index + 2}行" in page
    assert "hx-trigger" not in page  # finished: polling stops


def test_the_same_person_twice_in_one_file_is_refused(client, unit_staff, unit, talent, upload):
    other = factories.TalentFactory(unit=unit)
    content = workbook_bytes(
        INTRO_HEADER,
        [full_time_row(talent, unit), flexible_row(other, unit), flexible_row(talent, unit)],
    )
    client.force_login(unit_staff)

    upload(content)

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(4, "公民身份号码")]
    assert "第2行" in job.errors[0]["message"]
    assert Introduction.objects.count() == 0


def test_importing_the_same_file_twice_refuses_the_second_time(client, unit_staff, unit, talent, upload):
    content = workbook_bytes(INTRO_HEADER, [full_time_row(talent, unit)])
    client.force_login(unit_staff)
    upload(content)
    upload(content)

    first, second = ImportJob.objects.order_by("pk")
    assert first.status == ImportStatus.SUCCEEDED
    assert second.status == ImportStatus.FAILED
    assert "已有未结束的引进记录" in second.errors[0]["message"]
    assert Introduction.objects.count() == 1


def test_a_unit_cannot_import_another_units_talent_or_unit(
    client, unit_staff, unit, talent, other_unit, other_talent, upload
):
    content = workbook_bytes(
        INTRO_HEADER,
        [
            full_time_row(talent, unit),
            full_time_row(other_talent, unit),  # a talent of another unit, for our unit
            full_time_row(talent, other_unit, 公民身份号码=factories.TalentFactory(unit=unit).id_number, 姓名=None),
        ],
    )
    client.force_login(unit_staff)

    response = upload(content)

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    by_row = {}
    for e in job.errors:
        by_row.setdefault(e["row"], []).append(e)
    assert set(by_row) == {3, 4}
    assert by_row[3][0]["column"] == "公民身份号码"
    assert "本单位人才库中没有" in by_row[3][0]["message"]
    assert other_unit.name not in str(job.errors)  # nothing about where the person is registered leaks
    assert {e["column"] for e in by_row[4]} == {"姓名", "用人单位统一社会信用代码"}
    assert any("不是本单位" in e["message"] for e in by_row[4])
    assert Introduction.objects.count() == 0


def test_rows_are_checked_cell_by_cell_and_by_the_rules(office, unit, chain):
    talents = [factories.TalentFactory(unit=unit) for _ in range(6)]
    content = workbook_bytes(
        INTRO_HEADER,
        [
            full_time_row(talents[0], unit, 引进方式="调动"),
            full_time_row(talents[1], unit, 引进日期="明年"),
            flexible_row(talents[2], unit, 服务方式="项目合作、讲座"),
            flexible_row(talents[3], unit, 协议终止日期=None),
            full_time_row(talents[4], unit, 用人单位统一社会信用代码="91410400MA0000000X"),
            full_time_row(talents[5], unit, 公民身份号码="410402199001011234", 服务产业链=chain.code),
        ],
    )
    errors = imports.validate_introduction_rows(by=office, rows=rows_of(content, ImportKind.INTRODUCTIONS))
    found = {(e.row, e.column): e.message for e in errors}
    assert "不是可选的值" in found[(2, "引进方式")]
    assert "无法识别" in found[(3, "引进日期")]
    assert "讲座" in found[(4, "服务方式")]
    assert "协议起止日期" in found[(5, "协议起始日期")]  # the domain's own rule for 柔性引进
    assert (6, "用人单位统一社会信用代码") in found
    assert "校验码" in found[(7, "公民身份号码")]
    assert len({e.row for e in errors}) == 6
    assert Introduction.objects.count() == 0


def test_a_contract_before_the_first_rule_version_is_imported_for_the_office_to_record_as_history(office, unit, talent):
    content = workbook_bytes(
        INTRO_HEADER,
        [full_time_row(talent, unit, 合同起始日期=datetime.date(2020, 1, 1), 合同终止日期=datetime.date(2024, 1, 1))],
    )
    rows = rows_of(content, ImportKind.INTRODUCTIONS)
    assert imports.validate_introduction_rows(by=office, rows=rows) == []
    assert imports.apply_introduction_rows(by=office, rows=rows) == 1
    introduction = Introduction.objects.get(talent=talent)
    assert introduction.contract_rule is None
    assert "历史记录" in introduction.decision_note


def test_apply_on_its_own_is_all_or_nothing(office, unit, talent):
    good = factories.TalentFactory(unit=unit)
    content = workbook_bytes(
        INTRO_HEADER,
        [full_time_row(good, unit), full_time_row(talent, unit, contract_end=datetime.date(2026, 3, 1))],
    )
    with pytest.raises(imports.ImportRejected) as rejected:
        imports.apply_introduction_rows(by=office, rows=rows_of(content, ImportKind.INTRODUCTIONS))
    assert [e.row for e in rejected.value.errors] == [3]
    assert Introduction.objects.count() == 0


def test_unreadable_files_and_missing_columns_are_refused_as_a_whole(client, unit_staff, upload):
    client.force_login(unit_staff)
    upload(files.XLSX)  # an Excel container whose workbook cannot be read
    upload(workbook_bytes(["姓名", "引进方式"], [["张三", "全职引进"]]))
    upload(workbook_bytes(INTRO_HEADER, []))
    not_xlsx = upload(b"a,b", name="data.csv")

    unreadable, missing, empty = ImportJob.objects.order_by("pk")
    assert unreadable.status == missing.status == empty.status == ImportStatus.FAILED
    assert "无法读取" in unreadable.errors[0]["message"]
    assert missing.errors[0]["row"] == 1
    assert "公民身份号码" in missing.errors[0]["message"]
    assert "没有可导入的数据行" in empty.errors[0]["message"]
    assert not_xlsx.status_code == 200
    assert "“Excel文件”不支持该文件格式。仅可上传 Excel（xlsx） 格式的文件。" in not_xlsx.content.decode()


@pytest.mark.parametrize("content", [files.EXE, files.HTML, b"not a workbook at all", files.DOCX, files.ZIP])
def test_a_file_that_is_not_a_workbook_is_refused_at_upload_naming_the_field(client, unit_staff, upload, content):
    client.force_login(unit_staff)
    response = upload(content, name="引进.xlsx")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "“Excel文件”的文件内容不是 Excel 文件，与扩展名（.xlsx）不符。请确认文件未损坏、格式正确后重新上传。"
    ]
    assert not ImportJob.objects.exists()


def test_the_upload_is_kept_under_a_random_name_until_the_job_runs(unit_staff, settings):
    upload = SimpleUploadedFile("新华区 张三 引进.xlsx", workbook_bytes(INTRO_HEADER, []), content_type=XLSX)
    job = start_import(by=unit_staff, kind=ImportKind.INTRODUCTIONS, upload=upload)
    assert job.original_name == "新华区 张三 引进.xlsx"
    assert re.fullmatch(r"imports/\d{4}/\d{2}/[0-9a-f]{32}\.xlsx", job.file.name)
    file_mode, directory_modes = files.stored_tree_modes(Path(settings.MEDIA_ROOT), job.file.name)
    assert (file_mode, set(directory_modes)) == (0o640, {0o750})


# ------------------------------------------------------------------ progress


def test_progress_is_saved_as_the_rows_are_checked(office, unit):
    talents = bulk_talents(unit, 450)
    content = workbook_bytes(INTRO_HEADER, [full_time_row(t, unit) for t in talents])
    seen: list[int] = []
    errors = imports.validate_introduction_rows(
        by=office, rows=rows_of(content, ImportKind.INTRODUCTIONS), on_progress=seen.append
    )
    assert errors == []
    assert seen == [0, 200, 400, 450]
    assert Introduction.objects.count() == 0  # checking writes nothing


def test_status_partial_polls_while_running_and_shows_the_bar(client, unit_staff, unit):
    job = ImportJob.objects.create(
        kind=ImportKind.INTRODUCTIONS,
        created_by=unit_staff,
        unit=unit,
        status=ImportStatus.VALIDATING,
        total_rows=400,
        processed_rows=100,
    )
    client.force_login(unit_staff)
    response = client.get(reverse("introductions:import-status", args=[job.pk]), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'value="12"' in page  # checking is the first half of the bar: 100/400 of 50 %
    assert "100 / 400" in page

    job.status, job.processed_rows = ImportStatus.APPLYING, 0
    job.save()
    progress.publish(job.pk, 200)
    page = client.get(reverse("introductions:import-status", args=[job.pk])).content.decode()
    assert 'value="75"' in page
    assert "200 / 400" in page


# ------------------------------------------------------------------ permissions


@pytest.mark.parametrize("who", ["county_staff", "talent_self", "expert"])
def test_county_talent_and_expert_users_cannot_import(client, request, who, unit_staff, unit, upload):
    user = request.getfixturevalue(who)
    job = ImportJob.objects.create(kind=ImportKind.INTRODUCTIONS, created_by=unit_staff, unit=unit)
    client.force_login(user)
    assert client.get(reverse("introductions:import")).status_code == 403
    assert client.get(reverse("introductions:import-template"), {"kind": "periods"}).status_code == 403
    assert client.get(reverse("introductions:import-status", args=[job.pk])).status_code == 403
    content = workbook_bytes(INTRO_HEADER, [])
    assert upload(content).status_code == 403
    assert ImportJob.objects.count() == 1


def test_a_unit_sees_only_its_own_import_jobs(client, unit, other_unit):
    mine, theirs = factories.unit_user(unit), factories.unit_user(other_unit)
    job = ImportJob.objects.create(kind=ImportKind.INTRODUCTIONS, created_by=theirs, unit=other_unit)
    client.force_login(mine)
    assert client.get(reverse("introductions:import-status", args=[job.pk])).status_code == 404
    assert client.get(reverse("introductions:import"), {"job": job.pk}).status_code == 404


def test_import_page_renders_for_unit_and_office(client, unit_staff, office):
    for user in (unit_staff, office):
        client.force_login(user)
        page = client.get(reverse("introductions:import"))
        assert page.status_code == 200
        assert "下载导入模板" in page.content.decode()


# ------------------------------------------------------------------ working periods


@pytest.fixture
def flexible(unit_staff, talent, unit):
    return declare_introduction(
        by=unit_staff,
        talent=talent,
        unit=unit,
        data={
            "mode": IntroductionMode.FLEXIBLE,
            "manner": "individual",
            "introduced_on": datetime.date(2025, 1, 1),
            "service_forms": ["consulting"],
            "agreement_start": datetime.date(2025, 1, 1),
            "agreement_end": datetime.date(2026, 12, 31),
        },
    )


def test_working_periods_import(client, unit_staff, talent, flexible, upload):
    content = workbook_bytes(
        PERIOD_HEADER,
        [
            [talent.name, talent.id_number, "2025-03-01", "2025-03-31", "技术咨询"],
            [talent.name, talent.id_number, datetime.date(2025, 6, 1), datetime.date(2025, 7, 15), "联合攻关"],
        ],
    )
    client.force_login(unit_staff)
    upload(content, kind="periods")

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert job.applied_rows == 2
    assert list(flexible.work_periods.values_list("start", "end")) == [
        (datetime.date(2025, 3, 1), datetime.date(2025, 3, 31)),
        (datetime.date(2025, 6, 1), datetime.date(2025, 7, 15)),
    ]

    upload(content, kind="periods")
    again = ImportJob.objects.latest("pk")
    assert again.status == ImportStatus.FAILED
    assert {e["row"] for e in again.errors} == {2, 3}
    assert "已经登记过" in again.errors[0]["message"]
    assert WorkPeriod.objects.count() == 2


def test_working_period_rows_are_checked_by_the_domain(unit_staff, unit, talent, flexible, other_talent):
    full_timer = factories.TalentFactory(unit=unit)
    rows = [
        [talent.name, talent.id_number, "2024-12-01", "2024-12-31", "协议期前"],
        [talent.name, talent.id_number, "2025-05-01", "2025-04-01", "倒着填"],
        [talent.name, talent.id_number, "2025-05-01", "2025-05-31", "重复"],
        [talent.name, talent.id_number, "2025-05-01", "2025-05-31", "重复"],
        [other_talent.name, other_talent.id_number, "2025-05-01", "2025-05-31", "别人的人才"],
        [full_timer.name, full_timer.id_number, "2025-05-01", "2025-05-31", "没有柔性引进"],
        [talent.name, talent.id_number, "2025-08-01", "2025-08-31", None],
    ]
    content = workbook_bytes(PERIOD_HEADER, rows)
    errors = imports.validate_work_period_rows(by=unit_staff, rows=rows_of(content, ImportKind.WORK_PERIODS))
    found = {(e.row, e.column): e.message for e in errors}
    assert "协议期内" in found[(2, "起始日期")]
    assert "不能早于" in found[(3, "终止日期")]
    assert "第4行" in found[(5, "起始日期")]
    assert "本单位人才库中没有" in found[(6, "公民身份号码")]
    assert "没有柔性引进记录" in found[(7, "公民身份号码")]
    assert (8, "工作内容") in found
    assert 4 not in {e.row for e in errors}
    assert WorkPeriod.objects.count() == 0


# ------------------------------------------------------------------ exports


def _read_export(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def test_export_is_a_real_workbook_of_visible_rows_with_masked_id_numbers(
    client, office, unit_staff, unit, talent, other_unit, other_talent, flexible
):
    declare_introduction(
        by=office,
        talent=other_talent,
        unit=other_unit,
        data={
            "mode": IntroductionMode.FULL_TIME,
            "manner": "individual",
            "introduced_on": datetime.date(2024, 5, 1),
            "personnel_transferred_on": datetime.date(2024, 5, 1),
            "transferred_from": "北京",
            "contract_start": datetime.date(2024, 5, 1),
            "contract_end": datetime.date(2029, 4, 30),
        },
    )
    client.force_login(unit_staff)
    audit_before = AuditEntry.objects.filter(action=AuditAction.EXPORT).count()

    rows = _read_export(client.get(reverse("introductions:export")))

    assert rows[0][:2] == ("姓名", "公民身份号码")
    assert len(rows) == 2
    assert rows[1][0] == talent.name
    assert rows[1][1] == mask_id_number(talent.id_number)
    assert talent.id_number not in str(rows)
    assert other_talent.name not in str(rows)
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == audit_before + 1

    client.force_login(office)
    assert len(_read_export(client.get(reverse("introductions:export")))) == 3
    assert len(_read_export(client.get(reverse("introductions:export"), {"mode": "full_time"}))) == 2
    assert len(_read_export(client.get(reverse("introductions:export"), {"year": "2025"}))) == 2
    assert len(_read_export(client.get(reverse("introductions:export"), {"state": "confirmed"}))) == 1
    assert len(_read_export(client.get(reverse("introductions:export"), {"mode": "nonsense"}))) == 3
    assert len(_read_export(client.get(reverse("introductions:export"), {"q": other_talent.name}))) == 2


def test_periods_export(client, unit_staff, talent, flexible, other_unit):
    flexible.work_periods.create(start=datetime.date(2025, 3, 1), end=datetime.date(2025, 3, 31), description="咨询")
    flexible.work_periods.create(start=datetime.date(2026, 1, 5), end=datetime.date(2026, 1, 9), description="讲学")
    client.force_login(unit_staff)
    rows = _read_export(client.get(reverse("introductions:periods-export")))
    assert len(rows) == 3
    assert rows[1][1] == mask_id_number(talent.id_number)
    assert rows[1][5] == 31  # both ends counted
    assert len(_read_export(client.get(reverse("introductions:periods-export"), {"year": "2026"}))) == 2

    client.force_login(factories.unit_user(other_unit))
    assert len(_read_export(client.get(reverse("introductions:periods-export")))) == 1


def test_export_needs_the_list_permission(client, expert):
    client.force_login(expert)
    assert client.get(reverse("introductions:export")).status_code == 403
    assert client.get(reverse("introductions:periods-export")).status_code == 403


# ------------------------------------------------------------------ formula injection


def test_introductions_export_writes_a_formula_like_name_as_text(client, office, unit_staff, talent, unit):
    Talent.objects.filter(pk=talent.pk).update(name=INJECTED)
    talent.refresh_from_db()
    declare_introduction(
        by=unit_staff,
        talent=talent,
        unit=unit,
        data={
            "mode": IntroductionMode.FULL_TIME,
            "manner": "individual",
            "introduced_on": datetime.date(2024, 5, 1),
            "personnel_transferred_on": datetime.date(2024, 5, 1),
            "transferred_from": "@SUM(1+1)",
            "contract_start": datetime.date(2024, 5, 1),
            "contract_end": datetime.date(2029, 4, 30),
        },
    )
    client.force_login(office)
    content = b"".join(client.get(reverse("introductions:export")).streaming_content)
    assert_no_formula(content)
    assert_no_formula(content, "@SUM(1+1)")


def test_periods_export_writes_a_formula_like_description_as_text(client, unit_staff, flexible):
    flexible.work_periods.create(start=datetime.date(2025, 3, 1), end=datetime.date(2025, 3, 31), description=INJECTED)
    client.force_login(unit_staff)
    assert_no_formula(client.get(reverse("introductions:periods-export")))


def test_error_report_writes_a_formula_like_name_as_text(client, unit_staff, unit):
    job = ImportJob.objects.create(
        kind=ImportKind.INTRODUCTIONS,
        created_by=unit_staff,
        unit=unit,
        status=ImportStatus.FAILED,
        errors=[{"row": 3, "name": INJECTED, "column": "姓名", "message": "=1+1"}],
    )
    client.force_login(unit_staff)
    content = b"".join(client.get(reverse("introductions:import-errors", args=[job.pk])).streaming_content)
    assert_no_formula(content)
    assert_no_formula(content, "=1+1")


def test_template_writes_a_formula_like_channel_name_as_text(client, unit_staff):
    ChannelFactory(name=INJECTED)
    client.force_login(unit_staff)
    response = client.get(reverse("introductions:import-template"), {"kind": ImportKind.INTRODUCTIONS})
    assert response.status_code == 200
    assert_no_formula(b"".join(response.streaming_content))
