/// "Did you mean" for a misspelt name: computed only when an error is raised, never on the hot path.
///
/// A case-insensitive exact match wins (`remoteip` → `RemoteIP`: KQL names are case-sensitive);
/// otherwise the candidate at the smallest Damerau-Levenshtein distance (optimal string
/// alignment: insertions, deletions, substitutions and swaps of two neighbours, compared
/// without case) within a threshold that grows with the name's length, so a short name is
/// not "corrected" into an unrelated one. Ties go to the candidate listed first (callers list
/// the nearest scope first: columns, then lets, then tables or functions).
public enum Suggestion {
    /// The edit budget for a name of `length` characters: 0 up to 2, 1 up to 5, 2 up to 9, then 3.
    public static func threshold(forLength length: Int) -> Int {
        switch length {
        case ...2: 0
        case ...5: 1
        case ...9: 2
        default: 3
        }
    }

    /// The best candidate for `name`, or nil when none is close enough (or `name` is itself one).
    public static func best<S: Sequence>(for name: String, among candidates: S) -> String? where S.Element == String {
        guard !name.isEmpty, name.utf8.count <= 256 else { return nil }
        let lower = Array(name.lowercased().unicodeScalars)
        let limit = threshold(forLength: lower.count)
        var best: (name: String, distance: Int)? = nil
        var seen = Set<String>()
        for c in candidates where c != name && seen.insert(c).inserted {
            let cl = Array(c.lowercased().unicodeScalars)
            if cl == lower { return c }   // case-insensitive exact match: always the answer
            guard c.utf8.count <= 256, abs(cl.count - lower.count) <= limit else { continue }
            let d = distance(lower, cl, limit: limit)
            if d <= limit && d < (best?.distance ?? Int.max) { best = (c, d) }
        }
        return best?.name
    }

    /// `did you mean 'X'?` for the best candidate, or nil.
    public static func help<S: Sequence>(for name: String, among candidates: S) -> String? where S.Element == String {
        best(for: name, among: candidates).map { "did you mean '\($0)'?" }
    }

    /// The optimal-string-alignment distance between `a` and `b` (adjacent swaps cost 1);
    /// returns `limit + 1` as soon as every path exceeds `limit`.
    public static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int = Int.max - 1) -> Int {
        let n = a.count, m = b.count
        if n == 0 { return m }
        if m == 0 { return n }
        var prev2 = [Int](repeating: 0, count: m + 1)
        var prev = Array(0...m)
        var cur = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...m {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { v = Swift.min(v, prev2[j - 2] + 1) }
                cur[j] = v
                rowMin = Swift.min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[m]
    }
}
