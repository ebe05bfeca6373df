#!/usr/bin/env python3
"""Differential test of a Cedar engine against cedarpy 4.12.2 (the Rust reference, cedar-policy 4.12.0).

Generates, from a fixed seed, random schemas (namespaces, common types, enums, tags, action groups),
entity stores (hierarchies, attributes of every type including extension values and entity
references, tags, sometimes action entities), policy sets (valid and invalid against the schema)
and requests (validateRequest true and false). cedarpy computes the expected strict-validation
outcome, decision, reason set and error-policy set. The cases are written in the
cedar-integration-tests format to DIR/accept and run with `$CEDAR_CMD test --root DIR/accept
DIR/accept`. In addition, a fraction of files get a mutated entity set: when the reference rejects
it, it goes to DIR/reject and the engine must fail to load every file there; when the reference
accepts it, it is an extra zero-request test in DIR/accept. Requests the format cannot express
(the reference returns a non-policy error) are dropped and counted.

Usage: gen_differential.py [--seed N] [--requests N] [--per-file N] [--keep DIR] [--show N]
                           [--mutations FRACTION] [--debug]
Environment: CEDAR_CMD (default "lanyard cedar"). Exit status 0 iff there is no disagreement.
"""
import argparse
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter

import cedarpy
from cedarpy import Entities, PolicySet, Schema, is_authorized_batch, validate_policies

ERR_POLICY_RE = re.compile(r"error while evaluating policy `([^`]*)`")

# ------------------------------------------------------------------------------------------
# Types: "Bool" | "Long" | "String" | ("Set", T) | ("Rec", ((name, T, optional), ...))
#        | ("Ent", "User") | ("Ext", "decimal"|"ipaddr"|"datetime"|"duration")
BOOL, LONG, STR = "Bool", "Long", "String"
EXTS = ("decimal", "ipaddr", "datetime", "duration")
ENTITY_TYPES = ("User", "Group", "Doc", "Folder")
COLORS = ("red", "green", "blue")
ATTR_NAMES = ["name", "age", "level", "active", "score", "ip", "since", "ttl", "owner", "manager",
              "nums", "labels", "addr", "color", "readers", "e-mail", "flag", "limit", "spent", "when"]
SUB_NAMES = ["a", "b", "zip", "street", "n", "x y"]
CTX_NAMES = ["n", "s", "ok", "src", "now", "d", "amount", "who", "set", "rec", "tags", "lim"]
TAG_KEYS = ["k", "role", "env", "", "a b", "ünï"]

STRINGS = ["", "a", "alice", "bob", "A*b", "a*", "*", "x\ny", "tab\there", "q\"uote", "back\\slash",
           "üñí", "\u0000nul", "ab", "abc", "aXc", "prod", "dev", "'single'", "\u2028", "🦀", "red"]
LONGS = [0, 1, -1, 2, 3, 7, 10, 42, 100, -100, 255, 1000, 65536, 2**31, -2**31, 2**32,
         2**62, -2**62, 2**63 - 1, -2**63, 2**63 - 2, 3037000500, -3037000500, 4611686018427387904]
DECIMALS = ["0.0", "1.5", "-1.5", "0.0001", "-0.0001", "1.2345", "922337203685477.5807",
            "-922337203685477.5808", "10.1", "3.14", "100.0"]
BAD_DECIMALS = ["1.23456", "abc", "1.", ".5", "922337203685477.5808", "1e3"]
IPS = ["10.0.0.1", "10.0.0.0/8", "192.168.1.1", "192.168.0.0/16", "127.0.0.1", "127.0.0.0/8",
       "::1", "fe80::1", "fe80::/10", "224.0.0.1", "ff02::1", "0.0.0.0/0", "::/0", "8.8.8.8",
       "2001:db8::/32", "10.1.2.3/32"]
BAD_IPS = ["300.1.1.1", "10.0.0.0/33", "abc", "::g", "1.2.3"]
DATETIMES = ["2024-01-01", "2024-02-29", "1970-01-01", "2024-06-15T12:30:00Z",
             "2024-06-15T12:30:00.250Z", "2024-06-15T12:30:00+0200", "2024-06-15T23:59:59-1130",
             "1969-12-31T23:59:59Z", "9999-12-31", "0001-01-01", "2000-01-01T00:00:00.001Z"]
BAD_DATETIMES = ["2024-13-01", "2024-02-30", "24-01-01", "2024-01-01T25:00:00Z", "2024-1-1", "x"]
DURATIONS = ["1d", "2h", "30m", "45s", "500ms", "1d2h3m4s5ms", "-1h", "-30m15s", "0ms",
             "100000d", "9223372036854775807ms", "-9223372036854775808ms", "1h30m"]
BAD_DURATIONS = ["1x", "h", "1m1h", "", "1.5h", "9223372036854775808ms"]
ID_POOL = ["alice", "bob", "carol", "dave", "eve", "x", "a b", "q\"t", "üser", "", "*", "0", "new\nline"]


