#!/usr/bin/env python3
"""The layer check of the core crate: imports in src/ run one way, by module path.

The layers are the folders of src/, lowest first:

    auth      verification and signing, no allocator
    delivery  the sender's configuration rules, no allocator (one gated function aside)
    model     the typed event model (alloc)
    response  the receiver's answers (alloc)
    send      the sender's side: an event, a key and a time made into a signed request (alloc)

Rules, checked on every `crate::…` path in the code of every file under src/ (comments, doc
comments and string literals are left out, so a doc link is not an import):

1. A file of a layer names only its own layer and the layers it may build on:
   auth -> (nothing else); delivery -> auth; model -> auth, delivery; response -> auth,
   delivery, model; send -> auth, delivery, model (a sender never needs the receiver's answers). A file at the root of src/ (lib.rs, internals.rs) may name any layer.
2. Code names items by their module path (`crate::auth::verifier::Verifier`), never through the
   crate root's re-exports (`crate::Verifier`), so that `grep 'crate::auth::verifier'` finds
   every user. (lib.rs itself is where the re-exports are made.)
3. No import cycle between files of different folders.

Exits 1 with one line per violation, 0 with a one-line summary. Python 3 standard library only.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

LAYERS = ["auth", "delivery", "model", "response", "send"]
MAY_USE = {
    "auth": set(),
    "delivery": {"auth"},
    "model": {"auth", "delivery"},
    "response": {"auth", "delivery", "model"},
    "send": {"auth", "delivery", "model"},
}


def strip_comments_and_strings(text: str) -> str:
    """The code of a Rust file with comments, strings and char literals blanked out (newlines kept,
    so line numbers stay right)."""
    out = []
    i, n = 0, len(text)
    depth = 0  # nesting of /* */ comments
    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if depth:
            if c == "/" and nxt == "*":
                depth += 1
                i += 2
            elif c == "*" and nxt == "/":
                depth -= 1
                i += 2
            else:
                out.append("\n" if c == "\n" else " ")
                i += 1
            continue
        if c == "/" and nxt == "/":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c == "/" and nxt == "*":
            depth = 1
            i += 2
            continue
        raw = re.match(r'b?r(#*)"', text[i:])
        if raw and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = '"' + raw.group(1)
            j = text.find(end, i + raw.end())
            j = n if j < 0 else j + len(end)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
            continue
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(re.sub(r"[^\n]", " ", text[i : j + 1]))
            i = j + 1
            continue
        if c == "'":
            # A char literal ('a', '\n', '\u{..}'), not a lifetime ('a).
            lit = re.match(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i:])
            if lit:
                out.append(" " * lit.end())
                i += lit.end()
                continue
        out.append(c)
        i += 1
    return "".join(out)


def use_paths(code: str):
    """Every `crate::…` path in the code, with `use` groups expanded: (line, [segments])."""
    results = []
    # `use crate::a::{b::C, d::{self, E}};` and friends.
    for m in re.finditer(r"\buse\s+crate::([^;]*);", code):
        line = code.count("\n", 0, m.start()) + 1
        for path in expand(m.group(1)):
            results.append((line, path))
    # Paths in expressions, types and `impl` headers: `crate::auth::verifier::Verifier::new`.
    no_uses = re.sub(r"\buse\s+crate::[^;]*;", lambda m: re.sub(r"[^\n]", " ", m.group(0)), code)
    for m in re.finditer(r"(?<![\w:$])crate((?:::\w+)+)", no_uses):
        line = no_uses.count("\n", 0, m.start()) + 1
        results.append((line, m.group(1).strip(":").split("::")))
    return results


def expand(tree: str):
    """The paths of a `use` tree (the part after `crate::`), as lists of segments."""
    tree = re.sub(r"\s+as\s+\w+", "", tree)
    tree = re.sub(r"\s+", "", tree)
    paths = []

    def walk(prefix, rest):
        if "{" not in rest:
            for part in split_top(rest):
                segs = [s for s in part.split("::") if s]
                if segs == ["self"]:
                    paths.append(prefix)
                elif segs:
                    paths.append(prefix + segs)
            return
        head, inner = rest.split("{", 1)
        inner = inner[: inner.rfind("}")]
        head_segs = [s for s in head.split("::") if s]
        for part in split_top(inner):
            walk(prefix + head_segs, part)

    for part in split_top(tree):
        walk([], part)
    return paths


def split_top(text: str):
    """Splits on the commas that are not inside braces."""
    parts, depth, cur = [], 0, ""
    for c in text:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    if cur:
        parts.append(cur)
    return parts


def module_file(src: Path, segs):
    """The file under src/ that the module path `segs` (a prefix of an item path) lives in."""
    best = None
    for k in range(1, len(segs) + 1):
        base = src.joinpath(*segs[:k])
        for candidate in (base.with_suffix(".rs"), base / "mod.rs"):
            if candidate.is_file():
                best = candidate
    return best


def main() -> int:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "src")
    files = sorted(src.rglob("*.rs"))
    errors = []
    uses = 0
    for path in files:
        rel = path.relative_to(src)
        layer = rel.parts[0] if len(rel.parts) > 1 else None
        code = strip_comments_and_strings(path.read_text(encoding="utf-8"))
        for line, segs in use_paths(code):
            uses += 1
            where = f"src/{rel}:{line}"
            shown = "crate::" + "::".join(segs)
            first = segs[0] if segs else ""
            if first not in LAYERS:
                if rel.name != "lib.rs" and first not in ("__internals",):
                    errors.append(f"{where}: `{shown}` goes through the crate root; name it by its module path")
                continue
            if layer is not None and first != layer and first not in MAY_USE[layer]:
                errors.append(f"{where}: `{shown}`: the {layer} layer must not import from {first}")
    # Cycles between files of different folders: in the graph of all file-to-file imports, a
    # strongly connected set of files that spans more than one folder.
    graph = {}
    for path in files:
        code = strip_comments_and_strings(path.read_text(encoding="utf-8"))
        for _, segs in use_paths(code):
            if segs and segs[0] in LAYERS:
                target = module_file(src, segs)
                if target is not None and target != path:
                    graph.setdefault(path, set()).add(target)
    for cycle in find_cycles(graph):
        folders = {p.parent for p in cycle}
        if len(folders) > 1:
            chain = " -> ".join(f"src/{p.relative_to(src)}" for p in cycle + [cycle[0]])
            errors.append(f"import cycle across folders: {chain}")
    for error in errors:
        print(error)
    if errors:
        print(f"layers: {len(errors)} violation(s)", file=sys.stderr)
        return 1
    print(f"layers: {len(files)} files, {uses} crate paths, imports run auth <- delivery <- model <- response, model <- send")
    return 0


def find_cycles(graph):
    """One representative cycle per strongly connected component with more than one file."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(cycle_in(graph, set(comp)))

    sys.setrecursionlimit(10000)
    for v in list(graph):
        if v not in index:
            strong(v)
    return out


def cycle_in(graph, comp):
    """A cycle through the component `comp`, preferring one that crosses folders."""
    nodes = sorted(comp)
    for start in nodes:
        # Breadth-first from `start` back to itself, inside the component.
        prev = {start: None}
        queue = [start]
        while queue:
            v = queue.pop(0)
            for w in sorted(graph.get(v, ())):
                if w not in comp:
                    continue
                if w == start:
                    path = [v]
                    while prev[path[-1]] is not None:
                        path.append(prev[path[-1]])
                    path.reverse()
                    if len({p.parent for p in path}) > 1:
                        return path
                    queue = []
                    break
                if w not in prev:
                    prev[w] = v
                    queue.append(w)
    return nodes


if __name__ == "__main__":
    sys.exit(main())
