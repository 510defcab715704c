import Foundation
import KQLColumns

// geo_union_lines_array (geo-union-lines-array-function.md): the union of LineStrings and
// MultiLineStrings (geodesic edges) as one LineString or a MultiLineString.
//
// Pipeline: every edge (in array order, line by line) is split where a vertex of another edge lies
// on it (within 1e-12 radians, GeoClip.swift's node merging); pieces covering the same stretch
// are one (the first one's direction is kept); pieces are then chained as S2Builder's
// PolylineBuilder chains directed edges: a line starts, in input order, at each piece whose start
// is not a pass-through node (exactly one piece in and one out) and runs until it reaches such a
// node; pieces left over form closed lines, each rotated so that its highest-numbered input edge
// comes last; lines are ordered by the input edge of their first piece. The page's examples
// (overlapping lines merged into one) agree.
// Decisions where the pages are silent: lines that cross are not split at the crossing (each
// keeps its own vertices, as S2BooleanOperation does by default: split_all_crossing_polyline_edges
// is false); zero-length edges (a repeated position) are dropped; an argument that
// is not an array, an empty array, or an invalid element gives null; more than `clipMaxEdges`
// positions in all gives null (the splitting compares pairs of edges whose bounding caps meet).

private struct LinePiece { var from: Int, to: Int, id: Int }

let geoUnionLinesArrayFunction = rowFunction(
    "geo_union_lines_array", fn([p("lineStrings", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The union of an array of GeoJSON LineStrings/MultiLineStrings (geodesic edges) as a LineString or MultiLineString; null when an element is invalid.",
    kernel: { args in
        guard case .dynamic(.array(let items)) = args[0], !items.isEmpty else { return .null(.dynamic) }
        var edges: [(a: GeoVertex, b: GeoVertex)] = []
        for item in items {
            let v = Value.dynamic(item)
            guard geoJSONLines(v) != nil, let lines = rawLines(v, multi: true) else { return .null(.dynamic) }
            for line in lines {
                for i in 1..<line.count {
                    let a = GeoVertex(lng: line[i - 1].lng, lat: line[i - 1].lat, p: line[i - 1].p)
                    let b = GeoVertex(lng: line[i].lng, lat: line[i].lat, p: line[i].p)
                    if a.p.angle(b.p) > clipTolerance { edges.append((a, b)) }
                }
            }
            guard edges.count <= clipMaxEdges else { return .null(.dynamic) }
        }
        guard let json = unionLines(edges) else { return .null(.dynamic) }
        return .dynamic(json)
    })

/// The chained union of directed edges as GeoJSON; nil when there are none.
private func unionLines(_ edges: [(a: GeoVertex, b: GeoVertex)]) -> DynamicValue? {
    var nodes = NodeTable()
    // Runs of edges under bounding caps (GeoEdgeChunks.swift), to skip far pairs quickly.
    let chunks = EdgeChunks(edges.map { ($0.a.p, $0.b.p) })
    var pieces: [LinePiece] = []
    var seen = Set<[Int]>()
    for (id, e) in edges.enumerated() {
        let n = e.a.p.cross(e.b.p).normalized
        let theta = e.a.p.angle(e.b.p)
        var breaks: [(t: Double, node: Int)] = [(0, nodes.node(e.a)), (theta, nodes.node(e.b))]
        chunks.forEachNear(GeoCap(e.a.p, e.b.p)) { j in
            guard j != id else { return }
            let f = edges[j]
            for v in [f.a, f.b] where edgeDistance(v.p, e.a.p, e.b.p) <= clipTolerance {
                let t = atan2(e.a.p.cross(v.p).dot(n), e.a.p.dot(v.p))
                if t > 0 && t < theta { breaks.append((t, nodes.node(v))) }
            }
        }
        breaks.sort { $0.t < $1.t }
        var last = breaks[0].node
        for b in breaks.dropFirst() where b.node != last {
            if seen.insert([min(last, b.node), max(last, b.node)]).inserted { pieces.append(LinePiece(from: last, to: b.node, id: id)) }
            last = b.node
        }
    }
    guard !pieces.isEmpty else { return nil }
    var inDegree: [Int: Int] = [:], outgoing: [Int: [Int]] = [:]
    for (i, piece) in pieces.enumerated() { inDegree[piece.to, default: 0] += 1; outgoing[piece.from, default: []].append(i) }
    func passThrough(_ v: Int) -> Bool { inDegree[v, default: 0] == 1 && outgoing[v]?.count == 1 }
    var used = [Bool](repeating: false, count: pieces.count)
    var chains: [[Int]] = []   // piece indices
    func walk(_ start: Int) -> [Int] {
        var chain = [start]
        used[start] = true
        var v = pieces[start].to
        while passThrough(v), let next = outgoing[v]?.first, !used[next] {
            chain.append(next); used[next] = true
            v = pieces[next].to
        }
        return chain
    }
    for i in pieces.indices where !used[i] && !passThrough(pieces[i].from) { chains.append(walk(i)) }
    for i in pieces.indices where !used[i] {
        // A closed line: the highest input edge last (S2's CanonicalizeLoopOrder).
        let loop = walk(i)
        var pos = 0, sawGap = false
        for k in 1..<loop.count {
            let cmp = pieces[loop[k]].id - pieces[loop[pos]].id
            if cmp < 0 { sawGap = true } else if cmp > 0 || !sawGap { pos = k; sawGap = false }
        }
        pos = (pos + 1) % loop.count
        chains.append(Array(loop[pos...] + loop[..<pos]))
    }
    chains.sort { pieces[$0[0]].id < pieces[$1[0]].id }
    func position(_ n: Int) -> DynamicValue { .array([.real(nodes.vertices[n].lng), .real(nodes.vertices[n].lat)]) }
    let coords: [DynamicValue] = chains.map { c in .array([position(pieces[c[0]].from)] + c.map { position(pieces[$0].to) }) }
    func object(_ type: String, _ coordinates: DynamicValue) -> DynamicValue {
        .object(PropertyBag(uniqueKeys: ["type", "coordinates"], values: [.string(type), coordinates]))
    }
    return coords.count == 1 ? object("LineString", coords[0]) : object("MultiLineString", .array(coords))
}