class Schema_:
    """A randomly generated schema, kept in structured form for type-directed generation."""

    def __init__(self, rng):
        self.rng = rng
        self.ns = "App" if rng.random() < 0.3 else None
        self.pre = self.ns + "::" if self.ns else ""
        self.attrs = {}   # entity type -> [(name, type, optional)]
        self.tags = {}    # entity type -> type or None
        self.use_common = rng.random() < 0.5
        self.addr = ("Rec", (("street", STR, False), ("zip", LONG, True), ("x y", BOOL, True)))
        for et in ENTITY_TYPES:
            n = rng.randint(2, 7)
            names = rng.sample(ATTR_NAMES, n)
            self.attrs[et] = [(a, self.rand_type(2), rng.random() < 0.35) for a in names]
            self.tags[et] = (rng.choice([LONG, STR, ("Set", STR), ("Ext", "decimal"), ("Ext", "datetime")])
                             if rng.random() < 0.5 else None)
        # actions: groups view/edit (no appliesTo), concrete actions with appliesTo
        self.ctx = {}
        shared_ctx = self.rand_ctx()
        self.applies = {
            "read": (["User"], ["Doc", "Folder"]),
            "write": (["User"], ["Doc"]),
            "delete": (["User"], ["Doc"]),
            "share": (["User", "Group"], ["Doc", "Folder"]),
        }
        for a in self.applies:
            self.ctx[a] = shared_ctx if (self.use_common and a in ("read", "write")) else self.rand_ctx()
        self.shared_ctx = shared_ctx
        self.action_parents = {"read": ["view"], "write": ["edit"], "delete": ["edit"], "edit": ["view"],
                               "share": [], "view": []}

    def rand_type(self, depth):
        r = self.rng.random()
        if depth <= 0 or r < 0.45:
            return self.rng.choice([BOOL, LONG, LONG, STR, STR] + [("Ext", e) for e in EXTS])
        if r < 0.6:
            return ("Ent", self.rng.choice(["User", "Group", "Color"]))
        if r < 0.8:
            return ("Set", self.rng.choice([LONG, STR, ("Ent", "User"), ("Ext", "ipaddr"), ("Ext", "decimal")]))
        if r < 0.88:
            return self.addr
        n = self.rng.randint(1, 3)
        return ("Rec", tuple((a, self.rand_type(depth - 1), self.rng.random() < 0.4)
                             for a in self.rng.sample(SUB_NAMES, n)))

    def rand_ctx(self):
        n = self.rng.randint(0, 5)
        return ("Rec", tuple((a, self.rand_type(2), self.rng.random() < 0.3) for a in self.rng.sample(CTX_NAMES, n)))

    # ---- rendering --------------------------------------------------------------------
    def q(self, name):
        return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else json.dumps(name)

    def ty(self, t):
        if t == self.addr and self.use_common:
            return "Addr"
        if isinstance(t, str):
            return t if self.rng.random() < 0.9 else "__cedar::" + t
        k = t[0]
        if k == "Set":
            return f"Set<{self.ty(t[1])}>"
        if k == "Ent":
            return t[1]
        if k == "Ext":
            return t[1] if self.rng.random() < 0.8 else "__cedar::" + t[1]
        return "{" + ", ".join(f"{self.q(n)}{'?' if o else ''}: {self.ty(ft)}" for n, ft, o in t[1]) + "}"

    def text(self):
        L = []
        if self.use_common:
            L.append('type Addr = {street: String, zip?: Long, "x y"?: Bool};')
            L.append(f"type Ctx = {self.ty(self.shared_ctx)};")
        L.append('entity Color enum ["red", "green", "blue"];')
        parents = {"User": "Group", "Group": "Group", "Doc": "Folder", "Folder": "Folder"}
        for et in ENTITY_TYPES:
            body = ", ".join(f"{self.q(n)}{'?' if o else ''}: {self.ty(t)}" for n, t, o in self.attrs[et])
            tags = f" tags {self.ty(self.tags[et])}" if self.tags[et] else ""
            L.append(f"entity {et} in [{parents[et]}] {{{body}}}{tags};")
        L.append('action "view";')
        L.append('action "edit" in ["view"];')
        for a, (ps, rs) in self.applies.items():
            par = self.action_parents[a]
            inn = f" in [{', '.join(json.dumps(p) for p in par)}]" if par else ""
            ctx = "Ctx" if (self.use_common and a in ("read", "write")) else self.ty(self.ctx[a])
            L.append(f'action "{a}"{inn} appliesTo {{ principal: [{", ".join(ps)}], resource: [{", ".join(rs)}], context: {ctx} }};')
        body = "\n".join(L)
        return f"namespace {self.ns} {{\n{body}\n}}\n" if self.ns else body + "\n"


