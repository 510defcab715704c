import Foundation

// The simplification engine of geo_line_simplify, geo_polygon_simplify and
// geo_simplify_polygons_array (GeoSimplify.swift), on the sphere with geodesic edges.
//
// Pipeline, for a tolerance r (radians):
// 1. Snapping. Every input vertex, in input order (path by path, vertex by vertex), snaps to the
//    nearest site closer than r; a vertex with no such site becomes a new site. Sites are
//    therefore input vertices, pairwise at least r apart (the pages: "no two vertices with distance
//    less than tolerance"), and every input vertex is within r of its site. Each path becomes its
//    chain of sites, consecutive repeats removed.
// 2. Collapse. An open path (a line) of fewer than two sites, or a closed one (a ring) of fewer
//    than three, disappears (the pages: high tolerance may make small shapes disappear).
// 3. Chains. The undirected edges of all chains form a graph. A site whose neighbours are not
//    exactly two (where chains meet, fork or touch), and every end of an open path, is a node.
//    Each path splits at its nodes into node-to-node chains; a ring with no node is one free cycle.
//    A chain shared by several paths (a common border, in either direction) is simplified once, in
//    a canonical direction, and every path gets the same result, so shared borders stay shared.
// 4. Douglas–Peucker, with an explicit stack: an edge from chain site i to site j replaces the sites
//    between them when every one of them, and every input vertex snapped to them, is within r of
//    the geodesic i–j; otherwise the farthest one is kept and both halves are treated alike. Edges
//    of nearly 180 degrees are always split. A free cycle is anchored at its first site (the
//    smallest site number, read toward its smaller-numbered neighbour) and the site farthest from
//    it, each half simplified as above; the anchor is then dropped too when its neighbours' edge
//    passes within r of everything it stood for and three sites remain.
// 5. Crossings: while an edge of a ring crosses another ring edge (of any ring of the call), the
//    crossing edges get back their farthest site (still within r, so the guarantees below hold);
//    at most 16 rounds, and only when the rings have at most 2,000 edges in all.
//
// Guarantees: output vertices are input vertices with their given coordinates; every input vertex
// is within r of the output; no two output vertices are closer than r; borders shared by paths of
// the input are simplified identically. Work is linear for snapping (a hash grid of cells as wide
// as the chord of r) and O(n log n) to O(n²) for Douglas–Peucker, with no recursion; Douglas–
// Peucker's distance evaluations are capped at 100,000,000 per call (the result is then null), so
// the work is bounded.
// Deviations from Kusto (which snaps with S2's builder): sites are chosen in input order rather
// than S2's cell order, so on inputs with vertices closer than the tolerance the kept vertices may
// differ; edges are not snapped to nearby sites, so where the input has features narrower than the
// tolerance, snapping can pinch a ring (a repeated vertex) or make rings cross, which step 5
// cannot always undo; past step 5's limits, simplified rings may cross.

/// A vertex as given: its coordinates (written back unchanged) and its direction.
struct SimplifyVertex {
    var lng: Double, lat: Double, p: Vec3
}

/// Distance evaluations left.
private final class SimplifyBudget { var left = 100_000_000 }

struct GeoSimplifier {
    let radius: Double
    private let budget = SimplifyBudget()
    private let cellSize: Double
    private(set) var sites: [SimplifyVertex] = []
    /// The input vertices snapped to each site.
    private var snapped: [[Vec3]] = []
    private var grid: [SIMD3<Int>: [Int]] = [:]

    init(radius: Double) {
        self.radius = radius
        cellSize = max(2 * sin(min(radius, .pi / 2) / 2), 1e-9)
    }

    private func key(_ p: Vec3) -> SIMD3<Int> {
        SIMD3(Int((p.x / cellSize).rounded(.down)), Int((p.y / cellSize).rounded(.down)), Int((p.z / cellSize).rounded(.down)))
    }

    /// The site of a vertex (a new one when no site is closer than the radius).
    mutating func snap(_ v: SimplifyVertex) -> Int {
        let k = key(v.p)
        var best = -1, bestDistance = Double.infinity
        for dx in -1...1 {
            for dy in -1...1 {
                for dz in -1...1 {
                    guard let ids = grid[k &+ SIMD3(dx, dy, dz)] else { continue }
                    for id in ids {
                        let d = sites[id].p.angle(v.p)
                        if d < bestDistance { best = id; bestDistance = d }
                    }
                }
            }
        }
        if best >= 0 && (bestDistance < radius || bestDistance == 0) {
            snapped[best].append(v.p)
            return best
        }
        sites.append(v)
        snapped.append([v.p])
        grid[k, default: []].append(sites.count - 1)
        return sites.count - 1
    }

