import pytest
from django.core.management import CommandError, call_command

from projects.models import Project
from tests.core.test_spreadsheet_import import FIXTURES, reference_data  # noqa: F401

pytestmark = pytest.mark.django_db


def test_command_checks_then_commits(reference_data, capsys):  # noqa: F811
    call_command("import_sheet", "projects", str(FIXTURES / "good.xlsx"))
    assert Project.objects.count() == 0
    call_command("import_sheet", "projects", str(FIXTURES / "good.xlsx"), "--commit")
    assert Project.objects.count() == 3
    assert "new 3" in capsys.readouterr().out


def test_command_refuses_a_bad_file_and_writes_nothing(reference_data, capsys):  # noqa: F811
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_sheet", "projects", str(FIXTURES / "bad_values.csv"), "--commit")
    assert Project.objects.count() == 0
    assert "atlantis" in capsys.readouterr().err