# ------------------------------------------------------------------------------------------
def cedar_str(s, rng):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\0":
            out.append("\\0" if rng.random() < 0.5 else "\\u{0}")
        elif ch == "'" and rng.random() < 0.5:
            out.append("\\'")
        elif o < 0x20 or o in (0x2028, 0x7f):
            out.append("\\u{%x}" % o)
        elif o > 0x7f and rng.random() < 0.3:
            out.append("\\u{%x}" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


EQUIV = [  # literal spellings that are (or look) equal
    ['decimal("1.0")', 'decimal("1.00")', 'decimal("1.0000")', 'decimal("01.0")', 'decimal("1.0001")'],
    ['ip("10.0.0.1")', 'ip("10.0.0.1/32")', 'ip("10.0.0.0/8")', 'ip("10.0.0.1/8")', 'ip("::ffff:10.0.0.1")'],
    ['ip("::1")', 'ip("0:0:0:0:0:0:0:1")', 'ip("::1/128")', 'ip("::0:1")'],
    ['datetime("2024-01-01")', 'datetime("2024-01-01T00:00:00Z")', 'datetime("2024-01-01T01:00:00+0100")',
     'datetime("2024-01-01T00:00:00.000Z")', 'datetime("2023-12-31T23:59:59.999Z")'],
    ['duration("1h")', 'duration("60m")', 'duration("3600s")', 'duration("3600000ms")', 'duration("0d1h")',
     'duration("1h0m")', 'duration("59m60s")'],
    ['[1, 2]', '[2, 1]', '[1, 2, 2, 1]', '[1]', '[]', '[1, 2, 3]'],
    ['{a: 1, b: "x"}', '{b: "x", a: 1}', '{"a": 1, "b": "x"}', '{a: 1}', '{a: 1, b: "x", c: []}'],
    ['[User::"alice", User::"bob"]', '[User::"bob", User::"alice", User::"bob"]', '[User::"alice"]'],
    ['"\\u{e9}"', '"é"', '"e\\u{301}"', '"\\u{00e9}"'],
    ['-1', '(0 - 1)', '-(1)', '--1', '(-1 * 1)'],
]


def like_pattern(rng, target=None):
    """A pattern literal with wildcards, escaped stars and escapes; sometimes derived from `target`."""
    if target is not None:
        out = []
        for ch in target:
            r = rng.random()
            if r < 0.25:
                if not out or out[-1] != "*":
                    out.append("*")
            elif ch == "*":
                out.append("\\*")
            else:
                out.append(cedar_str(ch, rng)[1:-1])
        if rng.random() < 0.3:
            out.append("*")
        return '"' + "".join(out) + '"'
    parts = []
    for _ in range(rng.randint(0, 5)):
        r = rng.random()
        if r < 0.3:
            parts.append("*")
        elif r < 0.4:
            parts.append("\\*")
        else:
            s = rng.choice(["a", "b", "c", "ab", "x", "\\n", "\\t", "\\\\", "\\\"", "ü", "\\u{fc}", "\\0", "A", " "])
            parts.append(s)
    return '"' + "".join(parts) + '"'


class Gen:
    def __init__(self, rng, sch, ids):
        self.rng = rng
        self.s = sch
        self.ids = ids  # entity type -> list of ids
        self.wrong = 0.0
        self.clean = False  # clean mode: aim for policies that pass strict validation

    def ent_lit(self, et, exist=0.85):
        if et == "Color":
            i = self.rng.choice(COLORS + (() if self.clean else ("purple",)))
        elif et == "Action":
            i = self.rng.choice(["read", "write", "delete", "share", "view", "edit"])
        elif self.rng.random() < exist and self.ids.get(et):
            i = self.rng.choice(self.ids[et])
        else:
            i = self.rng.choice(ID_POOL + ["ghost"])
        return f"{self.s.pre}{et}::{cedar_str(i, self.rng)}"

    # ---- access paths --------------------------------------------------------------
    def paths(self, focus_ctx):
        """List of (expr, type, guards) for principal/resource/context attribute chains."""
        out = []

        def acc(base, name):
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) and self.rng.random() < 0.85:
                return f"{base}.{name}"
            return f"{base}[{cedar_str(name, self.rng)}]"

        def has(base, name):
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                return f"{base} has {name}"
            return f"{base} has {cedar_str(name, self.rng)}"

        def walk(expr, t, guards, depth):
            out.append((expr, t, guards))
            if depth >= 3 or not isinstance(t, tuple):
                return
            if t[0] == "Ent" and t[1] in ENTITY_TYPES:
                for n, ft, o in self.s.attrs[t[1]]:
                    walk(acc(expr, n), ft, guards + ([has(expr, n)] if o else []), depth + 1)
                tt = self.s.tags[t[1]]
                if tt is not None and depth < 2:
                    k = cedar_str(self.rng.choice(TAG_KEYS), self.rng)
                    out.append((f"{expr}.getTag({k})", tt, guards + [f"{expr}.hasTag({k})"]))
            elif t[0] == "Rec":
                for n, ft, o in t[1]:
                    g = guards
                    if o:
                        # extended has when the base is itself a plain attribute chain
                        if re.fullmatch(r"[A-Za-z_.]+", expr) and self.rng.random() < 0.5 and \
                                re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n):
                            root, _, rest = expr.partition(".")
                            g = guards + [f"{root} has {rest + '.' if rest else ''}{n}"]
                        else:
                            g = guards + [has(expr, n)]
                    walk(acc(expr, n), ft, g, depth + 1)

        walk("principal", ("Ent", "User"), [], 0)
        walk("resource", ("Ent", "Doc"), [], 0)
        walk("context", focus_ctx, [], 0)
        return out

    def pick_path(self, t):
        c = [p for p in self.P if p[1] == t]
        if not c:
            return None
        return self.rng.choice(c)

    # ---- expressions -----------------------------------------------------------------
    def any_type(self):
        return self.rng.choice([BOOL, LONG, STR, ("Set", LONG), ("Set", STR), ("Ent", "User"), ("Ent", "Doc"),
                                ("Ext", "decimal"), ("Ext", "ipaddr"), ("Ext", "datetime"), ("Ext", "duration"),
                                ("Rec", (("a", LONG, False),)), ("Ent", "Group"), ("Set", ("Ent", "User"))])

    def gen(self, t, d):
        """Returns (expr, guards)."""
        rng = self.rng
        if self.wrong and rng.random() < self.wrong:
            t = self.any_type()
        if rng.random() < 0.35 or d <= 0:
            p = self.pick_path(t)
            if p and (d <= 0 or rng.random() < 0.8):
                return p[0], list(p[2])
        if d > 0 and rng.random() < 0.05:
            c, g = self.gen_bool(d - 1)
            a, g1 = self.gen(t, d - 1)
            b, g2 = self.gen(t, d - 1)
            return f"(if {c} then {a} else {b})", g1 + g2
        if t == BOOL:
            return self.gen_bool(d)
        if t == LONG:
            return self.gen_long(d)
        if t == STR:
            return cedar_str(rng.choice(STRINGS), rng), []
        k = t[0]
        if k == "Ent":
            if t[1] == "User" and rng.random() < 0.3:
                return "principal", []
            if t[1] in ("Doc", "Folder") and rng.random() < 0.3:
                return "resource", []
            return self.ent_lit(t[1]), []
        if k == "Set":
            n = rng.randint(0, 3)
            items, gs = [], []
            for _ in range(n):
                e, g = self.gen(t[1], d - 1)
                items.append(e)
                gs += g
            return "[" + ", ".join(items) + "]", gs
        if k == "Rec":
            items, gs = [], []
            for n, ft, o in t[1]:
                if o and rng.random() < 0.5:
                    continue
                e, g = self.gen(ft, d - 1)
                items.append(f"{cedar_str(n, rng) if (' ' in n or '-' in n or rng.random() < 0.2) else n}: {e}")
                gs += g
            return "{" + ", ".join(items) + "}", gs
        if k == "Ext":
            return self.gen_ext(t[1], d)
        raise ValueError(t)

    def gen_ext(self, name, d):
        rng = self.rng
        bad = not self.clean and rng.random() < 0.03
        if name == "decimal":
            return f"decimal({cedar_str(rng.choice(BAD_DECIMALS if bad else DECIMALS), rng)})", []
        if name == "ipaddr":
            return f"ip({cedar_str(rng.choice(BAD_IPS if bad else IPS), rng)})", []
        if name == "duration":
            r = rng.random()
            if d > 0 and r < 0.2:
                a, g1 = self.gen(("Ext", "datetime"), d - 1)
                b, g2 = self.gen(("Ext", "datetime"), d - 1)
                return f"{a}.durationSince({b})", g1 + g2
            if d > 0 and r < 0.3:
                a, g = self.gen(("Ext", "datetime"), d - 1)
                return f"{a}.toTime()", g
            return f"duration({cedar_str(rng.choice(BAD_DURATIONS if bad else DURATIONS), rng)})", []
        if name == "datetime":
            r = rng.random()
            if d > 0 and r < 0.25:
                a, g1 = self.gen(("Ext", "datetime"), d - 1)
                b, g2 = self.gen(("Ext", "duration"), d - 1)
                return f"{a}.offset({b})", g1 + g2
            if d > 0 and r < 0.35:
                a, g = self.gen(("Ext", "datetime"), d - 1)
                return f"{a}.toDate()", g
            return f"datetime({cedar_str(rng.choice(BAD_DATETIMES if bad else DATETIMES), rng)})", []
        raise ValueError(name)

    def gen_long(self, d):
        rng = self.rng
        r = rng.random()
        if d <= 0 or r < 0.3:
            v = rng.choice(LONGS)
            if v < 0:
                return (f"-{-v}" if v != -2**63 else "-9223372036854775808") if rng.random() < 0.5 else f"({v})", []
            return str(v), []
        if r < 0.65:
            op = rng.choice(["+", "-", "*"])
            a, g1 = self.gen(LONG, d - 1)
            b, g2 = self.gen(LONG, d - 1)
            return f"({a} {op} {b})", g1 + g2
        if r < 0.72:
            a, g = self.gen(LONG, d - 1)
            return f"-{a}" if rng.random() < 0.5 else f"(-{a})", g
        if r < 0.85:
            a, g = self.gen(("Ext", "duration"), d - 1)
            m = rng.choice(["toMilliseconds", "toSeconds", "toMinutes", "toHours", "toDays"])
            return f"{a}.{m}()", g
        p = self.pick_path(LONG)
        if p:
            return p[0], list(p[2])
        return str(rng.choice(LONGS[:12])), []

    def gen_bool(self, d):
        e, g = self._gen_bool(d)
        if g:
            if self.clean or self.rng.random() < 0.8:
                uniq = list(dict.fromkeys(g))
                return "(" + " && ".join(uniq + [e]) + ")", []
            return e, []
        return e, []

    def _gen_bool(self, d):
        rng = self.rng
        if d <= 0:
            r = rng.random()
            if r < 0.3:
                return rng.choice(["true", "false"]), []
            p = self.pick_path(BOOL)
            if p and r < 0.6:
                return p[0], list(p[2])
            a, g = self.gen(LONG, 0)
            return f"{a} {rng.choice(['<', '<=', '>', '>=', '==', '!='])} {rng.choice(LONGS[:12])}", g
        k = rng.choice(["cmp", "cmp", "eq", "and", "or", "not", "has", "has", "like", "in", "in", "is",
                        "contains", "containsAll", "isEmpty", "tag", "dec", "ip", "time", "path", "lit", "rec_has", "equiv"])
        d1 = d - 1
        if k == "cmp":
            a, g1 = self.gen(LONG, d1)
            b, g2 = self.gen(LONG, d1)
            return f"{a} {rng.choice(['<', '<=', '>', '>=', '==', '!='])} {b}", g1 + g2
        if k == "eq":
            t = self.any_type()
            a, g1 = self.gen(t, d1)
            b, g2 = self.gen(t if (self.clean or rng.random() < 0.9) else self.any_type(), d1)
            return f"{a} {rng.choice(['==', '!='])} {b}", g1 + g2
        if k in ("and", "or"):
            a, g1 = self.gen_bool(d1)
            b, g2 = self.gen_bool(d1)
            return f"({a} {'&&' if k == 'and' else '||'} {b})", g1 + g2
        if k == "not":
            a, g = self.gen_bool(d1)
            return f"!{a}" if rng.random() < 0.7 else f"!!{a}", g
        if k == "has":
            base = rng.choice(["principal", "resource", "context"] +
                              [p[0] for p in self.P if isinstance(p[1], tuple) and p[1][0] in ("Ent", "Rec")][:6])
            n = rng.choice(ATTR_NAMES + CTX_NAMES + SUB_NAMES)
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n) and rng.random() < 0.8:
                return f"{base} has {n}", []
            return f"{base} has {cedar_str(n, rng)}", []
        if k == "rec_has":
            # extended has: a has b.c.d
            root = rng.choice(["principal", "resource", "context"])
            chain = ".".join(rng.choice([x for x in ATTR_NAMES + SUB_NAMES + CTX_NAMES if " " not in x and "-" not in x])
                             for _ in range(rng.randint(2, 3)))
            return f"{root} has {chain}", []
        if k == "like":
            if rng.random() < 0.5:
                t = rng.choice(STRINGS)
                return f"{cedar_str(t, rng)} like {like_pattern(rng, t)}", []
            a, g = self.gen(STR, d1)
            return f"{a} like {like_pattern(rng, rng.choice(STRINGS) if rng.random() < 0.5 else None)}", g
        if k == "equiv":
            grp = rng.choice(EQUIV)
            a, b = rng.choice(grp), rng.choice(grp)
            a, b = a.replace("User::", self.s.pre + "User::"), b.replace("User::", self.s.pre + "User::")
            return f"{a} {rng.choice(['==', '!=', '==', '<', '<='])} {b}" if grp[0].startswith(("datetime", "duration")) \
                else f"{a} {rng.choice(['==', '!=', '=='])} {b}", []
        if k == "in":
            lhs_t = rng.choice(["User", "Group", "Doc", "Folder", "Action"])
            lhs = {"User": "principal", "Doc": "resource", "Action": "action"}.get(lhs_t) if rng.random() < 0.6 else None
            if lhs is None:
                if lhs_t == "Action":
                    lhs = "action"
                else:
                    lhs, _ = self.gen(("Ent", lhs_t), d1)
            tgt = {"User": "Group", "Group": "Group", "Doc": "Folder", "Folder": "Folder", "Action": "Action"}[lhs_t]
            if not self.clean and rng.random() < 0.2:
                tgt = rng.choice(["User", "Group", "Doc", "Folder"])
            if rng.random() < 0.3:
                items = ", ".join(self.ent_lit(tgt) for _ in range(rng.randint(0, 3)))
                return f"{lhs} in [{items}]", []
            if rng.random() < 0.2:
                rhs, g = self.gen(("Set", ("Ent", "User")), d1)
                return f"{lhs} in {rhs}", g
            rhs, g = self.gen(("Ent", tgt), d1) if tgt != "Action" else (self.ent_lit("Action"), [])
            return f"{lhs} in {rhs}", g
        if k == "is":
            lhs = rng.choice(["principal", "resource", "principal", "resource"] +
                             [p[0] for p in self.P if isinstance(p[1], tuple) and p[1][0] == "Ent"][:4])
            et = rng.choice(list(ENTITY_TYPES) + ["Color", "Action"] + ([] if self.clean else ["Nope"]))
            et_q = f"{self.s.pre}{et}" if (et != "Nope" and (self.clean or rng.random() < 0.9)) else et
            if rng.random() < 0.4:
                tgt = rng.choice(["Group", "Folder"])
                return f"{lhs} is {et_q} in {self.ent_lit(tgt)}", []
            return f"{lhs} is {et_q}", []
        if k == "contains":
            et = rng.choice([LONG, STR, ("Ent", "User"), ("Ext", "ipaddr"), ("Ext", "decimal")])
            s, g1 = self.gen(("Set", et), d1)
            x, g2 = self.gen(et, d1)
            return f"{s}.contains({x})", g1 + g2
        if k == "containsAll":
            et = rng.choice([LONG, STR, ("Ent", "User")])
            s, g1 = self.gen(("Set", et), d1)
            x, g2 = self.gen(("Set", et), d1)
            return f"{s}.{rng.choice(['containsAll', 'containsAny'])}({x})", g1 + g2
        if k == "isEmpty":
            s, g = self.gen(("Set", rng.choice([LONG, STR, ("Ent", "User")])), d1)
            return f"{s}.isEmpty()", g
        if k == "tag":
            e = rng.choice(["principal", "resource"] +
                           [p[0] for p in self.P if isinstance(p[1], tuple) and p[1][0] == "Ent"][:4])
            key = cedar_str(rng.choice(TAG_KEYS), rng)
            if rng.random() < 0.5:
                return f"{e}.hasTag({key})", []
            if self.clean or rng.random() < 0.5:
                tt = self.s.tags[{"principal": "User", "resource": "Doc"}.get(e, "User")]
                if tt is not None and e in ("principal", "resource"):
                    v, g = self.gen(tt, 1)
                    return f"({e}.hasTag({key}) && {e}.getTag({key}) == {v})", g
                return f"{e}.hasTag({key})", []
            # getTag compared with something of a plausible type (unguarded: errors if missing)
            return f"{e}.getTag({key}) == {self.gen(rng.choice([LONG, STR]), 0)[0]}", []
        if k == "dec":
            a, g1 = self.gen(("Ext", "decimal"), d1)
            b, g2 = self.gen(("Ext", "decimal"), d1)
            m = rng.choice(["lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual"])
            return f"{a}.{m}({b})", g1 + g2
        if k == "ip":
            a, g1 = self.gen(("Ext", "ipaddr"), d1)
            m = rng.choice(["isIpv4", "isIpv6", "isLoopback", "isMulticast", "isInRange", "isInRange"])
            if m == "isInRange":
                b, g2 = self.gen(("Ext", "ipaddr"), d1)
                return f"{a}.isInRange({b})", g1 + g2
            return f"{a}.{m}()", g1
        if k == "time":
            t = ("Ext", rng.choice(["datetime", "duration"]))
            a, g1 = self.gen(t, d1)
            b, g2 = self.gen(t, d1)
            return f"{a} {rng.choice(['<', '<=', '>', '>=', '==', '!='])} {b}", g1 + g2
        if k == "path":
            p = self.pick_path(BOOL)
            if p:
                return p[0], list(p[2])
        return rng.choice(["true", "false"]), []

    # ---- policies --------------------------------------------------------------------
    def scope_var(self, var):
        rng = self.rng
        r = rng.random()
        if var == "action":
            if r < 0.35:
                return "action"
            if r < 0.6:
                return f"action == {self.ent_lit('Action')}"
            if r < 0.8:
                return f"action in {self.ent_lit('Action')}"
            return "action in [" + ", ".join(self.ent_lit("Action") for _ in range(rng.randint(1, 3))) + "]"
        own, grp = ("User", "Group") if var == "principal" else ("Doc", "Folder")
        if r < 0.45:
            return var
        if r < 0.55:
            return f"{var} == {self.ent_lit(rng.choice([own, own, grp]))}"
        if r < 0.75:
            return f"{var} in {self.ent_lit(rng.choice([grp, grp, own]))}"
        if r < 0.88:
            return f"{var} is {self.s.pre}{rng.choice([own, own, grp])}"
        return f"{var} is {self.s.pre}{rng.choice([own, grp])} in {self.ent_lit(grp)}"

    def clean_scope(self, act):
        rng = self.rng
        r = rng.random()
        if r < 0.45:
            p = "principal"
        elif r < 0.6:
            p = f"principal == {self.ent_lit('User')}"
        elif r < 0.7:
            p = f"principal in {self.ent_lit('Group')}"
        elif r < 0.85:
            p = f"principal is {self.s.pre}User"
        else:
            p = f"principal is {self.s.pre}User in {self.ent_lit('Group')}"
        a = (f"action == {self.s.pre}Action::\"{act}\"" if rng.random() < 0.6
             else f"action in [{self.s.pre}Action::\"{act}\"]")
        r = rng.random()
        if r < 0.45:
            res = "resource" if act != "read" else f"resource is {self.s.pre}Doc"
        elif r < 0.55:
            res = f"resource == {self.ent_lit('Doc')}"
        elif r < 0.8:
            res = f"resource is {self.s.pre}Doc"
        else:
            res = f"resource is {self.s.pre}Doc in {self.ent_lit('Folder')}"
        return f"{p}, {a}, {res}"

    def broad_permit(self, clean):
        """A permit with an unconstrained (or action-only) scope and a shallow condition."""
        self.wrong, self.clean = 0.0, clean
        act = self.rng.choice(["read", "write", "delete"])
        self.P = self.paths(self.s.ctx[act])
        e, _ = self.gen_bool(1)
        a = f"action == {self.s.pre}Action::\"{act}\"" if clean else "action"
        res = f"resource is {self.s.pre}Doc" if clean else "resource"
        return f"permit (principal, {a}, {res})\n{'when' if self.rng.random() < 0.7 else 'unless'} {{ {e} }};"

    def policy(self, wrong, clean=False):
        rng = self.rng
        self.wrong = 0.0 if clean else wrong
        self.clean = clean
        act = rng.choice(["read", "write", "delete"] if clean else list(self.s.applies))
        self.P = self.paths(self.s.ctx[act])
        eff = "permit" if rng.random() < 0.7 else "forbid"
        ann = ""
        if rng.random() < 0.2:
            ann = f"@id({cedar_str(rng.choice(['p', 'x', 'policy9', 'ünï']), rng)})\n"
        conds = []
        for _ in range(rng.choices([0, 1, 2], [0.25, 0.6, 0.15])[0]):
            e, _ = self.gen_bool(rng.randint(1, 3))
            conds.append(f"{'when' if rng.random() < 0.75 else 'unless'} {{ {e} }}")
        scope = (self.clean_scope(act) if clean else
                 f"{self.scope_var('principal')}, {self.scope_var('action')}, {self.scope_var('resource')}")
        return f"{ann}{eff} ({scope})" + ("\n" + "\n".join(conds) if conds else "") + ";"


