#!/usr/bin/env bash
# Instructions per parse for every group of benches/parse.rs, all three sides, counted by cachegrind:
# each side runs under `valgrind --tool=cachegrind --cache-sim=no` with N=LOW and N=HIGH
# iterations, and (I refs at HIGH - I refs at LOW) / (HIGH - LOW) is printed (see
# benches/instructions.rs), then each of serde_json_scan and typed over serde_json_value. Needs
# valgrind. Usage: bash benches/instructions.sh [LOW HIGH]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
low=${1:-100}
high=${2:-1100}
binary=$(cargo bench --bench instructions --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "instructions" and m.get("executable"):
        print(m["executable"])')
[ -x "$binary" ] || { echo "no instructions binary" >&2; exit 1; }
"$binary" # every group once, checked

refs() {
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$binary" "$@" 2>&1 |
        sed -n 's/.*I *refs: *//p' | tr -d ','
}

printf '%-36s %18s %16s %10s %6s %6s\n' group serde_json_value serde_json_scan typed scan typed
for group in parse/end_of_call_report parse/end_of_call_report_compact parse/end_of_call_report_seed \
    parse/tool_calls parse/status_update parse/assistant_request tool_response/object \
    tool_response/simple tool_response/direct tool_response/error; do
    per=()
    for side in serde_json_value serde_json_scan typed; do
        a=$(refs "$group" "$side" "$low")
        b=$(refs "$group" "$side" "$high")
        [ -n "$a" ] && [ -n "$b" ] || { echo "cachegrind gave no count for $group $side" >&2; exit 1; }
        per+=($(( (b - a) / (high - low) )))
    done
    printf '%-36s %18s %16s %10s %6s %6s\n' "$group" "${per[0]}" "${per[1]}" "${per[2]}" \
        "$(python3 -c "print(f'{${per[1]}/${per[0]}:.2f}')")" "$(python3 -c "print(f'{${per[2]}/${per[0]}:.2f}')")"
done
