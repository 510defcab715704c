#ifndef CBYTESCAN_H
#define CBYTESCAN_H

#include <stdint.h>

/// Byte-scanning kernels for the readers, written with SSE2 where the target has it (every
/// x86-64) and as plain C elsewhere. Offsets are byte offsets into `p[0 ..< n]`.

/// One CSV field: `raw ..< raw_end` is the field as written (with its quotes), `lo ..< hi` its
/// content; `escaped` is 1 when the content holds doubled quotes.
typedef struct {
    int64_t raw, raw_end, lo, hi, escaped;
} qs_csv_span;

/// Splits the CSV record that starts at `pos` into fields, the way `CSVBodyParser.tokenize`
/// does for well-formed records: a field is quoted only when its first byte is a quote; inside
/// it a doubled quote stands for one. Records the first `max_spans` fields in `spans` and counts
/// every field in `*fields`. Returns the offset of the byte that ends the record (LF, CR, or n),
/// or -1 when a quoted field never closes or its closing quote is followed by anything but a
/// comma, CR, LF or the end (the caller's exact tokenizer then reports the error).
int64_t qs_csv_split(const uint8_t *p, int64_t n, int64_t pos,
                     qs_csv_span *spans, int64_t max_spans, int64_t *fields);

/// The first offset at or after `from` where `needle` (m >= 1 bytes) starts, or n.
int64_t qs_find(const uint8_t *p, int64_t n, int64_t from, const uint8_t *needle, int64_t m);

/// The first offset at or after `from` of a JSON `\u` escape (a `u` after an odd run of
/// backslashes that begins at or after `from`), or n. The offset is that of the `u`.
int64_t qs_find_json_u_escape(const uint8_t *p, int64_t n, int64_t from);

/// The offset of the first `b` in `p[from ..< n]`, or n.
int64_t qs_find_byte(const uint8_t *p, int64_t n, int64_t from, uint8_t b);

/// The offset of the last `b` in `p[lo ..< hi]`, or -1.
int64_t qs_find_last_byte(const uint8_t *p, int64_t lo, int64_t hi, uint8_t b);

#endif
