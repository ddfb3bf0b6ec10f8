#!/usr/bin/env python3
"""Reference side of Socket Playground's differential tests.

Runs a playground script under CPython, one top-level statement (a "step") at a
time, and writes one JSON object per step on its own line, as the playground's
`run SCRIPT --json` does (docs: shared spec, section 3):

    {"line": 5, "source": "s.listen(1)", "ok": true, "value": "None", "stdout": ""}
    {"line": 6, "source": "c.connect(...)", "ok": false,
     "error": {"type": "ConnectionRefusedError", "errno": 111,
               "message": "[Errno 111] Connection refused"}, "stdout": ""}

A step's value is repr() of an expression statement's value or of an
assignment's right-hand side, and None for anything else. A step that raises is
recorded and the script goes on (the names it would have bound stay unbound).
A step still running after --step-timeout seconds is stopped and recorded as
StepTimeout.

usage: python3 cpython_ref.py SCRIPT [--json] [--step-timeout SECONDS]
exit status: 0 every step succeeded, 1 some step raised, 2 the script could not be read or parsed
"""
import ast
import io
import json
import signal
import sys
from contextlib import redirect_stdout

RHS_SLOT = "__sp_rhs__"


class StepTimeout(BaseException):
    """Raised from the SIGALRM handler when a step overruns. A BaseException so
    that nothing the script does can mistake it for one of its own errors."""


def _alarm(signum, frame):
    raise StepTimeout()


def parse_args(argv):
    script, step_timeout = None, 10.0
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--step-timeout" and rest:
            step_timeout = float(rest.pop(0))
        elif arg.startswith("--step-timeout="):
            step_timeout = float(arg.split("=", 1)[1])
        elif arg == "--json":
            pass  # the output is always JSON lines; accepted so that the command line matches `run`
        elif script is None and not arg.startswith("--"):
            script = arg
        else:
            raise SystemExit("cpython_ref.py: unexpected argument %r\n%s" % (arg, __doc__))
    if script is None:
        raise SystemExit(__doc__)
    return script, step_timeout


class Step:
    """One top-level statement, compiled so that its value can be observed."""

    def __init__(self, node, filename):
        self.node = node
        self.bind = None
        if isinstance(node, ast.Expr):
            self.expr = compile(ast.Expression(node.value), filename, "eval")
        elif isinstance(node, ast.Assign):
            self.expr = compile(ast.Expression(node.value), filename, "eval")
            # The targets get the value from a slot in the namespace, so that a
            # failure while unpacking leaves every target unbound, as in CPython.
            stmt = ast.Assign(targets=node.targets, value=ast.Name(id=RHS_SLOT, ctx=ast.Load()))
            ast.copy_location(stmt, node)
            self.bind = compile(ast.fix_missing_locations(ast.Module(body=[stmt], type_ignores=[])),
                                filename, "exec")
        else:
            self.expr = None
            self.code = compile(ast.Module(body=[node], type_ignores=[]), filename, "exec")

    def run(self, namespace):
        if self.expr is None:
            exec(self.code, namespace)
            return None
        value = eval(self.expr, namespace)
        if self.bind is not None:
            # The slot keeps the value until the next assignment, as the conformance
            # kit's runner does: it decides when CPython finalizes a dropped socket.
            namespace[RHS_SLOT] = value
            exec(self.bind, namespace)
        return value


def error_record(exc):
    code = getattr(exc, "errno", None)
    return {
        "type": type(exc).__name__,
        "errno": code if isinstance(code, int) and not isinstance(code, bool) else None,
        "message": str(exc),
    }


def emit(record):
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main(argv):
    path, step_timeout = parse_args(argv)
    try:
        with open(path, encoding="utf-8") as f:
            source = f.read()
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        sys.stderr.write("%s: %s\n" % (path, exc))
        emit({"line": exc.lineno, "source": (exc.text or "").rstrip("\n"), "ok": False,
              "error": error_record(exc), "stdout": ""})
        return 2
    except OSError as exc:
        sys.stderr.write("%s: %s\n" % (path, exc))
        return 2

    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    signal.signal(signal.SIGALRM, _alarm)
    all_ok = True
    for node in tree.body:
        record = {"line": node.lineno, "source": ast.get_source_segment(source, node)}
        captured = io.StringIO()
        try:
            step = Step(node, path)
            signal.setitimer(signal.ITIMER_REAL, step_timeout)
            try:
                with redirect_stdout(captured):
                    value = step.run(namespace)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            record["ok"] = True
            record["value"] = repr(value)
        except StepTimeout:
            all_ok = False
            record["ok"] = False
            record["error"] = {"type": "StepTimeout", "errno": None,
                               "message": "statement still running after %gs" % step_timeout}
        except Exception as exc:  # the step's outcome, not a failure of the runner
            all_ok = False
            record["ok"] = False
            record["error"] = error_record(exc)
        record["stdout"] = captured.getvalue()
        emit(record)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
