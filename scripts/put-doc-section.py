#!/usr/bin/env python3
"""Puts a benchmark's Markdown between <!-- NAME:start --> and <!-- NAME:end --> in a doc (appended the first time).

usage: put-doc-section.py DOC NAME TITLE INTRO BODY_FILE
INTRO is the sentence under the title (the command, the date is added); BODY_FILE holds the figures.
"""
import datetime
import re
import sys

doc, name, title, intro, body_file = sys.argv[1:6]
try:
    text = open(doc).read()
except FileNotFoundError:
    text = "# Benchmarks\n\nFigures measured on the project machine (2 cores, 24 GiB, JDK 17).\n"
start, end = "<!-- %s:start -->" % name, "<!-- %s:end -->" % name
section = (start + "\n## " + title + "\n\n" + intro.replace("{date}", datetime.date.today().isoformat()) + "\n\n"
           + open(body_file).read() + end)
if start in text:
    text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda m: section, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + section + "\n"
open(doc, "w").write(text)
