"""``python -m kinerja.scoring``: see :mod:`kinerja.scoring.cli` and docs/cli.md."""

from kinerja.scoring.cli import main

raise SystemExit(main())
