"""Exports of one chart: its image (PNG, SVG, PDF) and its data (CSV, XLSX), served from the Dash server.

- `images`: one long-lived kaleido (headless Chromium) server per process, and a chart's figure decorated with
  everything a reader of the file needs without the page around it (title, period and filters, source, footnote).
- `data`: the tidy rows of the metrics layer with a header block, as CSV or XLSX; suppressed cells carry the marker,
  never a number; text that a spreadsheet would run as a formula is neutralised.
- `routes`: `GET /export/<page>/<chart>.<fmt>?period=..&by=..&cross=..`, drawn exactly as the page draws the panel,
  and the row of download links under every panel.

The whole-pack PDF and PPTX build on `images.chart_image`, `data.chart_data` and `routes.chart_export`.
"""
