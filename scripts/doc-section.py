#!/usr/bin/env python3
"""Puts a benchmark's Markdown into docs/benchmarks.md between <!-- NAME:start --> and <!-- NAME:end -->.

Usage: doc-section.py DOC NAME TITLE INTRO_FILE_OR_TEXT BODY_FILE
The section reads: "## TITLE", the intro (with today's date filled in for {date}), then the body.
"""
import datetime
import re
import sys

doc, name, title, intro, body_file = sys.argv[1:6]
text = open(doc).read() if __import__("os").path.exists(doc) else (
    "# Benchmarks\n\nFigures measured on the project machine (2 cores, 24 GiB, JDK 17).\n")
body = open(body_file).read()
start, end = "<!-- %s:start -->" % name, "<!-- %s:end -->" % name
section = "%s\n## %s\n\n%s\n\n%s%s" % (start, title, intro.replace("{date}", datetime.date.today().isoformat()),
                                      body, end)
if start in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda m: section, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + section + "\n"
open(doc, "w").write(text)
