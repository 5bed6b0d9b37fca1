"""``python -m mc_credentials``: same as the ``mc-verify`` console script."""

import sys

from .cli import main

sys.exit(main())
