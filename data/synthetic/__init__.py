"""Synthetic record-level extracts for the five sources that have no public record-level data.

Workforce, staff survey, grievance, misconduct and victim satisfaction extracts are simulated from one fixed seed and
calibrated to the December 2017 STRIDE performance pack and the strategies beside it (`calibration.py` cites each
figure), in the formats the loaders accept. Every file name starts `synthetic_` and every row carries `Synthetic`
= True so made-up data can never pass for real. `police_uk` makes large stop-and-search files for benchmarks.

    python -m data.synthetic sample data/sample             # the shipped sample (gzipped CSVs and a README)
    python -m data.synthetic police-uk big.csv --rows 5000000
    python -m data.synthetic workforce wf_2018Q3.csv --people 50000
"""
from data.synthetic.police_uk import police_uk_rows, police_uk_table, write_police_uk
from data.synthetic.sample import generate, write_sample
from data.synthetic.workforce import workforce_rows

__all__ = ["generate", "police_uk_rows", "police_uk_table", "workforce_rows", "write_police_uk", "write_sample"]