    /// Simplifies paths (closed ones are rings, given without the closing repeat): for each, the
    /// kept vertices (a ring's without the closing repeat), or nil when it disappears; nil when the
    /// work budget runs out.
    mutating func simplify(_ paths: [(vertices: [SimplifyVertex], closed: Bool)]) -> [[SimplifyVertex]?]? {
        // 1–2: chains of sites.
        var chains: [[Int]?] = []
        for path in paths {
            var c: [Int] = []
            for v in path.vertices {
                let s = snap(v)
                if c.last != s { c.append(s) }
            }
            if path.closed { while c.count > 1 && c.last == c.first { c.removeLast() } }
            chains.append(c.count >= (path.closed ? 3 : 2) ? c : nil)
        }
        // 3: nodes.
        var neighbours = [Set<Int>](repeating: [], count: sites.count)
        var forced = Set<Int>()
        for (i, chain) in chains.enumerated() {
            guard let c = chain else { continue }
            let closed = paths[i].closed
            for k in c.indices {
                let next = k + 1 < c.count ? c[k + 1] : (closed ? c[0] : nil)
                if let n = next { neighbours[c[k]].insert(n); neighbours[n].insert(c[k]) }
            }
            if !closed, let f = c.first, let l = c.last { forced.insert(f); forced.insert(l) }
        }
        func isNode(_ s: Int) -> Bool { forced.contains(s) || neighbours[s].count != 2 }

        // 4: pieces (each undirected chain or free cycle once), simplified.
        var pieces: [SimplifyPiece] = []
        var pieceOf: [[Int]: Int] = [:]
        /// A node-to-node chain's piece and whether the path runs it in the canonical direction.
        func chainPiece(_ seq: [Int]) -> (Int, Bool) {
            let reversed = Array(seq.reversed())
            let forward = seq.lexicographicallyPrecedes(reversed) || seq == reversed
            let canonical = forward ? seq : reversed
            if let p = pieceOf[canonical] { return (p, forward) }
            pieces.append(SimplifyPiece(seq: canonical, cyclic: false, kept: douglasPeucker(canonical)))
            pieceOf[canonical] = pieces.count - 1
            return (pieces.count - 1, forward)
        }
        /// A free cycle's piece (anchored at its smallest site, read toward the smaller neighbour).
        func cyclePiece(_ c: [Int]) -> (Int, Bool) {
            let n = c.count
            let minAt = c.indices.min(by: { c[$0] < c[$1] }) ?? 0
            let forward = c[(minAt + 1) % n] <= c[(minAt + n - 1) % n]
            let seq = (0..<n).map { forward ? c[(minAt + $0) % n] : c[(minAt - $0 + n) % n] }
            let key = [-1] + seq
            if let p = pieceOf[key] { return (p, forward) }
            pieces.append(SimplifyPiece(seq: seq, cyclic: true, kept: freeCycle(seq)))
            pieceOf[key] = pieces.count - 1
            return (pieces.count - 1, forward)
        }
        var layout: [[(piece: Int, forward: Bool)]?] = []
        for (i, chain) in chains.enumerated() {
            guard let c = chain else { layout.append(nil); continue }
            var parts: [(piece: Int, forward: Bool)] = []
            if !paths[i].closed {
                var start = 0
                for k in 1..<c.count where isNode(c[k]) { parts.append(chainPiece(Array(c[start...k]))); start = k }
            } else if let firstNode = c.firstIndex(where: isNode) {
                let rotated = Array(c[firstNode...] + c[..<firstNode]) + [c[firstNode]]
                var start = 0
                for k in 1..<rotated.count where isNode(rotated[k]) { parts.append(chainPiece(Array(rotated[start...k]))); start = k }
            } else {
                parts.append(cyclePiece(c))
            }
            layout.append(parts)
            guard budget.left >= 0 else { return nil }
        }
        // 5: edges of rings that cross get back their farthest vertex, until none crosses.
        let ringPieces = Set(layout.indices.filter { paths[$0].closed }.flatMap { (layout[$0] ?? []).map(\.piece) })
        repairCrossings(&pieces, Array(ringPieces).sorted())
        guard budget.left >= 0 else { return nil }

        // 6: each path from its pieces.
        var out: [[SimplifyVertex]?] = []
        for (i, parts) in layout.enumerated() {
            guard let parts = parts, let c = chains[i] else { out.append(nil); continue }
            var kept: [Int] = []
            for (p, forward) in parts {
                let piece = pieces[p]
                let sitesKept = piece.kept.map { piece.seq[$0] }
                let run = forward ? sitesKept : Array(sitesKept.reversed())
                kept += kept.isEmpty ? run : Array(run.dropFirst())
            }
            if paths[i].closed {
                if parts.count > 1 || !pieces[parts[0].piece].cyclic { kept.removeLast() }
                kept = rotatedToInputOrder(kept, c)
                if Set(kept).count < 3 { out.append(nil); continue }
            } else if Set(kept).count < 2 { out.append(nil); continue }
            out.append(kept.map { sites[$0] })
        }
        return out
    }

    /// The positions strictly between kept positions a and b of a piece (b after a, wrapping
    /// round a cycle).
    private func interior(_ piece: SimplifyPiece, _ a: Int, _ b: Int) -> [Int] {
        let n = piece.seq.count
        let end = b > a ? b : b + n
        return (a + 1 ..< max(a + 1, end)).map { $0 % n }
    }