# ------------------------------------------------------------------------------------------
# values (JSON)
def ext_json(name, s, explicit):
    if not explicit:
        return s
    return {"__extn": {"fn": {"ipaddr": "ip"}.get(name, name), "arg": s}}


def value_json(rng, sch, t, ids, explicit):
    if t == BOOL:
        return rng.random() < 0.5
    if t == LONG:
        return rng.choice(LONGS)
    if t == STR:
        return rng.choice(STRINGS)
    k = t[0]
    if k == "Set":
        return [value_json(rng, sch, t[1], ids, explicit) for _ in range(rng.randint(0, 3))]
    if k == "Rec":
        return {n: value_json(rng, sch, ft, ids, explicit) for n, ft, o in t[1] if not o or rng.random() < 0.6}
    if k == "Ent":
        et = t[1]
        if et == "Color":
            i = rng.choice(COLORS)
        elif rng.random() < 0.9 and ids.get(et):
            i = rng.choice(ids[et])
        else:
            i = rng.choice(ID_POOL + ["ghost"])
        uid = {"type": sch.pre + et, "id": i}
        return {"__entity": uid} if (explicit or rng.random() < 0.5) else uid
    if k == "Ext":
        name = t[1]
        if name == "datetime" and rng.random() < 0.1:
            return {"__extn": {"fn": "offset", "args": [
                {"__extn": {"fn": "datetime", "arg": rng.choice(DATETIMES[:8])}},
                {"__extn": {"fn": "duration", "arg": rng.choice(DURATIONS[:9])}}]}}
        pool = {"decimal": DECIMALS, "ipaddr": IPS, "datetime": DATETIMES, "duration": DURATIONS}[name]
        return ext_json(name, rng.choice(pool), explicit or rng.random() < 0.5)
    raise ValueError(t)


