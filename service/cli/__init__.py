"""The `policy-search` command (typer): ingest, outline, index, search, ask, compare, targets,
serve, eval, bench, model.

`app.py` declares the commands and their options; `reading.py` runs the ones that read the
corpus or the index (rich tables for people); `running.py` the ones that serve, score and
benchmark, whose heavy packages (uvicorn, eval, bench) are imported inside the command.
"""

from service.cli.app import main

__all__ = ["main"]
