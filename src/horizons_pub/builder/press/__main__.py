"""``python -m horizons_pub.builder.press FD``: the press's process, on the socket ``FD`` its parent passed."""

import sys
from multiprocessing.connection import Connection

from .worker import main

main(Connection(int(sys.argv[1])))
