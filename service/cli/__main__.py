"""`python -m service.cli …`: the same command as the installed `policy-search`."""

import sys

from service.cli.app import main

sys.exit(main())
