"""The warm builder: a long-lived build process (WeasyPrint and the build's modules imported once, the
issues' articles kept by their file hash, one pool of workers for its life) that the preview starts and
``horizons-pub build`` uses when it serves the same output root.  :mod:`.server` is the process,
:mod:`.client` what talks to it, :mod:`.places` where it is found, :mod:`.records` what they say to each
other."""
