#!/bin/sh
# Time to the first output line and peak memory of a streamed scan, and the full-scan time, over a
# generated DeviceNetworkEvents CSV (issue 9: first line < 1 s, peak RSS < 200 MB for 2M rows).
#
#   swift build -c release && Benchmarks/Tools/first-line.sh [ROWS] [QUARRY]
#
# ROWS defaults to 2000000; QUARRY to .build/release/quarry. The file is generated once into
# bench-data/ (git ignores it). Needs GNU time (/usr/bin/time -v) for the peak RSS.
set -eu
ROWS=${1:-2000000}
Q=${2:-.build/release/quarry}
mkdir -p bench-data
F=bench-data/dne-$ROWS.csv
[ -f "$F" ] || "$Q" generate --rows "$ROWS" --seed 1 --end 2025-05-10T00:00:00Z --days 14 --form mde --format csv --out "$F"
T=$(mktemp)
now() { date +%s.%N; }

echo "file: $F ($(du -hL "$F" | cut -f1))"
s=$(now)
e=$(/usr/bin/time -v -o "$T" "$Q" query 'DeviceNetworkEvents' --table DeviceNetworkEvents="$F" --format jsonl 2>/dev/null \
    | (head -1 > /dev/null; now))
echo "first line (| head -1):         $(echo "$e - $s" | bc) s, peak RSS $(awk -F: '/Maximum resident/ {print $2}' "$T") KB"
s=$(now)
/usr/bin/time -v -o "$T" "$Q" query 'DeviceNetworkEvents | take 10' --table DeviceNetworkEvents="$F" --format jsonl > /dev/null
e=$(now)
echo "take 10:                        $(echo "$e - $s" | bc) s, peak RSS $(awk -F: '/Maximum resident/ {print $2}' "$T") KB"
for q in 'DeviceNetworkEvents | count' 'DeviceNetworkEvents | summarize count() by ActionType' \
         'DeviceNetworkEvents | summarize max(Timestamp), sum(RemotePort), dcount(DeviceName)'; do
    /usr/bin/time -v -o "$T" "$Q" query "$q" --table DeviceNetworkEvents="$F" > /dev/null
    printf '%-40s%s s, peak RSS %s KB\n' "full scan: ${q#DeviceNetworkEvents | }" \
        "$(awk '/Elapsed/ {print $NF}' "$T")" "$(awk -F: '/Maximum resident/ {print $2}' "$T")"
done
rm -f "$T"
