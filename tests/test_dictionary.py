"""The shipped data dictionary is the one the contracts generate: it cannot fall behind the code."""
from data import dictionary


def test_docs_extracts_md_matches_the_contracts():
    current = dictionary.DOC.read_text(encoding="utf-8") if dictionary.DOC.exists() else ""
    assert current == dictionary.expected(), (
        "docs/extracts.md differs from the contracts in data/: run `python -m data.dictionary` and commit the result"
    )


def test_check_flag_fails_on_a_stale_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(dictionary, "DOC", tmp_path / "extracts.md")
    assert dictionary.main(["--check"]) == 1  # missing counts as stale
    assert dictionary.main([]) == 0
    assert dictionary.main(["--check"]) == 0
    (tmp_path / "extracts.md").write_text("# edited by hand\n", encoding="utf-8")
    assert dictionary.main(["--check"]) == 1
    assert "python -m data.dictionary" in capsys.readouterr().err
