"""Command line: `python -m data.synthetic sample OUTDIR`, `... police-uk FILE --rows N`, `... national FOLDER --rows N`,
`... workforce FILE --people N`."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from data.synthetic import calibration as C


def _numbers(text: str) -> list[int]:
    """Numbers written "3", "1,2,3" or "1-12" (a range, both ends included)."""
    if "-" in text:
        low, high = map(int, text.split("-"))
        return list(range(low, high + 1))
    return [int(m) for m in text.split(",")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.synthetic", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help="write the synthetic sample extracts (gzipped CSVs) and a README")
    sample.add_argument("outdir", type=Path)
    sample.add_argument("--seed", type=int, default=C.SEED)
    sample.add_argument("--scale", type=float, default=1.0, help="size relative to the Met (1.0 = full size)")
    police = commands.add_parser("police-uk", help="write a large police.uk stop-and-search CSV for benchmarks")
    police.add_argument("file", type=Path)
    police.add_argument("--rows", type=int, required=True)
    police.add_argument("--seed", type=int, default=0)
    police.add_argument("--year", type=int, default=2019)
    police.add_argument("--months", default="1-12", help="months of the year: '1-12' (default), '3' or '1,2,3'")
    police.add_argument("--synthetic-column", action="store_true", help="add a 16th column, Synthetic = True")
    national = commands.add_parser("national", help="write a national police.uk archive: every force, month by month")
    national.add_argument("folder", type=Path)
    national.add_argument("--rows", type=int, required=True, help="searches in all (about 6,000,000 for the benchmark)")
    national.add_argument("--years", default="2017-2019", help="calendar years: '2017-2019' (default) or '2018,2019'")
    national.add_argument("--months", default="1-12", help="months of each year: '1-12' (default), '11-12'")
    national.add_argument("--forces", help="police.uk slugs, comma-separated (default: all 43)")
    national.add_argument("--seed", type=int, default=None)
    people = commands.add_parser("workforce", help="write a one-quarter workforce extract of N people")
    people.add_argument("file", type=Path)
    people.add_argument("--people", type=int, required=True)
    people.add_argument("--quarter", default="2018Q3")
    people.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.command == "sample":
        from data.synthetic.sample import write_sample
        written = write_sample(args.outdir, seed=args.seed, scale=args.scale)
        for extract, paths in written.items():
            size = sum(p.stat().st_size for p in paths) / 1e6
            print(f"{args.outdir / extract}: {len(paths)} files, {size:.2f} MB")
        print(f"{args.outdir / 'README.md'}")
    elif args.command == "police-uk":
        from data.synthetic.police_uk import write_police_uk
        path = write_police_uk(args.file, args.rows, args.seed, year=args.year, months=_numbers(args.months),
                               synthetic_column=args.synthetic_column)
        print(f"{path}: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB")
    elif args.command == "national":
        from data.synthetic.national import SEED, write_archive
        files = write_archive(args.folder, args.rows, years=_numbers(args.years), months=_numbers(args.months),
                              forces=args.forces.split(",") if args.forces else None,
                              seed=SEED if args.seed is None else args.seed)
        size = sum(f.stat().st_size for f in files) / 1e6
        print(f"{args.folder}: {len(files)} files, {size:.1f} MB, and README.md (SYNTHETIC)")
    else:
        from data.synthetic.sample import write_csv_gz
        from data.synthetic.workforce import workforce_rows
        frame = workforce_rows(args.people, quarter=args.quarter, seed=args.seed)
        if args.file.name.endswith(".gz"):
            write_csv_gz(frame, args.file)
        else:
            frame.to_csv(args.file, index=False, lineterminator="\n")
        print(f"{args.file}: {len(frame):,} rows")
    print(f"done in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