def gen_entities(rng, sch):
    ids = {}
    for et in ENTITY_TYPES:
        n = rng.randint(2, 6)
        pool = list(dict.fromkeys(rng.sample(ID_POOL, min(n, len(ID_POOL)))))
        ids[et] = pool
    ents = []
    parent_of = {"User": "Group", "Group": "Group", "Doc": "Folder", "Folder": "Folder"}
    for et in ENTITY_TYPES:
        for idx, i in enumerate(ids[et]):
            pt = parent_of[et]
            cand = ids[pt] if pt != et else ids[et][:idx]  # self-typed hierarchies stay acyclic
            parents = [{"type": sch.pre + pt, "id": p} for p in rng.sample(cand, min(len(cand), rng.randint(0, 2)))]
            attrs = {n: value_json(rng, sch, t, ids, rng.random() < 0.5)
                     for n, t, o in sch.attrs[et] if not o or rng.random() < 0.6}
            e = {"uid": {"type": sch.pre + et, "id": i}, "attrs": attrs, "parents": parents}
            if sch.tags[et] is not None and rng.random() < 0.7:
                e["tags"] = {k: value_json(rng, sch, sch.tags[et], ids, rng.random() < 0.5)
                             for k in rng.sample(TAG_KEYS, rng.randint(0, 3))}
            if rng.random() < 0.3:
                e["uid"] = {"__entity": e["uid"]}
            ents.append(e)
    if rng.random() < 0.2:
        # action entities may be listed in the data too; they must agree with the schema
        def anc(a):
            out = []
            for p in sch.action_parents[a]:
                out += [p] + anc(p)
            return list(dict.fromkeys(out))
        for a in rng.sample(list(sch.action_parents), rng.randint(1, 3)):
            ps = anc(a) if rng.random() < 0.9 else sch.action_parents[a]
            ents.append({"uid": {"type": sch.pre + "Action", "id": a}, "attrs": {},
                         "parents": [{"type": sch.pre + "Action", "id": p} for p in ps]})
    return ents, ids


