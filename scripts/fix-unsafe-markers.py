#!/usr/bin/env python3
# Marks or unmarks `unsafe` expressions from strict-memory-safety compiler warnings (a development aid).
# SPDX-License-Identifier: Apache-2.0
# Usage: swift build ... 2>&1 | python3 scripts/fix-unsafe-markers.py
# Review the result: every inserted `unsafe` still needs its `// SAFETY:` justification.
import re, sys
add, drop = {}, {}
pat = re.compile(r"^(/[^:]+\.swift):(\d+):(\d+): warning: (expression uses unsafe constructs but is not marked with 'unsafe'|no unsafe operations occur within 'unsafe' expression)")
for line in sys.stdin:
    m = pat.match(line.strip())
    if not m: continue
    f, ln, col, kind = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
    (add if kind.startswith("expression") else drop).setdefault(f, set()).add((ln, col))
for f in set(add) | set(drop):
    lines = open(f).read().split("\n")
    edits = [(ln, col, "add") for ln, col in add.get(f, ())] + [(ln, col, "drop") for ln, col in drop.get(f, ())]
    for ln, col, kind in sorted(edits, reverse=True):
        s = lines[ln - 1]; i = col - 1
        if kind == "add" and not s[i:].startswith("unsafe "):
            lines[ln - 1] = s[:i] + "unsafe " + s[i:]
        elif kind == "drop" and s[i:].startswith("unsafe "):
            lines[ln - 1] = s[:i] + s[i + 7:]
    open(f, "w").write("\n".join(lines))
    print("fixed", f, file=sys.stderr)
