#!/usr/bin/env bash
# OpenCity load test: the real binary on synthetic databases, driven by wrk over loopback,
# compared with the ceiling of this machine (internal/tools/ceiling: a bare Echo handler writing
# pre-encoded bytes of the size of the 50-row list page) measured in the same run.
#
#   bench/load.sh            # 3 rounds of 10 s per case, medians (about 6 minutes; 7 when the
#                            # synthetic databases must be generated first)
#   bench/load.sh --quick    # 1 round of 3 s per case (about 1 minute once the databases exist)
#
# The server runs on CPU 0 with GOMAXPROCS=1, wrk (1 thread, 64 connections) on CPU 1. Only
# 127.0.0.1 is used. Synthetic databases (1k, 10k, 100k cities) are generated once into
# $OPENCITY_BENCH_DATA (default: $TMPDIR/opencity-bench) and reused while the generator, the
# schema and the default dataset are unchanged. Results: bench/out/<UTC time>/ (results.json,
# runs.tsv, summary.md); the markdown summary is also printed.
#
# Every server runs with OPENCITY_RATE_READ=off: wrk is one client, which the per-IP read budget
# would otherwise answer with 429s. The uncached cases turn the representation cache off with
# OPENCITY_CACHE_BYTES=0 (CACHE_OFF_ENV); while `opencity --help` lists no such setting, they are
# measured with the cache on and get no verdict. The full CSV export is GET
# /v1/exports/cities.csv (EXPORT_PATH). A case whose feature is not served is reported as n/a,
# and one with more than 1% error responses as invalid.
# shellcheck disable=SC2154 # PID_<name> and URL_<name> are set by start() through printf -v
set -euo pipefail

RUNS=3
DURATION=10
WARMUP=2
MAX_SECONDS=${MAX_SECONDS:-1200} # hard bound on the whole run
for arg in "$@"; do
	case $arg in
	--quick) RUNS=1 DURATION=3 WARMUP=1 ;;
	-h | --help)
		sed -n '2,18p' "$0"
		exit 0
		;;
	*)
		echo "usage: $0 [--quick]" >&2
		exit 2
		;;
	esac
done

HOST=127.0.0.1 # loopback only
CONNECTIONS=64
SERVER_CPU=0
CLIENT_CPU=1
LOG_LEVEL=${LOG_LEVEL:-info} # as shipped: one log line per request (to /dev/null here)
CACHE_OFF_ENV=${CACHE_OFF_ENV:-OPENCITY_CACHE_BYTES=0}
RECORDS_OFF_ENV=${RECORDS_OFF_ENV:-OPENCITY_RECORD_CACHE_BYTES=0}
EXPORT_PATH=${EXPORT_PATH:-/v1/exports/cities.csv}
FILTER_QUERY=${FILTER_QUERY:-country=DE&sort=-population}

cd "$(dirname "$0")/.."
ROOT=$PWD
[[ -x /usr/local/go/bin/go ]] && export PATH="/usr/local/go/bin:$PATH"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$ROOT/bench/out/$STAMP
DATA=${OPENCITY_BENCH_DATA:-${TMPDIR:-/tmp}/opencity-bench}
mkdir -p "$OUT" "$DATA"
BUILD=$(mktemp -d "${TMPDIR:-/tmp}/opencity-load.XXXXXX")

log() { printf '[%4ds] %s\n' "$SECONDS" "$*" >&2; }
die() {
	log "FAIL: $*"
	exit 1
}

# --- processes started here, and only those, are stopped on exit ------------------------------
PIDS=()
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$BUILD"
}
trap cleanup EXIT
trap 'log "FAIL: line $LINENO: $BASH_COMMAND"' ERR
trap 'die "interrupted"' INT TERM
# The watchdog ends the run, through the traps above, if it takes longer than MAX_SECONDS.
(
	trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
	sleep "$MAX_SECONDS" &
	sleeper=$!
	wait "$sleeper" && kill -TERM $$ 2>/dev/null
) &
WATCHDOG=$!
PIDS+=("$WATCHDOG")

# --- tools -------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
	log "installing wrk (Debian package)"
	{ apt-get update -qq && apt-get install -y -qq wrk; } >/dev/null || die "wrk is missing and could not be installed"