def mutate_entities(rng, sch, ents):
    """A copy of the entity list with one change that the reference may reject. Returns (list, kind)."""
    ents = json.loads(json.dumps(ents))
    uid_of = lambda e: e["uid"].get("__entity", e["uid"])
    pick = lambda et: [e for e in ents if uid_of(e)["type"] == sch.pre + et]
    kind = rng.choice(["cycle", "self_parent", "attr_type", "unknown_attr", "missing_attr", "parent_type",
                       "tags", "bad_ext", "duplicate", "long_range", "undeclared_type", "enum_id",
                       "action_attrs", "action_parents", "parents_missing"])
    groups, users = pick("Group"), pick("User")
    if kind == "cycle" and len(groups) >= 2:
        a, b = rng.sample(groups, 2)
        a["parents"].append(uid_of(b))
        b["parents"].append(uid_of(a))
    elif kind == "self_parent" and groups:
        g = rng.choice(groups)
        g["parents"].append(uid_of(g))
    elif kind in ("attr_type", "missing_attr", "bad_ext") and ents:
        et = rng.choice(ENTITY_TYPES)
        cands = [(n, t, o) for n, t, o in sch.attrs[et]]
        if kind == "bad_ext":
            cands = [c for c in cands if isinstance(c[1], tuple) and c[1][0] == "Ext"]
        if kind == "missing_attr":
            cands = [c for c in cands if not c[2]]
        es = pick(et)
        if cands and es:
            n, t, o = rng.choice(cands)
            e = rng.choice(es)
            if kind == "missing_attr":
                e["attrs"].pop(n, None)
            elif kind == "bad_ext":
                bad = {"decimal": BAD_DECIMALS, "ipaddr": BAD_IPS, "datetime": BAD_DATETIMES, "duration": BAD_DURATIONS}
                e["attrs"][n] = rng.choice(bad[t[1]])
            else:
                e["attrs"][n] = rng.choice([True, 5, "str", [1], {"a": 1}, {"__entity": {"type": sch.pre + "Doc", "id": "x"}},
                                            {"__extn": {"fn": "decimal", "arg": "1.0"}}])
    elif kind == "unknown_attr" and ents:
        rng.choice(ents)["attrs"]["zzz_unknown"] = 1
    elif kind == "parent_type" and users:
        rng.choice(users)["parents"].append({"type": sch.pre + "Doc", "id": "d"})
    elif kind == "tags" and ents:
        e = rng.choice(ents)
        e["tags"] = {"k": rng.choice([1, "s", True, [1], {"a": 1}])}
    elif kind == "duplicate" and ents:
        ents.append(json.loads(json.dumps(rng.choice(ents))))
    elif kind == "long_range" and ents:
        rng.choice(ents)["attrs"][rng.choice(ATTR_NAMES)] = rng.choice([9223372036854775808, -9223372036854775809])
    elif kind == "undeclared_type":
        ents.append({"uid": {"type": sch.pre + "Nope", "id": "n"}, "attrs": {}, "parents": []})
    elif kind == "enum_id":
        ents.append({"uid": {"type": sch.pre + "Color", "id": rng.choice(["purple", "red"])}, "attrs": {}, "parents": []})
    elif kind == "action_attrs":
        ents.append({"uid": {"type": sch.pre + "Action", "id": "read"}, "attrs": {"a": 1},
                     "parents": [{"type": sch.pre + "Action", "id": "view"}]})
    elif kind == "action_parents":
        a = rng.choice(["read", "write", "delete", "share", "edit"])
        ps = rng.sample(["view", "edit", "read", "share"], rng.randint(0, 2))
        ents.append({"uid": {"type": sch.pre + "Action", "id": a}, "attrs": {},
                     "parents": [{"type": sch.pre + "Action", "id": p} for p in ps if p != a]})
    elif kind == "parents_missing" and ents:
        rng.choice(ents).pop("parents", None)
    return ents, kind


