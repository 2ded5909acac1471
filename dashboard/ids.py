"""Component ids, named once so layouts, callbacks and browser tests cannot drift apart."""

SYNTHETIC_BANNER = "synthetic-banner"
LOADS_TABLE = "loads-table"
DATA_VERSION = "data-version"
