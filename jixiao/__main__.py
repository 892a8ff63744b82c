import os
import sys

from jixiao.cli import main

code = main()
# Leave without the interpreter's shutdown: after a build it spends a second or more
# tearing down what the libraries left (the notebook cache's database engine, the chart
# renderer's runtime, the worker pool's bookkeeping). Every file is written and closed
# by now, and the build lock goes with the process.
for stream in (sys.stdout, sys.stderr):
    try:
        stream.flush()
    except (OSError, ValueError):  # a reader that went away (| head), or a closed stream
        pass
os._exit(code or 0)
