#include "CByteScan.h"
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define QS_SSE2 1
#endif

// Bytes that end an unquoted CSV field.
static inline int is_csv_delim(uint8_t c) { return c == ',' || c == '\n' || c == '\r'; }

int64_t qs_find_byte(const uint8_t *p, int64_t n, int64_t from, uint8_t b) {
    if (from >= n) return n;
    const void *hit = memchr(p + from, b, (size_t)(n - from));
    return hit ? (int64_t)((const uint8_t *)hit - p) : n;
}

int64_t qs_find_last_byte(const uint8_t *p, int64_t lo, int64_t hi, uint8_t b) {
    int64_t i = hi;
#ifdef QS_SSE2
    const __m128i needle = _mm_set1_epi8((char)b);
    while (i - 16 >= lo) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i - 16));
        unsigned bits = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, needle));
        if (bits) return i - 16 + (31 - __builtin_clz(bits));
        i -= 16;
    }
#endif
    while (i > lo) {
        i--;
        if (p[i] == b) return i;
    }
    return -1;
}

// Bit masks of one 64-byte window of a CSV body starting at `at`: commas, line ends (CR, LF)
// and quotes. Bytes past `n` count as none of them.
typedef struct { int64_t start; uint64_t comma, eol, quote; } csv_window;

static inline void csv_load(const uint8_t *p, int64_t n, int64_t at, csv_window *w) {
    const uint8_t *src = p + at;
    uint8_t pad[64];
    if (at + 64 > n) {
        int64_t k = n > at ? n - at : 0;
        memcpy(pad, src, (size_t)k);
        memset(pad + k, 0, (size_t)(64 - k));
        src = pad;
    }
    uint64_t c = 0, e = 0, q = 0;
#ifdef QS_SSE2
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), dq = _mm_set1_epi8('"');
    for (int j = 0; j < 4; j++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(src + 16 * j));
        c |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)) << (16 * j);
        e |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr))) << (16 * j);
        q |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, dq)) << (16 * j);
    }
#else
    for (int j = 0; j < 64; j++) {
        c |= (uint64_t)(src[j] == ',') << j;
        e |= (uint64_t)(src[j] == '\n' || src[j] == '\r') << j;
        q |= (uint64_t)(src[j] == '"') << j;
    }
#endif
    w->start = at;
    w->comma = c;
    w->eol = e;
    w->quote = q;
}

// Moves the window so that it holds `at`.
static inline void csv_reach(const uint8_t *p, int64_t n, int64_t at, csv_window *w) {
    if (at - w->start >= 64) csv_load(p, n, at, w);
}

static inline int popcount64(uint64_t x) { return __builtin_popcountll(x); }

// The quote closing a quoted field whose content starts at `i` (doubled quotes skipped, `*escaped`
// set when there are any), or -1 when it never closes.
static inline int64_t csv_closing_quote(const uint8_t *p, int64_t n, int64_t i, csv_window *w, int64_t *escaped) {
    for (;;) {
        for (;;) {
            if (i >= n) return -1;
            csv_reach(p, n, i, w);
            uint64_t m = w->quote >> (i - w->start);
            if (m) { i += __builtin_ctzll(m); break; }
            i = w->start + 64;
        }
        if (i + 1 < n && p[i + 1] == '"') { *escaped = 1; i += 2; continue; }
        return i;
    }
}

