import pytest
from django.core.management import CommandError, call_command

from projects.models import Project
from tests.core.test_import_as_editor import editor_client, filled_template  # noqa: F401
from tests.core.test_spreadsheet_import import FIXTURES, reference_data  # noqa: F401

pytestmark = pytest.mark.django_db


def test_command_checks_then_commits(reference_data, capsys):  # noqa: F811
    call_command("import_sheet", "projects", str(FIXTURES / "good.xlsx"))
    assert Project.objects.count() == 0
    assert "3 to add" in capsys.readouterr().out
    call_command("import_sheet", "projects", str(FIXTURES / "good.xlsx"), "--commit")
    assert Project.objects.count() == 3
    assert "新增 3 条，修改 0 条；签约项目现有 3 条" in capsys.readouterr().out


def test_command_refuses_a_bad_file_and_writes_nothing(reference_data, capsys):  # noqa: F811
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_sheet", "projects", str(FIXTURES / "bad_values.csv"), "--commit")
    assert Project.objects.count() == 0
    assert "atlantis" in capsys.readouterr().err


def test_command_writes_the_editors_template_and_prints_what_the_table_holds(editor_client, tmp_path, capsys):  # noqa: F811
    """The Chinese template with the delay reasons left empty (issue 24): written, and the count is the table's."""
    path = tmp_path / "项目.xlsx"
    path.write_bytes(filled_template(editor_client))
    before = Project.objects.count()
    call_command("import_sheet", "projects", str(path), "--commit")
    assert Project.objects.count() == before + 5
    assert f"新增 5 条，修改 0 条；签约项目现有 {before + 5} 条" in capsys.readouterr().out


def test_command_names_rows_as_excel_does(editor_client, tmp_path, capsys):  # noqa: F811
    path = tmp_path / "项目.xlsx"
    path.write_bytes(filled_template(editor_client, change={3: {"签约日期": "明年"}}))
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_sheet", "projects", str(path), "--commit")
    assert "row 4: signed_on" in capsys.readouterr().err
