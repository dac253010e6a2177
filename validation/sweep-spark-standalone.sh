#!/usr/bin/env bash
# Runs memspice work on a real Spark standalone cluster on this machine: a master and a worker on loopback,
# started from the Spark jars the build puts in target/spark-lib (no Spark distribution needed), with the JVM
# options Spark's own launcher passes. The check (SparkSelfCheck) runs a seeded Monte Carlo task through
# SparkEngine on the cluster (the worker starts a separate executor JVM, which fetches memspice.jar and
# target/lib from the driver via spark.jars) and in a plain loop, and compares every double bit for bit.
# Then memspice sweep on the cluster against the local engine, the check on local mode, and an unreachable master (expected: exit 2, naming --master).
# Everything it starts is stopped on exit. Results in validation/sweep-spark-standalone.results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
out=validation/sweep-spark-standalone.results.txt
port=${SPARK_MASTER_PORT:-7077}
keys=${KEYS:-40}

./memspice --version >/dev/null # builds target/ when the sources are newer
# the options Spark 4's launcher passes on Java 17 (org.apache.spark.launcher.JavaModuleOptions), as in pom.xml
read -r -a opts <<<"$(sed -n 's:.*<spark.java.options>\(.*\)</spark.java.options>.*:\1:p' pom.xml)"
[ "${#opts[@]}" -gt 0 ] || { echo "no <spark.java.options> in pom.xml" >&2; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "port $port is taken (a Spark master already running?); set SPARK_MASTER_PORT" >&2
  exit 1
fi

# a Spark home for the worker: it starts executors with $SPARK_HOME/jars/* on their class path
home=$(mktemp -d)
pids=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$home"
}
trap stop EXIT
mkdir -p "$home/jars" "$home/work"
ln -s "$PWD"/target/spark-lib/*.jar "$PWD"/target/lib/*.jar "$home/jars/"
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
daemon_cp="target/lib/*:target/spark-lib/*"

wait_for() { # file, text, seconds
  for _ in $(seq "$3"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done
  echo "timed out waiting for '$2' in $1:" >&2; tail -n 20 "$1" >&2; return 1
}

java -Xmx512m "${opts[@]}" -Dspark.master.rest.enabled=false -cp "$daemon_cp" \
  org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0 >"$home/master.log" 2>&1 &
pids+=($!)
wait_for "$home/master.log" "New state: ALIVE" 120
java -Xmx512m "${opts[@]}" -cp "$daemon_cp" org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$port" \
  --host 127.0.0.1 --port 0 --webui-port 0 --cores 2 --memory 2g --work-dir "$home/work" >"$home/worker.log" 2>&1 &
pids+=($!)
wait_for "$home/worker.log" "Successfully registered with master" 120

check() { # master: the command whose results are compared
  java -Xmx1g "${opts[@]}" -cp "target/memspice.jar:target/spark-lib/*" org.memspice.sweep.SparkSelfCheck "$1" "$keys"
}

{
  echo "# sweep-spark-standalone.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) processors, $(java -version 2>&1 | head -n 1)"
  echo "# Spark $(ls target/spark-lib | sed -n 's/^spark-core_2.13-\(.*\)\.jar$/\1/p'), standalone master and one worker (2 cores) on 127.0.0.1:$port"
  grep -h -e "Starting Spark master" -e "Registering worker" "$home/master.log" | sed 's/^[0-9/]* [0-9:]* //'
  echo "## on the standalone cluster"
  check "spark://127.0.0.1:$port" 2>&1 | grep -v -e '^WARNING: Using incubator modules'
  echo "## executors the worker started (their own JVMs), and the jars they fetched from the driver"
  grep -h "Launch command" "$home/worker.log" | grep -o 'CoarseGrainedExecutorBackend.*--executor-id" "[0-9]*"' | sed 's/"//g'
  echo "jars fetched: $(find "$home/work" -name '*.jar' | wc -l) (memspice.jar: $(find "$home/work" -name memspice.jar | wc -l))"
  echo "## memspice sweep on the cluster against the same sweep on the local engine (results without timings)"
  sweep=(sweep --model models/bnn-kdwg-w48.json --vary sigma=0,0.2 --fixed read=0.01 --trials 2 --images 100 --seed 7)
  rm -f "$home/cluster.csv" "$home/local.csv"
  ./memspice "${sweep[@]}" --engine spark --master "spark://127.0.0.1:$port" --csv "$home/cluster.csv" 2>/dev/null \
    | grep -e '^0' -e '^sigma'
  ./memspice "${sweep[@]}" --csv "$home/local.csv" >/dev/null 2>&1
  results() { tail -n +3 "$1" | cut -d, -f1-9 | sort; }
  if [ "$(results "$home/cluster.csv")" = "$(results "$home/local.csv")" ]; then
    echo "cluster and local engine: $(results "$home/local.csv" | wc -l) trials, identical (correct, agreement, energy bits)"
  else
    echo "cluster and local engine DIFFER:"; diff <(results "$home/cluster.csv") <(results "$home/local.csv") || true
  fi
  echo "## on local mode (local[2])"
  check "local[2]" 2>&1 | grep -v -e '^WARNING: Using incubator modules'
  echo "## an unreachable master (expected: exit status 2 and a message naming --master)"
  set +e
  check "spark://127.0.0.1:1" 2>&1 | grep -v -e '^WARNING: Using incubator modules'
  echo "exit status ${PIPESTATUS[0]}"
  set -e
} | tee "$out"
