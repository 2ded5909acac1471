"""Extract loaders, category harmonisation, the Parquet store and the shipped baselines and samples."""