def gen_request(rng, sch, ids):
    """Returns (request dict for the test file, validateRequest)."""
    uid = lambda et, exist=0.85: {"type": sch.pre + et,
                                 "id": rng.choice(ids[et]) if rng.random() < exist else rng.choice(ID_POOL + ["ghost"])}
    if rng.random() < 0.8:
        a = rng.choice(list(sch.applies))
        ps, rs = sch.applies[a]
        validate = rng.random() < 0.85
        p, r = uid(rng.choice(ps)), uid(rng.choice(rs))
        ctx = value_json(rng, sch, sch.ctx[a], ids, explicit=not validate)
    else:
        # request that would fail request validation: run with validateRequest=false
        validate = False
        a = rng.choice(list(sch.applies) + ["view", "edit"])
        p, r = uid(rng.choice(ENTITY_TYPES)), uid(rng.choice(ENTITY_TYPES))
        ctx = value_json(rng, sch, sch.ctx[a], ids, explicit=True) if a in sch.ctx else {}
    return {"principal": p, "action": {"type": sch.pre + "Action", "id": a}, "resource": r,
            "context": ctx}, validate


# ------------------------------------------------------------------------------------------
def oracle_results(reqs, flags, ps, ents, schema):
    out = [None] * len(reqs)
    for want in (True, False):
        idx = [i for i, f in enumerate(flags) if f == want]
        if not idx:
            continue
        res = is_authorized_batch([reqs[i] for i in idx], ps, ents, schema if want else None)
        for i, x in zip(idx, res):
            out[i] = x
    return out


def write_case(d, base, schema_src, pol_src, ent_src, should_validate, reqs):
    for ext, text in ((".cedarschema", schema_src), (".cedar", pol_src), (".entities.json", ent_src)):
        with open(os.path.join(d, base + ext), "w", encoding="utf-8") as f:
            f.write(text)
    test = {"policies": base + ".cedar", "entities": base + ".entities.json", "schema": base + ".cedarschema",
            "shouldValidate": should_validate, "requests": reqs}
    with open(os.path.join(d, base + ".json"), "w", encoding="utf-8") as f:
        json.dump(test, f, ensure_ascii=False, indent=0)


def generate(a, outdir, rejdir):
    rng = random.Random(a.seed)
    stats = Counter()
    n_files = (a.requests + a.per_file - 1) // a.per_file
    produced = 0
    fileno = 0
    while produced < a.requests:
        fileno += 1
        if fileno > n_files * 3 + 10:
            break
        sch = Schema_(rng)
        schema_src = sch.text()
        try:
            schema = Schema.from_str(schema_src)
        except Exception as e:  # generator bug: report, skip
            stats["skipped_schema"] += 1
            if stats["skipped_schema"] <= 3:
                print(f"[gen] schema rejected by cedarpy: {e}\n{schema_src}", file=sys.stderr)
            continue
        ent_list, ids = gen_entities(rng, sch)
        ent_src = json.dumps(ent_list, ensure_ascii=rng.random() < 0.5)
        try:
            ents = Entities.from_json_str(ent_src, schema)
        except Exception as e:
            stats["skipped_entities"] += 1
            if a.debug:
                print(f"[gen] entities rejected by cedarpy: {e}", file=sys.stderr)
            continue
        if rng.random() < a.mutations:
            # entity data mutated so that the reference may reject it: the engine must agree
            mut, kind = mutate_entities(rng, sch, ent_list)
            mut_src = json.dumps(mut)
            try:
                Entities.from_json_str(mut_src, schema)
                stats["mutations_accepted"] += 1
                write_case(outdir, f"m{fileno:06d}", schema_src, "permit (principal, action, resource);\n",
                           mut_src, True, [])
            except Exception:
                stats["mutations_rejected"] += 1
                stats["reject_kind_" + kind] += 1
                write_case(rejdir, f"r{fileno:06d}", schema_src, "permit (principal, action, resource);\n",
                           mut_src, True, [])
        g = Gen(rng, sch, ids)
        clean = rng.random() < 0.5
        wrong = 0.0 if rng.random() < 0.3 else rng.choice([0.02, 0.05, 0.1])
        pols = []
        for _ in range(rng.randint(1, 5)):
            for _try in range(5):
                p = g.policy(wrong, clean)
                try:
                    PolicySet.from_str(p)
                    pols.append(p)
                    break
                except Exception:
                    stats["policy_parse_rejects"] += 1
        if rng.random() < 0.5:
            p = g.broad_permit(clean)
            try:
                PolicySet.from_str(p)
                pols.insert(rng.randint(0, len(pols)), p)
            except Exception:
                stats["policy_parse_rejects"] += 1
        if not pols:
            continue
        pol_src = "\n\n".join(pols) + "\n"
        ps = PolicySet.from_str(pol_src)
        vres = validate_policies(pol_src, schema)
        reqs, flags = [], []
        for _ in range(min(a.per_file, a.requests - produced)):
            r, v = gen_request(rng, sch, ids)
            reqs.append(r)
            flags.append(v)
        results = oracle_results(reqs, flags, ps, ents, schema)
        out_reqs = []
        for i, (r, v, x) in enumerate(zip(reqs, flags, results)):
            dec = x.decision.value.lower()
            errs, other = set(), []
            for e in x.diagnostics.errors:
                m = ERR_POLICY_RE.search(e)
                (errs.add(m.group(1)) if m else other.append(e))
            if dec not in ("allow", "deny") or other:
                stats["requests_dropped_by_oracle"] += 1  # not expressible (harness would panic)
                continue
            stats[dec] += 1
            stats["with_errors"] += bool(errs)
            stats["validateRequest_" + str(v).lower()] += 1
            stats["forbid_determined"] += (dec == "deny" and bool(x.diagnostics.reasons))
            out_reqs.append({"description": f"seed {a.seed} file {fileno} request {i}", **r,
                             "validateRequest": v, "decision": dec,
                             "reason": sorted(x.diagnostics.reasons), "errors": sorted(errs)})
        if not out_reqs:
            continue
        stats["files"] += 1
        stats["valid_files" if vres.validation_passed else "invalid_files"] += 1
        stats["policies"] += len(pols)
        write_case(outdir, f"t{fileno:06d}", schema_src, pol_src, ent_src, bool(vres.validation_passed), out_reqs)
        produced += len(out_reqs)
    stats["requests"] = produced
    return stats


