"""``python -m horizons_pub.builder.warm OUT_ROOT [--idle SECONDS]``: the warm builder (server.py)."""

import sys

from .server import main

sys.exit(main())
