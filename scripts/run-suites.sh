#!/usr/bin/env bash
# The whole suite, inside the display. The end-to-end specs run one file at a time and
# spend most of it waiting on browsers, so the unit and extension projects run beside
# them (one worker, at lower priority so the browsers keep the CPU they need) instead of
# before them, on an X display of their own (the helper's tests move the pointer and
# draw the watermark). Each run writes its own report; the summary adds them up.
set -uo pipefail
out=.test-results
bash "$(dirname "$0")/with-display.sh" nice -n 10 vitest run --project unit --project extension --maxWorkers=1 \
  --reporter=default --reporter=json --outputFile.json="$out/unit.json" >"$out/unit.log" 2>&1 &
unit=$!
trap 'kill $unit 2>/dev/null || true' EXIT
vitest run --project e2e --reporter=default --reporter=json --outputFile.json="$out/e2e.json"
e2e=$?
wait $unit
unit_status=$?
trap - EXIT
echo
echo "Unit and extension tests (full log: $out/unit.log):"
if [ $unit_status -eq 0 ]; then tail -n 6 "$out/unit.log"; else cat "$out/unit.log"; fi
[ $e2e -eq 0 ] && [ $unit_status -eq 0 ]