def run_engine(cmd, outdir, show, expect_reject=False):
    fd, jpath = tempfile.mkstemp(prefix="cedar-diff-results-", suffix=".json")
    os.close(fd)
    argv = shlex.split(cmd) + ["test", "--root", outdir, "--json", jpath, outdir]
    t0 = time.perf_counter()
    try:
        p = subprocess.run(argv, capture_output=True, text=True)
    except OSError as e:
        os.remove(jpath)
        raise SystemExit(f"cannot run CEDAR_CMD={cmd!r}: {e} (set CEDAR_CMD, e.g. "
                         f"CEDAR_CMD=\"$(swift build --show-bin-path)/lanyard cedar\")")
    dt = time.perf_counter() - t0
    lines = [l for l in p.stdout.splitlines() if l.strip()]
    last = lines[-1] if lines else "(no output)"
    failures = []
    req_dis = val_dis = file_err = 0
    try:
        with open(jpath) as f:
            res = json.load(f)
        for r in res.get("results", []):
            if expect_reject:
                # the reference rejects this entity data: the engine must fail the file while
                # loading it (not on validation or on a request -- there are none)
                fls = r.get("failures", [])
                if r.get("passed") or any(fl.startswith(("request ", "validation")) for fl in fls):
                    file_err += 1
                    failures.append(f"{r['file']}: engine accepted entity data that the reference rejects")
                continue
            for fl in r.get("failures", []):
                if fl.startswith("request "):
                    req_dis += 1
                elif fl.startswith("validation"):
                    val_dis += 1
                else:
                    file_err += 1
                failures.append(f"{r['file']}: {fl}")
        os.remove(jpath)
    except (OSError, ValueError) as e:
        file_err += 1
        failures.append(f"could not read engine results ({e}); stderr: {p.stderr[-500:]}")
    for f in failures[:show]:
        print("DISAGREEMENT", f[:700])
    return (p.returncode if not expect_reject else 0), last, dt, req_dis, val_dis, file_err


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--per-file", type=int, default=20, help="requests per generated test file")
    ap.add_argument("--keep", default=None, help="write the generated tests here and keep them")
    ap.add_argument("--show", type=int, default=10, help="print up to N disagreements")
    ap.add_argument("--mutations", type=float, default=0.15,
                    help="fraction of files that also get a mutated entity set (reject/accept agreement)")
    ap.add_argument("--debug", action="store_true", help="print generator diagnostics")
    a = ap.parse_args()
    cmd = os.environ.get("CEDAR_CMD", "lanyard cedar")

    t0 = time.perf_counter()
    if a.keep:
        outdir = os.path.abspath(a.keep)
        if os.path.isdir(outdir):
            foreign = [f for f in os.listdir(outdir) if f not in ("accept", "reject")]
            if foreign:
                raise SystemExit(f"--keep {outdir}: directory holds files this tool did not write "
                                 f"(e.g. {foreign[0]}); use an empty or new directory")
            for sub in ("accept", "reject"):
                shutil.rmtree(os.path.join(outdir, sub), ignore_errors=True)
        scratch = None
        top = outdir
    else:
        scratch = tempfile.mkdtemp(prefix="cedar-diff-")
        top = scratch
    outdir, rejdir = os.path.join(top, "accept"), os.path.join(top, "reject")
    os.makedirs(outdir)
    os.makedirs(rejdir)
    try:
        st = generate(a, outdir, rejdir)
        tg = time.perf_counter() - t0
        n = st["requests"]
        pct = lambda k: f"{st[k]} ({100 * st[k] / max(n, 1):.1f}%)"
        print(f"generated (cedarpy {cedarpy.__version__ if hasattr(cedarpy, '__version__') else '4.12.2'} oracle, "
              f"seed {a.seed}) in {tg:.1f}s: {st['files']} files, {st['policies']} policies, {n} requests; "
              f"validation: {st['valid_files']} valid / {st['invalid_files']} invalid files")
        print(f"outcomes: allow {pct('allow')}, deny {pct('deny')} (forbid-determined {st['forbid_determined']}), "
              f"with errors {pct('with_errors')}; validateRequest true {st['validateRequest_true']} / "
              f"false {st['validateRequest_false']}; dropped by oracle {st['requests_dropped_by_oracle']}, "
              f"policy re-draws {st['policy_parse_rejects']}, skipped schemas {st['skipped_schema']}, "
              f"skipped entity sets {st['skipped_entities']}")
        kinds = ", ".join(f"{k[12:]} {v}" for k, v in sorted(st.items()) if k.startswith("reject_kind_"))
        print(f"entity-data mutations: {st['mutations_rejected']} rejected by the reference ({kinds}), "
              f"{st['mutations_accepted']} accepted (run as zero-request tests)")
        rc, last, dt, rq, vd, fe = run_engine(cmd, outdir, a.show)
        print(f"engine ({cmd}) in {dt:.1f}s: {last}")
        rj = 0
        if st["mutations_rejected"]:
            _, last_r, _, _, _, rj = run_engine(cmd, rejdir, a.show, expect_reject=True)
            print(f"engine on {st['mutations_rejected']} rejected entity sets: {last_r} "
                  f"(each must fail to load; disagreements {rj})")
        dis = rq + vd + fe + rj
        ok = rc == 0 and dis == 0 and st["files"] > 0
        print(f"cedar-differential: seed {a.seed}, {n} requests in {st['files']} files, {dis} disagreements "
              f"(requests {rq}, validation {vd}, file errors {fe}, entity-data rejections {rj}), "
              f"total {time.perf_counter() - t0:.1f}s -> {'OK' if ok else 'FAIL'}")
        if a.keep:
            print(f"tests kept in {top} (accept/: tests, reject/: entity data the reference rejects)")
        return 0 if ok else 1
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
