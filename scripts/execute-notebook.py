"""Executes one notebook with nbclient and reports the first failing cell as JSON (for run-notebooks.mjs).

    python3 scripts/execute-notebook.py NOTEBOOK OUTPUT KERNEL_NAME CELL_TIMEOUT_SECONDS

Runs the cells in order in the notebook's own folder and stops at the first cell that fails, as Jupyter's
"Run All" does. A cell fails when the kernel's execute_reply says `error`, which also catches the errors
that produce no error output (the Deno kernel reports a syntax error only that way), when it times out,
or when the kernel dies. Cells tagged `raises-exception` may fail. The executed (or partly executed)
notebook is written to OUTPUT. The last line of stdout is the JSON report; the exit code is 0 when the
notebook ran through, 1 when a cell failed and 2 when the notebook could not be run.
"""
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def main(source, output, kernel_name, timeout):
    nb = nbformat.read(source, as_version=4)
    state = {"cell": None, "reply": None}

    def on_cell_execute(cell, cell_index):
        state["cell"] = cell_index

    def on_cell_error(cell, cell_index, execute_reply):
        state["reply"] = execute_reply["content"]

    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=timeout,
        allow_errors=False,
        record_timing=True,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}},
        on_cell_execute=on_cell_execute,
        on_cell_error=on_cell_error,
    )
    report = {"ok": True, "cells": len(nb.cells)}
    start = time.monotonic()
    try:
        client.execute()
    except CellExecutionError as e:
        reply = state["reply"] or {}
        report = failure("error", state["cell"], nb, reply.get("ename", e.ename), reply.get("evalue", e.evalue),
                         reply.get("traceback") or [])
    except CellTimeoutError as e:
        report = failure("timeout", state["cell"], nb, "CellTimeoutError", f"no reply within {timeout} s", [str(e)])
    except DeadKernelError as e:
        report = failure("dead-kernel", state["cell"], nb, "DeadKernelError", str(e), [])
    except Exception as e:  # the kernel did not start, or the notebook is not valid
        report = failure("setup", state["cell"], nb, type(e).__name__, str(e), [])
    report["seconds"] = round(time.monotonic() - start, 2)
    nbformat.write(nb, output)
    print(json.dumps(report))
    return 0 if report["ok"] else (1 if report["cell"] is not None else 2)


def failure(kind, cell_index, nb, ename, evalue, traceback):
    source = nb.cells[cell_index].source if cell_index is not None else ""
    return {
        "ok": False,
        "kind": kind,
        "cell": cell_index,
        "source": source,
        "ename": ename,
        "evalue": evalue,
        "traceback": traceback,
    }


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
