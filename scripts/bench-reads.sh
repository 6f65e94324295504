#!/usr/bin/env bash
# Read-path benchmark (issue 2): cached reads vs a bare endpoint (wrk), cache misses vs a raw SDK loop, and a
# 30-second primary outage under steady reads. Runs the packaged API in JVM mode on this machine and writes the
# figures into docs/benchmarks.md between the read-path markers. Takes about 4 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
./mvnw -B -q install -DskipTests -pl shared-model,local-stack,api -am
out=target/bench/read-path.md
mkdir -p target/bench
./mvnw -B -q -pl local-stack exec:java -Dexec.mainClass=io.shiptrack.localstack.bench.ReadBenchmark \
  -Dbench.out="$PWD/$out" "$@"
doc=docs/benchmarks.md
[ -f "$doc" ] || printf '# Benchmarks\n\nFigures measured on the project machine (2 cores, 24 GiB, JDK 17).\n' > "$doc"
python3 - "$doc" "$out" <<'PY'
import sys, datetime, re
doc, out = sys.argv[1], sys.argv[2]
text = open(doc).read()
body = open(out).read()
section = ("<!-- read-path:start -->\n## Read path (issue 2)\n\nCommand: `scripts/bench-reads.sh` ("
           + datetime.date.today().isoformat() + ", 2-core machine, JVM mode, Azurite and Redis on loopback).\n\n"
           + body + "<!-- read-path:end -->")
if "<!-- read-path:start -->" in text:
    text = re.sub(r"<!-- read-path:start -->.*?<!-- read-path:end -->", lambda m: section, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + section + "\n"
open(doc, "w").write(text)
PY
echo "figures written to $doc"
