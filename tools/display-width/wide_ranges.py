#!/usr/bin/env python3
"""Prints the East_Asian_Width W/F ranges of Sources/QuarryIO/TextLayout/DisplayWidth.swift.

Assigned code points whose width is W or F, plus the blocks EastAsianWidth.txt makes W by default
(CJK ideographs in planes 0, 2 and 3); ranges separated only by unassigned code points are merged
(Python's unicodedata reports unassigned code points oddly, so they are never wide on their own).
"""
import unicodedata


def unassigned(c):
    return unicodedata.category(chr(c)) == 'Cn'


def wide(c):
    return not unassigned(c) and unicodedata.east_asian_width(chr(c)) in ('W', 'F')


ranges, start = [], None
for c in range(0x110000):
    if wide(c) and start is None:
        start = c
    if not wide(c) and start is not None:
        ranges.append([start, c - 1])
        start = None
ranges += [[0x3400, 0x4DBF], [0x4E00, 0x9FFF], [0xF900, 0xFAFF], [0x20000, 0x2FFFD], [0x30000, 0x3FFFD]]
ranges.sort()
merged = [ranges[0]]
for a, b in ranges[1:]:
    pa, pb = merged[-1]
    if a <= pb + 1 or all(unassigned(x) for x in range(pb + 1, a)):
        merged[-1][1] = max(pb, b)
    else:
        merged.append([a, b])
print(f"// Unicode {unicodedata.unidata_version}: {len(merged)} ranges")
cells = ["0x%X...0x%X" % (a, b) for a, b in merged]
for i in range(0, len(cells), 6):
    print("        " + ", ".join(cells[i:i + 6]) + ",")
