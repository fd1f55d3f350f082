#!/usr/bin/python3
"""Times PyYAML's C loader on FILE, RUNS times, in one interpreter.

    pyload.py FILE RUNS

Prints one line per run: the CPU seconds that yaml.load(f, Loader=CSafeLoader)
took, file opening and interpreter start excluded. Run it with Debian's
/usr/bin/python3, whose python3-yaml is built against the system libyaml.
"""
import sys
import time

import yaml


def main():
    path, runs = sys.argv[1], int(sys.argv[2])
    if not yaml.__with_libyaml__:
        sys.exit("pyload.py: this PyYAML has no C loader")
    for _ in range(runs):
        with open(path, "rb") as f:
            start = time.process_time()
            data = yaml.load(f, Loader=yaml.CSafeLoader)
            took = time.process_time() - start
        assert isinstance(data, dict) and data["questions"]
        del data
        print("%.6f" % took, flush=True)


if __name__ == "__main__":
    main()