fi
command -v curl >/dev/null || die "curl is missing"
command -v taskset >/dev/null || die "taskset (util-linux) is missing"
if (($(nproc) < 2)); then
	log "warning: $(nproc) CPU: server and wrk share CPU 0; the figures are not comparable"
	CLIENT_CPU=0
fi

log "building opencity, ceiling and synth into $BUILD"
go build -trimpath -o "$BUILD/opencity" . || die "go build ."
go build -trimpath -o "$BUILD/ceiling" ./internal/tools/ceiling || die "go build ceiling"
go build -trimpath -o "$BUILD/synth" ./internal/tools/synth || die "go build synth"

# Settings the server knows (its --help lists their environment variables).
SETTINGS=$("$BUILD/opencity" --help 2>&1 || true)
knows() { grep -q "$1" <<<"$SETTINGS"; }
SERVER_ENV=()
if knows OPENCITY_RATE_READ; then
	SERVER_ENV+=(OPENCITY_RATE_READ=off)
fi
CACHE_OFF=1
if ! knows "${CACHE_OFF_ENV%%=*}"; then
	CACHE_OFF=0
	log "warning: opencity has no setting ${CACHE_OFF_ENV%%=*}: the uncached cases run with the cache on"
fi

# --- synthetic databases -----------------------------------------------------------------------
# Keyed by what they are made from: the generator's sources, the schema as migrated and the
# default dataset (synth --schema-key). Databases of an older key are removed.
KEY=$({
	find internal/synth -name '*.go' ! -name '*_test.go' | sort | xargs cat
	"$BUILD/synth" --schema-key
} | sha256sum | cut -c1-12)
declare -A DB GEN_SECONDS
for n in 1000 10000 100000; do
	DB[$n]=$DATA/synth-$n-$KEY.db
	GEN_SECONDS[$n]=reused
	if [[ ! -f ${DB[$n]} ]]; then
		find "$DATA" -maxdepth 1 -name "synth-$n-*" ! -name "synth-$n-$KEY.db*" -delete
		rm -f "${DB[$n]}.tmp"*
		log "generating ${DB[$n]}"
		start=$SECONDS
		"$BUILD/synth" --cities "$n" --database "${DB[$n]}.tmp" >&2 || die "synth --cities $n"
		mv "${DB[$n]}.tmp" "${DB[$n]}"
		GEN_SECONDS[$n]=$((SECONDS - start))
	fi
done

# --- servers -----------------------------------------------------------------------------------
NEXT_PORT=18080
free_port() {
	while (echo >"/dev/tcp/$HOST/$NEXT_PORT") 2>/dev/null; do
		NEXT_PORT=$((NEXT_PORT + 1))
	done
	PORT=$NEXT_PORT
	NEXT_PORT=$((NEXT_PORT + 1))
}

# start NAME DB [VAR=VALUE ...]: an opencity server on its own port, pinned to SERVER_CPU;
# sets PID_<NAME> and URL_<NAME>.
start() {
	local name=$1 db=$2
	shift 2
	free_port
	env GOMAXPROCS=1 OPENCITY_ADDR="$HOST:$PORT" OPENCITY_DATABASE="$db" OPENCITY_LOG_LEVEL="$LOG_LEVEL" "${SERVER_ENV[@]}" "$@" \
		taskset -c "$SERVER_CPU" "$BUILD/opencity" >/dev/null 2>"$OUT/$name.stderr" &
	local pid=$!
	PIDS+=("$pid")
	printf -v "PID_$name" '%s' "$pid"
	printf -v "URL_$name" '%s' "http://$HOST:$PORT"
	wait_ready "http://$HOST:$PORT/readyz" "$pid" "$name"
}

start_ceiling() {
	free_port
	GOMAXPROCS=1 taskset -c "$SERVER_CPU" "$BUILD/ceiling" --addr "$HOST:$PORT" --body "$1" 2>"$OUT/ceiling.stderr" &
	PID_ceiling=$!
	PIDS+=("$PID_ceiling")
	URL_ceiling=http://$HOST:$PORT
	wait_ready "$URL_ceiling/bench/ceiling" "$PID_ceiling" ceiling
}