    /// The edges of pieces (kept position pairs), a cycle's closing edge included.
    private func edges(_ piece: SimplifyPiece) -> [(Int, Int)] {
        var e: [(Int, Int)] = []
        for k in piece.kept.indices.dropFirst() { e.append((piece.kept[k - 1], piece.kept[k])) }
        if piece.cyclic, let l = piece.kept.last, let f = piece.kept.first { e.append((l, f)) }
        return e
    }

    /// Keeps, on every edge of the rings' pieces that crosses another such edge, its farthest
    /// vertex, until no edge crosses or none that crosses can be split (at most 16 rounds, and
    /// only for up to 2,000 edges: the check compares every pair).
    private func repairCrossings(_ pieces: inout [SimplifyPiece], _ ids: [Int]) {
        for _ in 0..<16 {
            var all: [(piece: Int, a: Int, b: Int, p: Vec3, q: Vec3)] = []
            for id in ids {
                for (a, b) in edges(pieces[id]) { all.append((id, a, b, sites[pieces[id].seq[a]].p, sites[pieces[id].seq[b]].p)) }
            }
            guard all.count <= 2_000 else { return }
            var split = Set<Int>()
            for i in all.indices {
                for j in all.indices where j > i && SphericalRing.crosses(all[i].p, all[i].q, all[j].p, all[j].q) {
                    split.insert(i)
                    split.insert(j)
                }
            }
            var changed = false
            for i in split.sorted() {
                let e = all[i]
                let piece = pieces[e.piece]
                var best = -1.0, at = -1
                for k in interior(piece, e.a, e.b) {
                    let d = edgeDistance(sites[piece.seq[k]].p, e.p, e.q)
                    if d > best { best = d; at = k }
                }
                if at >= 0 && !pieces[e.piece].kept.contains(at) {
                    pieces[e.piece].kept.append(at)
                    pieces[e.piece].kept.sort()
                    changed = true
                }
            }
            if !changed { return }
        }
    }

    /// A ring's kept sites, starting at the first one in the ring's own order.
    private func rotatedToInputOrder(_ kept: [Int], _ chain: [Int]) -> [Int] {
        let keptSet = Set(kept)
        guard let first = chain.first(where: { keptSet.contains($0) }), let at = kept.firstIndex(of: first) else { return kept }
        return Array(kept[at...] + kept[..<at])
    }

    /// The farthest any site between positions i and j of `seq` (or an input vertex snapped to it)
    /// is from the edge seq[i]–seq[j], and where.
    private func worst(_ seq: [Int], _ i: Int, _ j: Int, _ a: Vec3, _ b: Vec3) -> (error: Double, at: Int) {
        var error = -1.0, at = -1
        var k = i + 1
        budget.left -= j - i
        while k < j && budget.left >= 0 {
            var e = edgeDistance(sites[seq[k]].p, a, b)
            for x in snapped[seq[k]] where e <= radius { e = max(e, edgeDistance(x, a, b)); budget.left -= 1 }
            if e > error { error = e; at = k }
            k += 1
        }
        return (error, at)
    }

    /// Douglas–Peucker on a chain of sites whose ends are kept: the kept positions.
    private func douglasPeucker(_ seq: [Int]) -> [Int] {
        guard seq.count > 2 else { return Array(seq.indices) }
        var keep = [Bool](repeating: false, count: seq.count)
        keep[0] = true
        keep[seq.count - 1] = true
        var stack = [(0, seq.count - 1)]
        while let (i, j) = stack.popLast(), budget.left >= 0 {
            guard j - i > 1 else { continue }
            let a = sites[seq[i]].p, b = sites[seq[j]].p
            let (error, at) = worst(seq, i, j, a, b)
            guard at > i else { continue }
            if error > radius || a.angle(b) > .pi * 0.999 {
                keep[at] = true
                stack.append((i, at))
                stack.append((at, j))
            }
        }
        return seq.indices.filter { keep[$0] }
    }

    /// A free cycle (in canonical order): the kept positions, ascending. Anchored at position 0 and
    /// the site farthest from it; the anchor goes too when its neighbours' edge covers everything
    /// it stood for.
    private func freeCycle(_ seq: [Int]) -> [Int] {
        let n = seq.count
        let anchor = sites[seq[0]].p
        var far = 1
        for k in 1..<n where sites[seq[k]].p.angle(anchor) > sites[seq[far]].p.angle(anchor) { far = k }
        let first = douglasPeucker(Array(seq[0...far]))
        let second = douglasPeucker(Array(seq[far...]) + [seq[0]]).map { $0 + far }
        var kept = first + second.dropFirst().dropLast()
        if kept.count > 3, let prev = kept.last, kept.count > 1 {
            let next = kept[1]
            let span = Array(seq[prev...]) + Array(seq[...next])
            let (error, _) = worst(span, 0, span.count - 1, sites[seq[prev]].p, sites[seq[next]].p)
            if error <= radius && sites[seq[prev]].p.angle(sites[seq[next]].p) <= .pi * 0.999 { kept.removeFirst() }
        }
        return kept
    }
}

/// A node-to-node chain (ends kept) or a free cycle, in canonical order, with its kept positions.
private struct SimplifyPiece {
    var seq: [Int]
    var cyclic: Bool
    var kept: [Int]
}
