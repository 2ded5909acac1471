"""Measures of this family: being written."""
