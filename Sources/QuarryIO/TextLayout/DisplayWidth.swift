/// Terminal column widths of text, as `wcwidth(3)` measures them, without the C library's
/// locale: an East Asian Wide or Fullwidth character takes two columns, a combining mark, a
/// format character (zero width joiner, variation selector, …) or a Hangul medial vowel or
/// final consonant takes none, everything else one. Emoji with default emoji presentation are
/// wide (they are W in East_Asian_Width since Unicode 9). Grapheme clusters are summed scalar by
/// scalar, as terminals do; a ZWJ emoji sequence may therefore measure wider than a terminal
/// draws it (it never measures narrower).
public enum DisplayWidth {
    /// Columns one scalar takes (controls count 0: callers escape them first, see `CellText`).
    public static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }
        if v == 0xAD { return 1 }   // the soft hyphen is drawn by terminals
        if v >= 0x1160 && v <= 0x11FF { return 0 }   // Hangul Jamo medial vowels and final consonants
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v < 0x1100 { return 1 }
        if isWide(v) || s.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Columns a string takes.
    public static func of(_ s: String) -> Int {
        var n = 0
        for u in s.unicodeScalars { n += of(u) }
        return n
    }

    /// `s` cut to at most `width` columns; when it is cut, its last column is `…`. A wide
    /// character that would straddle the limit is left out (never half drawn).
    public static func truncate(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if of(s) <= width { return s }
        var out = String.UnicodeScalarView()
        var used = 0
        for u in s.unicodeScalars {
            let w = of(u)
            if used + w > width - 1 { break }
            out.append(u)
            used += w
        }
        // Combining marks that belong to the last kept character stay with it.
        return String(out) + "…"
    }

    /// `s` followed by spaces to `width` columns (left-aligned), or preceded by them (right).
    public static func pad(_ s: String, to width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(s)))
        return right ? fill + s : s + fill
    }

    static func isWide(_ v: UInt32) -> Bool {
        var lo = 0, hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// East_Asian_Width W and F, generated from Python's `unicodedata` (Unicode 14.0) by
    /// `tools/display-width/wide_ranges.py`: assigned code points of width W or F, plus the
    /// blocks the Unicode data file makes W by default (CJK ideographs in planes 0, 2 and 3);
    /// ranges separated only by unassigned code points are merged.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55, 0x2E80...0x303E,
        0x3041...0x3247, 0x3250...0x4DBF, 0x4E00...0xA4C6, 0xA960...0xA97C, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE10...0xFE19, 0xFE30...0xFE6B, 0xFF01...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x1B2FB, 0x1F004...0x1F004,
        0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
        0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E,
        0x1F440...0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A,
        0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2,
        0x1F6D5...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945,
        0x1F947...0x1F9FF, 0x1FA70...0x1FAF6, 0x20000...0x3FFFD,
    ]
}