wait_ready() {
	local url=$1 pid=$2 name=$3
	for _ in $(seq 600); do
		kill -0 "$pid" 2>/dev/null || die "$name exited: $(tail -5 "$OUT/$name.stderr")"
		[[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url") == 200 ]] && return 0
		sleep 0.1
	done
	die "$name not ready after 60 s"
}

# stop PID: ends a process started here and forgets it.
stop() {
	local pid=$1 p kept=()
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	for p in "${PIDS[@]}"; do
		[[ $p == "$pid" ]] || kept+=("$p")
	done
	PIDS=("${kept[@]}")
}

rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

status_of() { # URL [HEADER]
	local args=(-s -o /dev/null -w '%{http_code}' --max-time 30)
	[[ -n ${2:-} ]] && args+=(-H "$2")
	curl "${args[@]}" "$1"
}

# next_link URL: the links.next of the list page at URL ("" on the last page).
next_link() {
	curl -s --max-time 30 "$1" | { grep -o '"next":"[^"]*"' || true; } | sed -n -e '1{s/^"next":"//' -e 's/"$//' -e 's/\\u0026/\&/g' -e 'p}'
}

# --- wrk ---------------------------------------------------------------------------------------
cat >"$BUILD/report.lua" <<'LUA'
done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("RESULT %.1f %.3f %.3f %d %d %d\n",
		summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
		latency:percentile(99) / 1000, summary.requests, e.status,
		e.connect + e.read + e.write + e.timeout))
end
LUA

# load SECONDS URL [HEADER]: prints "req/s p50_ms p99_ms requests bad_status socket_errors".
load() {
	local secs=$1 url=$2 header=${3:-}
	local args=(-t1 "-c$CONNECTIONS" "-d${secs}s" --timeout 10s -s "$BUILD/report.lua")
	[[ -n $header ]] && args+=(-H "$header")
	timeout $((secs + 30)) taskset -c "$CLIENT_CPU" wrk "${args[@]}" "$url" | awk '/^RESULT/ { print $2, $3, $4, $5, $6, $7 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime of a process

# measure NAME ROUND PID URL [HEADER]: one wrk run against the server PID, appended to runs.txt
# as: name round req/s p50_ms p99_ms requests bad_status socket_errors rss_mb cpu_s
# req_per_cpu_s load1. cpu_s is the CPU time the server used during the run: requests per
# CPU-second stay comparable when other work on this machine takes CPU 0 from the server.
measure() {
	local name=$1 round=$2 pid=$3 url=$4 header=${5:-} before result rss cpu
	before=$(cpu_ticks "$pid")
	result=$(load "$DURATION" "$url" "$header")
	[[ -n $result ]] || die "wrk gave no result for $name"
	cpu=$(awk -v a="$before" -v b="$(cpu_ticks "$pid")" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')
	rss=$(rss_mb "$pid")
	local line
	line=$(awk -v r="$result" -v rss="$rss" -v cpu="$cpu" -v load1="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
		split(r, f, " ")
		printf "%s %s %s %.1f %s", r, rss, cpu, (cpu > 0 ? f[4] / cpu : 0), load1 }')
	echo "$name $round $line" >>"$OUT/runs.txt"
	log "$name run $round: $(awk '{ printf "%s req/s, %s req/CPU-s, p50 %s ms, p99 %s ms, %s MB, load %s", $1, $9, $2, $3, $7, $10 }' <<<"$line")"
}

# --- cases on the 10k database -----------------------------------------------------------------
# name|server|path|header|expected status. Server a: as shipped; b: representation cache off
# (pages assembled from the record cache); c: both caches off (every record read and encoded).
log "starting servers on the 10k database"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
start a "${DB[10000]}"
start b "${DB[10000]}" "$CACHE_OFF_ENV"
start c "${DB[10000]}" "$CACHE_OFF_ENV" "$RECORDS_OFF_ENV"
curl -s --max-time 30 "$URL_a/v1/cities" >"$OUT/page-10k.json"
PAGE_BYTES=$(wc -c <"$OUT/page-10k.json")
start_ceiling "$OUT/page-10k.json"

deep=/v1/cities
for _ in $(seq 100); do # halfway through 10,000 cities, 50 a page
	next=$(next_link "$URL_b$deep")
	[[ -n $next ]] || break
	deep=$next
done
MID_CITY=$(curl -s --max-time 30 "$URL_b$deep" | grep -o '"slug":"[^"]*"' | sed -n '1s/^"slug":"\(.*\)"$/\1/p')
ETAG=$(curl -s -D - -o /dev/null --max-time 30 "$URL_a/v1/cities" | awk -F': ' 'tolower($1) == "etag" { sub(/\r$/, "", $2); print $2 }')

CASES=(
	"ceiling|ceiling|/bench/ceiling||200"
	"list_cached|a|/v1/cities|If-None-Match: \"bench-miss\"|200"
	"list_uncached_first|b|/v1/cities||200"
	"list_uncached_deep|b|$deep||200"
	"city|a|/v1/cities/$MID_CITY||200"
	"city_uncached|b|/v1/cities/$MID_CITY||200"
	"filtered_sorted|b|/v1/cities?$FILTER_QUERY||200"
	"revalidate_304|a|/v1/cities|${ETAG:+If-None-Match: $ETAG}|304"
	"list_cold_first|c|/v1/cities||200"
	"list_cold_deep|c|$deep||200"
	"city_cold|c|/v1/cities/$MID_CITY||200"
	"filtered_sorted_cold|c|/v1/cities?$FILTER_QUERY||200"
)
declare -A NA
for c in "${CASES[@]}"; do
	IFS='|' read -r name server path header want <<<"$c"
	url_var=URL_$server
	if [[ $name == revalidate_304 && -z $ETAG ]]; then
		NA[$name]="pending: no ETag served"
		continue
	fi
	got=$(status_of "${!url_var}$path" "$header")
	[[ $got == "$want" ]] || NA[$name]="pending: status $got"
done

# Rounds: every case once per round, so each round has its own ceiling to compare with.
: >"$OUT/runs.txt"
for round in $(seq "$RUNS"); do
	for c in "${CASES[@]}"; do
		IFS='|' read -r name server path header want <<<"$c"
		[[ -n ${NA[$name]:-} ]] && continue
		url_var=URL_$server pid_var=PID_$server
		((round == 1)) && load "$WARMUP" "${!url_var}$path" "$header" >/dev/null
		measure "$name" "$round" "${!pid_var}" "${!url_var}$path" "$header"
	done
done
HWM_a=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$PID_a/status")
HWM_b=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$PID_b/status")
stop "$PID_a"
stop "$PID_b"
stop "$PID_ceiling"

# --- full CSV export: time and RSS growth ------------------------------------------------------
# export_case SIZE: on a fresh server (as shipped), one list request, then 3 exports while RSS
# is sampled every 5 ms. Time: wall clock at the client, and the server's CPU time.
declare -A EXPORT_MS EXPORT_CPU_MS EXPORT_GROWTH EXPORT_BYTES EXPORT_COLD_MS EXPORT_COLD_CPU_MS
export_case() {
	local n=$1
	start x "${DB[$n]}"
	curl -s -o /dev/null --max-time 30 "$URL_x/v1/cities"
	local code cold before0
	before0=$(cpu_ticks "$PID_x")
	read -r code cold < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 120 "$URL_x$EXPORT_PATH")
	EXPORT_COLD_MS[$n]=$(awk -v t="$cold" 'BEGIN { printf "%.1f", t * 1000 }')
	EXPORT_COLD_CPU_MS[$n]=$(awk -v a="$before0" -v b="$(cpu_ticks "$PID_x")" -v hz="$CLK_TCK" 'BEGIN { printf "%.0f", (b - a) * 1000 / hz }')
	if [[ $code != 200 ]]; then
		EXPORT_MS[$n]="pending: status $code"
		stop "$PID_x"
		return
	fi
	local base times=() cpus=() peak=0 i t bytes before sampler
	base=$(rss_mb "$PID_x")
	for i in 1 2 3; do
		(
			while :; do
				awk '/^VmRSS:/ { print $2 }' "/proc/$PID_x/status" 2>/dev/null || break
				sleep 0.005
			done
		) >"$BUILD/rss-$i.txt" &
		sampler=$!
		before=$(cpu_ticks "$PID_x")
		read -r t bytes < <(curl -s -o /dev/null --max-time 120 -w '%{time_total} %{size_download}\n' "$URL_x$EXPORT_PATH")
		cpus+=("$(awk -v a="$before" -v b="$(cpu_ticks "$PID_x")" -v hz="$CLK_TCK" 'BEGIN { printf "%.0f", (b - a) * 1000 / hz }')")
		kill "$sampler" 2>/dev/null || true
		wait "$sampler" 2>/dev/null || true
		times+=("$(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }')")
		peak=$(awk -v p="$peak" '$1 / 1024 > p { p = $1 / 1024 } END { print p }' "$BUILD/rss-$i.txt")
	done
	EXPORT_MS[$n]=$(printf '%s\n' "${times[@]}" | median)
	EXPORT_CPU_MS[$n]=$(printf '%s\n' "${cpus[@]}" | median)
	EXPORT_GROWTH[$n]=$(awk -v p="$peak" -v b="$base" 'BEGIN { printf "%.1f", p - b }')
	EXPORT_BYTES[$n]=$bytes
	log "export of $n cities: first (read from the database) ${EXPORT_COLD_MS[$n]} ms wall, ${EXPORT_COLD_CPU_MS[$n]} ms CPU;" \
		"then ${times[*]} ms wall, ${cpus[*]} ms CPU, RSS +${EXPORT_GROWTH[$n]} MB"
	stop "$PID_x"
}
log "full CSV export"
export_case 10000
export_case 100000

# --- list cost from 1k to 100k cities (uncached first page) ------------------------------------
for n in 1000 100000; do
	log "uncached first page on $n cities"
	start g "${DB[$n]}" "$CACHE_OFF_ENV"
	load "$WARMUP" "$URL_g/v1/cities" >/dev/null
	for round in $(seq "$RUNS"); do
		measure "growth_$n" "$round" "$PID_g" "$URL_g/v1/cities"
	done
	stop "$PID_g"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report ------------------------------------------------------------------------------------
# stat NAME COLUMN: the median of a column of runs.txt over the runs of case NAME.
stat() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$OUT/runs.txt" | median; }
# ratio NAME COLUMN: the median over rounds of the case's COLUMN divided by the ceiling's in the
# same round.
ratio() {
	awk -v n="$1" -v c="$2" '$1 == "ceiling" { ceil[$2] = $c } $1 == n { v[$2] = $c }
		END { for (r in v) if (ceil[r] > 0) printf "%.4f\n", v[r] / ceil[r] }' "$OUT/runs.txt" | median |
		awk '{ if ($1 == "n/a") print "n/a"; else printf "%.3f", $1 }'
}
errors() { awk -v n="$1" '$1 == n { e += $7 + $8 } END { print e + 0 }' "$OUT/runs.txt"; }
# invalid NAME: 1 when more than 1% of the case's responses were errors.
invalid() { awk -v n="$1" '$1 == n { e += $7 + $8; r += $6 } END { print (r > 0 && e > r / 100) ? 1 : 0 }' "$OUT/runs.txt"; }
verdict() { # VALUE OP TARGET
	awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
		if (v == "n/a" || v == "") { print "n/a"; exit }
		ok = (op == ">=") ? (v + 0 >= t) : (v + 0 < t)
		print ok ? "met" : "missed" }'
}
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
declare -A TARGET=(
	[list_cached]=0.8 [list_uncached_first]=0.3 [list_uncached_deep]=0.3 [city]=0.5
	[city_uncached]=0.5 [filtered_sorted]=0.25 [revalidate_304]=0.9
)
COL_RPS=3 COL_P50=4 COL_P99=5 COL_RSS=9 COL_CPU_RPS=11

{
	echo "## Load test $STAMP"
	echo
	echo "10,000 synthetic cities; 50-row page ($PAGE_BYTES bytes); server on CPU $SERVER_CPU with GOMAXPROCS=1,"
	echo "wrk -t1 -c$CONNECTIONS on CPU $CLIENT_CPU; $RUNS round(s) of ${DURATION}s per case; medians. Load average"
	echo "before: $LOAD_BEFORE, after: $LOAD_AFTER. Ratios are per round against that round's ceiling, by"
	echo "requests per server CPU-second (the verdict) and by requests per second of wall time."
	((CACHE_OFF)) || echo "Warning: opencity has no setting ${CACHE_OFF_ENV%%=*}; the uncached cases ran with the cache on."
	((${#SERVER_ENV[@]})) && echo "Server settings: ${SERVER_ENV[*]}; the uncached cases also ${CACHE_OFF_ENV}."
	echo
	echo "| case | req/s | req/CPU-s | p50 ms | p99 ms | RSS MB | errors | ratio (CPU) | ratio (wall) | target | |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
	for c in "${CASES[@]}"; do
		IFS='|' read -r name server _ _ _ <<<"$c"
		if [[ -n ${NA[$name]:-} ]]; then
			echo "| $name | | | | | | | | | ≥ ${TARGET[$name]:-} | ${NA[$name]} |"
			continue
		fi
		r=$(ratio "$name" $COL_CPU_RPS)
		v=
		[[ $name != ceiling && $server != c ]] && v=$(verdict "$r" ">=" "${TARGET[$name]}")
		[[ $server == c ]] && v="no target: both caches off"
		[[ $server == b && $CACHE_OFF == 0 ]] && v="n/a: cache was on"
		[[ $(invalid "$name") == 1 ]] && v="invalid: $(errors "$name") error responses"
		echo "| $name | $(stat "$name" $COL_RPS) | $(stat "$name" $COL_CPU_RPS) | $(stat "$name" $COL_P50) | $(stat "$name" $COL_P99) |" \
			"$(stat "$name" $COL_RSS) | $(errors "$name") | $r | $(ratio "$name" $COL_RPS) | ${TARGET[$name]:+≥ ${TARGET[$name]}} | $v |"
	done
	deep_ratio=$(div "$(stat list_uncached_deep $COL_CPU_RPS)" "$(stat list_uncached_first $COL_CPU_RPS)")
	growth=$(div "$(stat growth_1000 $COL_CPU_RPS)" "$(stat growth_100000 $COL_CPU_RPS)")
	v_deep=$(verdict "$deep_ratio" ">=" 0.9) v_growth=$(verdict "$growth" "<" 1.5)
	if ((CACHE_OFF == 0)); then
		v_deep="n/a: cache was on" v_growth="n/a: cache was on"
	fi
	echo
	echo "| measure | value | target | |"
	echo "|---|---:|---:|---|"
	echo "| deep page / first page, uncached (req/CPU-s) | $deep_ratio | ≥ 0.9 | $v_deep |"
	echo "| uncached first page cost, 100k vs 1k cities (req/CPU-s 1k: $(stat growth_1000 $COL_CPU_RPS)," \
		"10k: $(stat list_uncached_first $COL_CPU_RPS), 100k: $(stat growth_100000 $COL_CPU_RPS)) | ${growth}× | < 1.5× | $v_growth |"
	for n in 10000 100000; do
		if [[ ${EXPORT_MS[$n]} == pending* ]]; then
			echo "| full CSV export, $n cities | | | ${EXPORT_MS[$n]} |"
			continue
		fi
		echo "| full CSV export, $n cities, first at this data version (read from the database; server CPU ${EXPORT_COLD_CPU_MS[$n]} ms) | ${EXPORT_COLD_MS[$n]} ms | | |"
		if [[ $n == 10000 ]]; then
			echo "| full CSV export, 10000 cities, repeated (copied from the kept file): time, wall (server CPU ${EXPORT_CPU_MS[$n]} ms; ${EXPORT_BYTES[$n]} bytes) | ${EXPORT_MS[$n]} ms | < 50 ms | $(verdict "${EXPORT_MS[$n]}" "<" 50) |"
			echo "| full CSV export, 10000 cities: RSS growth | ${EXPORT_GROWTH[$n]} MB | | |"
		else
			echo "| full CSV export, 100000 cities, repeated: time, wall (server CPU ${EXPORT_CPU_MS[$n]} ms; ${EXPORT_BYTES[$n]} bytes) | ${EXPORT_MS[$n]} ms | | |"
			echo "| full CSV export, 100000 cities: RSS growth | ${EXPORT_GROWTH[$n]} MB | < 20 MB | $(verdict "${EXPORT_GROWTH[$n]}" "<" 20) |"
		fi
	done
	echo "| peak RSS under load, as shipped (VmHWM of the 10k server a) | $HWM_a MB | < 60 MB | $(verdict "$HWM_a" "<" 60) |"
	echo "| peak RSS under load, representation cache off (server b, its record cache filled by the walk to the deep page) | $HWM_b MB | | |"
	echo
	echo "Synthetic databases (seconds to generate, or reused): 1k ${GEN_SECONDS[1000]}, 10k ${GEN_SECONDS[10000]}, 100k ${GEN_SECONDS[100000]}."
} | tee "$OUT/summary.md"

# --- machine-readable --------------------------------------------------------------------------
{
	printf 'case\tround\treq_per_s\tp50_ms\tp99_ms\trequests\tbad_status\tsocket_errors\trss_mb\tcpu_s\treq_per_cpu_s\tload1\n'
	tr ' ' '\t' <"$OUT/runs.txt"
} >"$OUT/runs.tsv"
num() { [[ $1 =~ ^-?[0-9.]+$ ]] && echo "$1" || echo null; }
# ratio_of: ratio, for the cases measured in the rounds beside the ceiling only.
ratio_of() {
	if [[ $1 == growth_* ]]; then
		echo null
	else
		ratio "$@"
	fi
}
{
	printf '{\n  "date": "%s", "runs": %d, "duration_s": %d, "connections": %d, "page_bytes": %d,\n' \
		"$STAMP" "$RUNS" "$DURATION" "$CONNECTIONS" "$PAGE_BYTES"
	printf '  "load_average_before": "%s", "load_average_after": "%s", "cache_off_honoured": %s,\n  "cases": {\n' \
		"$LOAD_BEFORE" "$LOAD_AFTER" "$( ((CACHE_OFF)) && echo true || echo false)"
	first=1
	for c in "${CASES[@]}" "growth_1000|" "growth_100000|"; do
		IFS='|' read -r name _ <<<"$c"
		((first)) || printf ',\n'
		first=0
		if [[ -n ${NA[$name]:-} ]]; then
			printf '    "%s": {"pending": "%s"}' "$name" "${NA[$name]}"
			continue
		fi
		printf '    "%s": {"req_per_s": %s, "req_per_cpu_s": %s, "p50_ms": %s, "p99_ms": %s, "rss_mb": %s, "errors": %s, "ratio_cpu": %s, "ratio_wall": %s}' \
			"$name" "$(num "$(stat "$name" $COL_RPS)")" "$(num "$(stat "$name" $COL_CPU_RPS)")" "$(num "$(stat "$name" $COL_P50)")" \
			"$(num "$(stat "$name" $COL_P99)")" "$(num "$(stat "$name" $COL_RSS)")" "$(errors "$name")" \
			"$(num "$(ratio_of "$name" $COL_CPU_RPS)")" "$(num "$(ratio_of "$name" $COL_RPS)")"
	done
	printf '\n  },\n  "export": {'
	for n in 10000 100000; do
		[[ $n == 100000 ]] && printf ', '
		if [[ ${EXPORT_MS[$n]} == pending* ]]; then
			printf '"%s": {"pending": "%s"}' "$n" "${EXPORT_MS[$n]}"
		else
			printf '"%s": {"wall_ms": %s, "cpu_ms": %s, "rss_growth_mb": %s, "bytes": %s}' "$n" \
				"${EXPORT_MS[$n]}" "${EXPORT_CPU_MS[$n]}" "${EXPORT_GROWTH[$n]}" "${EXPORT_BYTES[$n]}"
		fi
	done
	printf '},\n  "peak_rss_mb": {"as_shipped": %s, "cache_off": %s}\n}\n' "$(num "$HWM_a")" "$(num "$HWM_b")"
} >"$OUT/results.json"
log "results in ${OUT#"$ROOT"/}/ (summary.md, results.json, runs.tsv)"
