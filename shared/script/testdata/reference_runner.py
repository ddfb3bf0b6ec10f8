"""Runs playground scripts in CPython, one step per top-level statement, and prints
their outcomes as the spec defines them (shared/spec/script-language.md §3):
the reference the interpreter's conformance tests compare against.

stdin: a JSON list of script sources. stdout: a JSON list (one per script) of lists of
{"line", "source", "ok", "value" | "error", "stdout"}.
"""
import ast
import contextlib
import io
import json
import sys
import warnings

warnings.simplefilter('ignore')


def outcome_error(e):
    errno = e.errno if isinstance(e, OSError) and isinstance(e.errno, int) else None
    return {'type': type(e).__name__, 'errno': errno, 'message': str(e)}


def evaluate(expr, g):
    return eval(compile(ast.Expression(expr), '<script>', 'eval'), g)


def run_step(node, g):
    if isinstance(node, ast.Expr):
        return repr(evaluate(node.value, g))
    if isinstance(node, ast.Assign):
        value = evaluate(node.value, g)
        g['__rhs__'] = value
        assign = ast.Assign(targets=node.targets, value=ast.Name('__rhs__', ast.Load()))
        module = ast.fix_missing_locations(ast.Module([ast.copy_location(assign, node)], []))
        try:
            exec(compile(module, '<script>', 'exec'), g)
        finally:
            del g['__rhs__']
        return repr(value)
    exec(compile(ast.Module([node], []), '<script>', 'exec'), g)
    return 'None'


def run(source):
    tree = ast.parse(source)
    g = {'__name__': '__main__'}
    outcomes = []
    for node in tree.body:
        buf = io.StringIO()
        record = {'line': node.lineno, 'source': ast.get_source_segment(source, node), 'ok': True}
        try:
            with contextlib.redirect_stdout(buf):
                record['value'] = run_step(node, g)
        except Exception as e:  # noqa: BLE001 - every exception is an outcome
            record['ok'] = False
            record['error'] = outcome_error(e)
        record['stdout'] = buf.getvalue()
        outcomes.append(record)
    return outcomes


def main():
    sys.set_int_max_str_digits(4300)
    scripts = json.load(sys.stdin)
    json.dump([run(s) for s in scripts], sys.stdout, ensure_ascii=False)


main()
