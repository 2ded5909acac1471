"""Write the data dictionary `docs/extracts.md` from the contracts, or check that it is current.

    python -m data.dictionary           rewrite docs/extracts.md
    python -m data.dictionary --check   exit 1 if docs/extracts.md differs from the contracts
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data.contract import dictionary_markdown
from data.extracts import all_contracts

DOC = Path(__file__).resolve().parent.parent / "docs" / "extracts.md"


def expected() -> str:
    return dictionary_markdown(all_contracts())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.dictionary", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    text = expected()
    if args.check:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else None
        if current != text:
            print(f"{DOC} is out of date: run `python -m data.dictionary`", file=sys.stderr)
            return 1
        return 0
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