int64_t qs_csv_split(const uint8_t *p, int64_t n, int64_t pos,
                     qs_csv_span *spans, int64_t max_spans, int64_t *fields) {
    // Fields are found from the window's masks, so consecutive fields do not wait on each
    // other's loads: the next delimiter is a shift and a count of trailing zeros away.
    int64_t field = 0;
    csv_window w;
    csv_load(p, n, pos, &w);
    while (field < max_spans) {
        int64_t start = pos, lo, hi, escaped = 0;
        csv_reach(p, n, pos, &w);
        if (pos < n && ((w.quote >> (pos - w.start)) & 1)) {
            lo = pos + 1;
            int64_t close = csv_closing_quote(p, n, lo, &w, &escaped);
            if (close < 0) return -1;                        // never closes
            hi = close;
            pos = close + 1;
            if (pos < n && !is_csv_delim(p[pos])) return -1;  // text after the closing quote
        } else {
            lo = pos;
            for (;;) {
                if (pos >= n) { pos = n; break; }
                csv_reach(p, n, pos, &w);
                uint64_t m = (w.comma | w.eol) >> (pos - w.start);
                if (m) { pos += __builtin_ctzll(m); break; }
                pos = w.start + 64;
            }
            hi = pos;
        }
        qs_csv_span *s = &spans[field];
        s->raw = start; s->raw_end = pos; s->lo = lo; s->hi = hi; s->escaped = escaped;
        field++;
        if (pos < n && p[pos] == ',') { pos++; continue; }
        *fields = field;
        return pos;
    }
    // Past the recorded fields only the count matters: whole windows without a line end or an
    // opening quote are counted with one popcount. `pos` is at a field start here.
    uint64_t at_field_start = 1;
    for (;;) {
        if (pos >= n) { *fields = field + 1; return n; }
        csv_reach(p, n, pos, &w);
        int rel = (int)(pos - w.start);
        uint64_t commas = w.comma >> rel;
        uint64_t opening = (w.quote >> rel) & ((commas << 1) | at_field_start);
        uint64_t stop = (w.eol >> rel) | opening;
        if (!stop) {
            field += popcount64(commas);
            at_field_start = w.comma >> 63;
            pos = w.start + 64;
            continue;
        }
        int k = __builtin_ctzll(stop);
        field += popcount64(commas & ((1ULL << k) - 1));     // k < 64: a bit is set at k
        pos += k;
        if (!((opening >> k) & 1)) { *fields = field + 1; return pos; }   // the line end
        int64_t escaped = 0;
        int64_t close = csv_closing_quote(p, n, pos + 1, &w, &escaped);
        if (close < 0) return -1;
        pos = close + 1;
        if (pos < n && !is_csv_delim(p[pos])) return -1;
        field++;
        if (pos < n && p[pos] == ',') { pos++; at_field_start = 1; continue; }
        *fields = field;
        return pos;
    }
}

int64_t qs_find(const uint8_t *p, int64_t n, int64_t from, const uint8_t *needle, int64_t m) {
    if (m <= 0) return from < n ? from : n;
    if (m == 1) return qs_find_byte(p, n, from, needle[0]);
    int64_t i = from;
    const int64_t last = n - m;   // the last possible start
#ifdef QS_SSE2
    // Candidates are where both the first and the last byte of the needle match; each is then
    // compared in full.
    const __m128i first = _mm_set1_epi8((char)needle[0]), final = _mm_set1_epi8((char)needle[m - 1]);
    while (i + 16 <= last + 1) {
        __m128i a = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(p + i + m - 1));
        unsigned bits = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, final)));
        while (bits) {
            int64_t at = i + __builtin_ctz(bits);
            if (memcmp(p + at + 1, needle + 1, (size_t)(m - 2 > 0 ? m - 2 : 0)) == 0) return at;
            bits &= bits - 1;
        }
        i += 16;
    }
#endif
    for (; i <= last; i++) {
        if (p[i] == needle[0] && p[i + m - 1] == needle[m - 1] && memcmp(p + i, needle, (size_t)m) == 0) return i;
    }
    return n;
}

int64_t qs_find_json_u_escape(const uint8_t *p, int64_t n, int64_t from) {
    static const uint8_t pair[2] = {'\\', 'u'};
    int64_t i = from;
    for (;;) {
        int64_t at = qs_find(p, n, i, pair, 2);
        if (at >= n) return n;
        // Count the run of backslashes ending at `at` (within [from, at]).
        int64_t run = 1, k = at;
        while (k > from && p[k - 1] == '\\') { k--; run++; }
        if (run & 1) return at + 1;
        i = at + 1;
    }
}
