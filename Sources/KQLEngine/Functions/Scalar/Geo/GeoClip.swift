import Foundation
import KQLColumns

// Polygon clipping on the sphere: the core of geo_union_polygons_array,
// geo_intersection_2polygons and the buffers. Edges are geodesics (GeoCommon.swift's sphere).
//
// Pipeline (one call, any number of operands; union keeps what is in any operand, intersection
// what is in both of two):
//   1. Each operand's rings are oriented with its interior on the left (shells counterclockwise,
//      holes clockwise; a ring given the other way round is reversed, as S2Loop::Normalize
//      does). Edges are numbered in that order, operand by operand (S2's input edge ids).
//   2. Every edge is split where it crosses an edge of another operand (the crossing is the
//      normalized cross product of the two great circles' normals, each normal computed as
//      (a+b)×(b−a), S2's robust form, which reproduces the pages' crossings to 1e-13 degrees)
//      and where a vertex of another operand lies on it (within 1e-10 radians, about 0.6 mm; a
//      crossing that close to a vertex is the vertex). Each pair of edges is examined once, so
//      both get the same node. Points within 1e-12 radians (about 6 µm) are one node; a node
//      keeps the first coordinates given for it.
//   3. Each piece is classified against every other operand: on its boundary running the same or
//      the opposite way when that operand has a piece between the same two nodes, otherwise
//      inside or outside by the piece's midpoint.
//        union:        kept when outside every other operand; of pieces running the same way
//                      along a shared boundary the first operand's is kept;
//        intersection: kept when inside the other operand (or shared the same way, once);
//                      pieces shared the opposite way are the result's lines, nodes where the
//                      operands only touch are its points (Kusto's closed polygon model).
//   4. Kept pieces are joined into loops as S2Builder does, so vertex order matches Kusto's:
//      loops are walked from the edge whose start has the smallest S2 cell id, turning left at
//      nodes with several exits and peeling a loop off where a node repeats; each loop is then
//      rotated so that its highest-numbered input edge comes last (CanonicalizeLoopOrder) and
//      loops are ordered by the input edge number of their first edge.
//   5. Loops whose left side is the smaller region are shells, the others holes; a hole belongs
//      to the smallest shell that holds it.
//
// Guarantees: no trap on any input; work is bounded (at most `clipMaxEdges` edges and
// `clipMaxSplits` crossings in one call, more gives nil = null; edges are compared only where
// bounding caps of operands, groups of operands and runs of 16 edges meet, GeoEdgeChunks.swift);
// an inconsistent classification (loops that do not close) gives nil rather than a wrong shape.
// Deviations and decisions (the pages are silent): a result region larger than a hemisphere
// (a ring whose smaller side is outside it) is nil (null), as Kusto's shells must enclose at most
// half of the sphere; vertices of the inputs keep their given coordinates (Kusto round-trips
// them through S2Points, a difference below 1e-12 degrees); a MultiPolygon operand whose
// polygons overlap is invalid.

/// Points closer than this (radians) are one node.
let clipTolerance = 1e-12
/// A vertex this close (radians, about 0.6 mm) to another operand's edge lies on it, and a crossing
/// this close to a vertex is at the vertex: below this the orientation tests of short edges are
/// rounding noise.
let clipSnap = 1e-10
/// The most edges one clipping call takes (all operands together).
let clipMaxEdges = 50_000
/// The most edge crossings one clipping call computes (two zigzags can cross each other's every
/// edge: quadratic in the edges); more gives nil (null).
let clipMaxSplits = 200_000

/// A polygon prepared for clipping: rings oriented with the interior on the left, each a shell
/// followed by its holes.
struct ClipPolygon {
    var shell: [GeoVertex]
    var holes: [[GeoVertex]]
    var rings: [[GeoVertex]] { [shell] + holes }
}

/// One operand: polygons that do not overlap.
struct ClipShape {
    var polygons: [ClipPolygon]
    var vertexCount: Int { polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } } }
}

/// What a clipping gives: polygons, and (intersection only) lines and isolated points.
struct ClipResult {
    var polygons: [ClipPolygon] = []
    var lines: [[GeoVertex]] = []
    var points: [GeoVertex] = []
}

enum ClipOperation { case union, intersection }

extension SphericalRing {
    /// A ring of the given vertices (no closing repeat).
    init(vertices: [Vec3]) {
        self.vertices = vertices
        leftIsSmaller = vertices.count >= 3 && SphericalRing.signedArea(vertices) > 0
    }
}

extension SphericalPolygon {
    init(shell: SphericalRing, holes: [SphericalRing]) { self.shell = shell; self.holes = holes }
}

extension ClipPolygon {
    /// The region, for containment tests (shell ≤ a hemisphere: its smaller side).
    var region: SphericalPolygon {
        SphericalPolygon(shell: SphericalRing(vertices: shell.map(\.p)), holes: holes.map { SphericalRing(vertices: $0.map(\.p)) })
    }
}

// MARK: Input

/// The operand of a GeoJSON Polygon or MultiPolygon (nil when invalid, or when a MultiPolygon's
/// polygons overlap): rings oriented interior-left, coordinates as given.
func clipShape(_ v: Value) -> ClipShape? {
    guard let spherical = geoJSONPolygons(v), let (type, coords) = geoJSONObject(v) else { return nil }
    let caps = spherical.map(polygonCap)
    for i in spherical.indices {
        for j in spherical.indices where j > i && caps[i].meets(caps[j]) && polygonsOverlap(spherical[i], spherical[j]) { return nil }
    }
    let rawPolygons: [DynamicValue]
    if type == "Polygon" { rawPolygons = [coords] } else {
        guard case .array(let items) = coords else { return nil }
        rawPolygons = items
    }
    guard rawPolygons.count == spherical.count else { return nil }
    var out: [ClipPolygon] = []
    for (raw, sp) in zip(rawPolygons, spherical) {
        guard case .array(let ringValues) = raw, ringValues.count == sp.rings.count else { return nil }
        var rings: [[GeoVertex]] = []
        for (k, rv) in ringValues.enumerated() {
            guard let pos = rawPositions(rv), pos.count >= 4 else { return nil }
            var ring = pos.dropLast().map { GeoVertex(lng: $0.lng, lat: $0.lat, p: Vec3(lng: $0.lng, lat: $0.lat)) }
            let isShell = k == 0
            // A shell keeps its direction when its left side is the smaller region; a hole when it is not.
            if sp.rings[k].leftIsSmaller != isShell { ring.reverse() }
            rings.append(ring)
        }
        guard let shell = rings.first else { return nil }
        out.append(ClipPolygon(shell: shell, holes: Array(rings.dropFirst())))
    }
    return ClipShape(polygons: out)
}

/// A cap around every edge of a polygon's shell.
func polygonCap(_ p: SphericalPolygon) -> GeoCap {
    let v = p.shell.vertices
    var m = Vec3(x: 0, y: 0, z: 0)
    for x in v { m = m + x }
    let c = m.norm > 1e-9 ? m.normalized : v[0]
    var r = 0.0
    for i in v.indices { let e = GeoCap(v[i], v[(i + 1) % v.count]); r = max(r, c.angle(e.center) + e.radius) }
    return GeoCap(center: c, radius: r + 1e-9)
}

/// Whether two polygons share area: edges that truly cross (not merely touch, and not on one
/// great circle, where the orientation tests are rounding noise), or a vertex of one inside the
/// other and off its boundary. Polygons that touch or share edges do not overlap.
func polygonsOverlap(_ p: SphericalPolygon, _ q: SphericalPolygon) -> Bool {
    func edges(_ poly: SphericalPolygon) -> [(Vec3, Vec3)] {
        poly.rings.flatMap { r in r.vertices.indices.map { (r.vertices[$0], r.vertices[($0 + 1) % r.vertices.count]) } }
    }
    let ep = edges(p), eq = edges(q)
    for (a, b) in ep {
        let ca = GeoCap(a, b)
        for (c, d) in eq where ca.meets(GeoCap(c, d)) && SphericalRing.crosses(a, b, c, d) {
            var x = (a + b).cross(b - a).normalized.cross((c + d).cross(d - c).normalized)
            guard x.norm > 1e-10 else { continue }
            x = x.normalized
            if x.dot(a + b) < 0 { x = x * -1 }
            if [a, b, c, d].allSatisfy({ $0.angle(x) > clipSnap }) { return true }
        }
    }
    func inside(_ v: Vec3, _ poly: SphericalPolygon, _ polyEdges: [(Vec3, Vec3)]) -> Bool {
        poly.contains(v) && !polyEdges.contains { edgeDistance(v, $0.0, $0.1) <= clipSnap }
    }
    return p.shell.vertices.contains { inside($0, q, eq) } || q.shell.vertices.contains { inside($0, p, ep) }
}

// MARK: Nodes

/// Points merged within `clipTolerance`, found through a grid of cells much larger than it.
struct NodeTable {
    var vertices: [GeoVertex] = []
    private var grid: [SIMD3<Int64>: [Int]] = [:]
    private let cell = 1e-9

    private func key(_ p: Vec3) -> SIMD3<Int64> {
        SIMD3(Int64((p.x / cell).rounded(.down)), Int64((p.y / cell).rounded(.down)), Int64((p.z / cell).rounded(.down)))
    }

    mutating func node(_ v: GeoVertex) -> Int {
        let k = key(v.p)
        for dx in -1...1 {
            for dy in -1...1 {
                for dz in -1...1 {
                    for i in grid[k &+ SIMD3(Int64(dx), Int64(dy), Int64(dz)), default: []] where vertices[i].p.angle(v.p) <= clipTolerance { return i }
                }
            }
        }
        vertices.append(v)
        grid[k, default: []].append(vertices.count - 1)
        return vertices.count - 1
    }
}

// MARK: Clipping

private struct ClipEdge {
    var a: Vec3, b: Vec3
    var va: GeoVertex, vb: GeoVertex
    var id: Int, operand: Int
    var normal: Vec3       // unit normal of the great circle, a × b normalized
    var center: Vec3       // bounding cap: center and angular radius
    var radius: Double
}

private struct Piece {
    var from: Int, to: Int, id: Int, operand: Int
}

/// The signed angle from a to x around the great circle with unit normal n.
private func alongArc(_ a: Vec3, _ x: Vec3, _ n: Vec3) -> Double { atan2(a.cross(x).dot(n), a.dot(x)) }

/// Clips operands (two for an intersection); nil when too large, or when the result cannot be
/// represented (a region larger than a hemisphere) or its pieces do not close into loops.
func clipPolygons(_ shapes: [ClipShape], _ op: ClipOperation) -> ClipResult? {
    // 1. Edges, numbered operand by operand.
    var edges: [ClipEdge] = []
    var operandCaps: [(center: Vec3, radius: Double)] = []
    for (k, shape) in shapes.enumerated() {
        let first = edges.count
        for polygon in shape.polygons {
            for ring in polygon.rings {
                for i in ring.indices {
                    let va = ring[i], vb = ring[(i + 1) % ring.count]
                    let c = (va.p + vb.p).normalized
                    edges.append(ClipEdge(a: va.p, b: vb.p, va: va, vb: vb, id: edges.count, operand: k, normal: va.p.cross(vb.p).normalized,
                                          center: c, radius: va.p.angle(vb.p) / 2 + 1e-9))
                    guard edges.count <= clipMaxEdges else { return nil }
                }
            }
        }
        // The operand's bounding cap (around the mean of its vertices).
        var m = Vec3(x: 0, y: 0, z: 0)
        for e in edges[first...] { m = m + e.a }
        let c = m.norm > 1e-9 ? m.normalized : Vec3(x: 0, y: 0, z: 1)
        let r = edges[first...].reduce(0) { max($0, c.angle($1.center) + $1.radius) }
        operandCaps.append((c, m.norm > 1e-9 ? r : .pi))
    }
    func capsMeet(_ c1: Vec3, _ r1: Double, _ c2: Vec3, _ r2: Double) -> Bool { r1 + r2 >= .pi || c1.angle(c2) <= r1 + r2 + 1e-9 }
    // Operands in groups of 16 (in S2 cell order of their caps' centers) under a bounding cap, so
    // that many operands (a buffer's capsules) are not all compared with every edge.
    let sortedOperands = shapes.indices.map { (S2CellID(point: operandCaps[$0].center).id, $0) }.sorted { $0 < $1 }.map(\.1)
    var groups: [(cap: GeoCap, members: ArraySlice<Int>)] = []
    var gStart = 0
    while gStart < sortedOperands.count {
        let members = sortedOperands[gStart..<min(sortedOperands.count, gStart + 16)]
        var m = Vec3(x: 0, y: 0, z: 0)
        for k in members { m = m + operandCaps[k].center }
        let c = m.norm > 1e-9 ? m.normalized : operandCaps[members[members.startIndex]].center
        let r = members.reduce(0.0) { max($0, c.angle(operandCaps[$1].center) + operandCaps[$1].radius) }
        groups.append((GeoCap(center: c, radius: r + 1e-9), members))
        gStart += 16
    }
    /// The operands other than `own` whose caps meet the cap (center, radius), in operand order.
    func nearOperands(_ center: Vec3, _ radius: Double, except own: Int) -> [Int] {
        let query = GeoCap(center: center, radius: radius)
        var out: [Int] = []
        for g in groups where g.cap.meets(query) {
            for k in g.members where k != own && capsMeet(center, radius, operandCaps[k].center, operandCaps[k].radius) { out.append(k) }
        }
        return out.sorted()
    }
    var byOperand = [[Int]](repeating: [], count: shapes.count)
    for i in edges.indices { byOperand[edges[i].operand].append(i) }
    let chunks: [EdgeChunks] = byOperand.map { ids in EdgeChunks(ids.map { (edges[$0].a, edges[$0].b) }) }
    let regions: [[ChunkedPolygon]] = shapes.map { shape in
        shape.polygons.map { ChunkedPolygon(shell: ChunkedRing($0.shell.map(\.p)), holes: $0.holes.map { ChunkedRing($0.map(\.p)) }) }
    }

    // 2. Split points of every edge. Each pair of edges is examined once (from the edge of the
    // lower operand), so that both edges get the same crossing node: the orientation tests are not
    // symmetric in floating point for edges that cross at a tiny angle.
    var nodes = NodeTable()
    var breaks: [[(t: Double, node: Int)]] = edges.map { e in [(0, nodes.node(e.va)), (e.a.angle(e.b), nodes.node(e.vb))] }
    func addVertexBreaks(_ ei: Int, from fi: Int) {
        let e = edges[ei], f = edges[fi]
        let theta = e.a.angle(e.b)
        for v in [f.va, f.vb] where edgeDistance(v.p, e.a, e.b) <= clipSnap {
            let t = alongArc(e.a, v.p, e.normal)
            if t > 0 && t < theta { breaks[ei].append((t, nodes.node(v))) }
        }
    }
    var splits = 0
    for (ei, e) in edges.enumerated() {
        guard splits <= clipMaxSplits else { return nil }
        for k in nearOperands(e.center, e.radius, except: e.operand) where k > e.operand {
            chunks[k].forEachNear(GeoCap(center: e.center, radius: e.radius)) { local in
                guard splits <= clipMaxSplits else { return }
                let fi = byOperand[k][local]
                let f = edges[fi]
                guard capsMeet(e.center, e.radius, f.center, f.radius) else { return }
                if SphericalRing.crosses(e.a, e.b, f.a, f.b) {
                    // Normals as (a+b)×(b−a) (S2's robust cross product: exact to the last bits for short edges).
                    let n1 = (e.a + e.b).cross(e.b - e.a).normalized, n2 = (f.a + f.b).cross(f.b - f.a).normalized
                    var x = n1.cross(n2)
                    // Edges on one great circle (the orientation signs are then rounding noise): their
                    // overlap is found by the vertex tests below. A crossing must lie on both edges.
                    if x.norm > 1e-10 {
                        x = x.normalized
                        if x.dot(e.a + e.b) < 0 { x = x * -1 }
                        if edgeDistance(x, e.a, e.b) <= clipSnap, edgeDistance(x, f.a, f.b) <= clipSnap {
                            // A crossing at (within clipSnap of) a vertex is that vertex: the vertex tests
                            // below split the other edge there.
                            let node = nodes.node([e.va, e.vb, f.va, f.vb].first { $0.p.angle(x) <= clipSnap } ?? GeoVertex(x))
                            breaks[ei].append((alongArc(e.a, x, e.normal), node))
                            breaks[fi].append((alongArc(f.a, x, f.normal), node))
                            splits += 1
                        }
                    }
                }
                addVertexBreaks(ei, from: fi)
                addVertexBreaks(fi, from: ei)
            }
        }
    }
    guard splits <= clipMaxSplits else { return nil }
    var pieces: [Piece] = []
    for (ei, e) in edges.enumerated() {
        let sorted = breaks[ei].sorted { $0.t < $1.t }
        var last = sorted[0].node
        for b in sorted.dropFirst() where b.node != last {
            pieces.append(Piece(from: last, to: b.node, id: e.id, operand: e.operand))
            last = b.node
        }
    }

    // 3. Classification.
    enum Side { case inside, outside, same, opposite }
    let points = nodes.vertices.map(\.p)
    // Shared boundary: coincident edges were split at each other's vertices into the same nodes,
    // so a piece lies on another operand's boundary exactly when that operand has a piece between
    // the same two nodes (the same way or the opposite way).
    var piecesByNodes: [SIMD2<Int>: [Int]] = [:]
    for (i, piece) in pieces.enumerated() { piecesByNodes[SIMD2(min(piece.from, piece.to), max(piece.from, piece.to)), default: []].append(i) }
    func side(_ piece: Piece, against k: Int) -> Side {
        for j in piecesByNodes[SIMD2(min(piece.from, piece.to), max(piece.from, piece.to)), default: []] where pieces[j].operand == k {
            return pieces[j].from == piece.from ? .same : .opposite
        }
        let m = (points[piece.from] + points[piece.to]).normalized
        guard capsMeet(m, 0, operandCaps[k].center, operandCaps[k].radius) else { return .outside }
        return regions[k].contains { $0.contains(m) } ? .inside : .outside
    }
    var kept: [Piece] = []
    var lines: [Piece] = []
    for piece in pieces {
        var keep = true
        // A union needs only the operands that may hold the piece's midpoint (the others leave it
        // outside); an intersection has two.
        let others = op == .union
            ? nearOperands((points[piece.from] + points[piece.to]).normalized, 0, except: piece.operand)
            : shapes.indices.filter { $0 != piece.operand }
        for k in others {
            let s = side(piece, against: k)
            switch op {
            case .union:
                if s == .inside || s == .opposite || (s == .same && k < piece.operand) { keep = false }
            case .intersection:
                if s == .outside || s == .opposite || (s == .same && k < piece.operand) { keep = false }
                if s == .opposite && piece.operand == 0 { lines.append(piece) }
            }
            if !keep { break }
        }
        if keep { kept.append(piece) }
    }

    // 4. Loops, as S2Builder assembles them.
    guard let loops = assembleLoops(kept, points) else { return nil }

    // 5. Shells and holes.
    var result = ClipResult()
    var shellIndex: [Int: Int] = [:]   // loop index → polygon index
    var shellRegions: [(loop: Int, ring: SphericalRing, area: Double)] = []
    for (li, loop) in loops.enumerated() {
        let ring = SphericalRing(vertices: loop.map { points[$0.from] })
        if SphericalRing.signedArea(ring.vertices) > 0 {
            shellRegions.append((li, ring, ring.area))
        }
    }
    for (li, loop) in loops.enumerated() {
        let verts = loop.map { nodes.vertices[$0.from] }
        if shellRegions.contains(where: { $0.loop == li }) {
            shellIndex[li] = result.polygons.count
            result.polygons.append(ClipPolygon(shell: verts, holes: []))
        }
    }
    for (li, loop) in loops.enumerated() where shellIndex[li] == nil {
        // A point of the hole's boundary: the middle of its longest edge.
        var best = 0, bestLength = -1.0
        for (i, piece) in loop.enumerated() {
            let len = points[piece.from].angle(points[piece.to])
            if len > bestLength { bestLength = len; best = i }
        }
        let probe = (points[loop[best].from] + points[loop[best].to]).normalized
        guard let owner = shellRegions.filter({ $0.ring.contains(probe) }).min(by: { $0.area < $1.area }),
              let pi = shellIndex[owner.loop] else { return nil }
        result.polygons[pi].holes.append(loop.map { nodes.vertices[$0.from] })
    }

    // Degenerate parts of an intersection: lines shared the opposite way, and touching points.
    if op == .intersection {
        var chains: [[Int]] = []
        for piece in lines {
            if let last = chains.last?.last, last == piece.from { chains[chains.count - 1].append(piece.to) } else { chains.append([piece.from, piece.to]) }
        }
        // A closed chain of opposite pieces split where the ring starts: join its ends.
        if chains.count > 1, let first = chains.first, let last = chains.last, last.last == first.first {
            chains[0] = last + first.dropFirst()
            chains.removeLast()
        }
        result.lines = chains.map { $0.map { nodes.vertices[$0] } }
        var onA = Set<Int>(), onB = Set<Int>()
        for piece in pieces { if piece.operand == 0 { onA.insert(piece.from); onA.insert(piece.to) } else { onB.insert(piece.from); onB.insert(piece.to) } }
        var used = Set<Int>()
        for loop in loops { for piece in loop { used.insert(piece.from) } }
        for chain in chains { used.formUnion(chain) }
        for n in onA.intersection(onB).sorted() where !used.contains(n) { result.points.append(nodes.vertices[n]) }
    }
    return result
}

/// Joins directed pieces into loops the way S2Builder's GetDirectedLoops (LoopType::SIMPLE) does,
/// each rotated by CanonicalizeLoopOrder, the loops ordered by their first edge's input id.
/// nil when the pieces do not close into loops.
private func assembleLoops(_ kept: [Piece], _ points: [Vec3]) -> [[Piece]]? {
    guard !kept.isEmpty else { return [] }
    // Sites are numbered in S2 cell id order; edges sorted by (start site, end site).
    let used = Set(kept.flatMap { [$0.from, $0.to] })
    let ranked = used.map { (cell: S2CellID(point: points[$0]).id, node: $0) }.sorted { ($0.cell, $0.node) < ($1.cell, $1.node) }
    var rank = [Int](repeating: 0, count: points.count)
    for (r, n) in ranked.enumerated() { rank[n.node] = r }
    let order = kept.indices.sorted { (rank[kept[$0].from], rank[kept[$0].to], $0) < (rank[kept[$1].from], rank[kept[$1].to], $1) }
    var outgoing: [Int: [Int]] = [:]
    for i in kept.indices { outgoing[kept[i].from, default: []].append(i) }
    // The next piece after piece i: the sharpest left turn among the unused exits of its end node.
    var usedPiece = [Bool](repeating: false, count: kept.count)
    func next(_ i: Int) -> Int? {
        let v = points[kept[i].to]
        let back = points[kept[i].from]
        guard let exits = outgoing[kept[i].to]?.filter({ !usedPiece[$0] }), !exits.isEmpty else { return nil }
        if exits.count == 1 { return exits[0] }
        // Tangent directions at v: incoming reversed (toward the previous node) and each exit.
        func tangent(_ to: Vec3) -> Vec3 { (to - v * v.dot(to)).normalized }
        let tin = tangent(back)
        // The sharpest left turn: the exit furthest counterclockwise from the way back.
        func ccwAngle(_ t: Vec3) -> Double {
            var a = atan2(tin.cross(t).dot(v), tin.dot(t))
            if a <= 0 { a += 2 * .pi }
            return a
        }
        return exits.max { ccwAngle(tangent(points[kept[$0].to])) < ccwAngle(tangent(points[kept[$1].to])) }
    }
    var loops: [[Piece]] = []
    var pathIndex: [Int: Int] = [:]
    for start in order where !usedPiece[start] {
        var path: [Int] = []
        var e: Int? = start
        while let cur = e, !usedPiece[cur] {
            path.append(cur)
            usedPiece[cur] = true
            pathIndex[kept[cur].from] = path.count - 1
            if let loopStart = pathIndex[kept[cur].to] {
                let loop = Array(path[loopStart...])
                path.removeSubrange(loopStart...)
                for p in loop { pathIndex[kept[p].from] = nil }
                loops.append(canonicalLoop(loop.map { kept[$0] }))
            }
            e = next(cur)
        }
        guard path.isEmpty else { return nil }
    }
    guard usedPiece.allSatisfy({ $0 }) else { return nil }
    return loops.sorted { ($0.first?.id ?? 0) < ($1.first?.id ?? 0) }
}

/// S2Builder's CanonicalizeLoopOrder: the highest input edge id last (the last of a run of equal
/// ones), the loop starting just after it.
private func canonicalLoop(_ loop: [Piece]) -> [Piece] {
    guard !loop.isEmpty else { return loop }
    var pos = 0
    var sawGap = false
    for i in 1..<loop.count {
        let cmp = loop[i].id - loop[pos].id
        if cmp < 0 { sawGap = true } else if cmp > 0 || !sawGap { pos = i; sawGap = false }
    }
    pos += 1
    if pos == loop.count { pos = 0 }
    return Array(loop[pos...] + loop[..<pos])
}

// MARK: Output

/// [lng, lat] (a computed −0 written as 0).
private func position(_ v: GeoVertex) -> DynamicValue { .array([.real(v.lng + 0), .real(v.lat + 0)]) }

private func closedRing(_ ring: [GeoVertex]) -> DynamicValue {
    .array((ring + (ring.first.map { [$0] } ?? [])).map(position))
}

private func geoObject(_ type: String, _ coordinates: DynamicValue) -> DynamicValue {
    .object(PropertyBag(uniqueKeys: ["type", "coordinates"], values: [.string(type), coordinates]))
}

/// A Polygon (one) or MultiPolygon (several) of clipped polygons; nil when there are none.
func polygonsGeoJSON(_ polygons: [ClipPolygon]) -> DynamicValue? {
    let coords = polygons.map { p in DynamicValue.array(p.rings.map(closedRing)) }
    if coords.isEmpty { return nil }
    return coords.count == 1 ? geoObject("Polygon", coords[0]) : geoObject("MultiPolygon", .array(coords))
}

/// A clipping result as GeoJSON: its one part, or a GeometryCollection of points, lines and
/// polygons (in that order; empty when there is nothing).
func clipResultGeoJSON(_ r: ClipResult) -> Value {
    var parts: [DynamicValue] = []
    if r.points.count == 1 { parts.append(geoObject("Point", position(r.points[0]))) }
    if r.points.count > 1 { parts.append(geoObject("MultiPoint", .array(r.points.map(position)))) }
    if r.lines.count == 1 { parts.append(geoObject("LineString", .array(r.lines[0].map(position)))) }
    if r.lines.count > 1 { parts.append(geoObject("MultiLineString", .array(r.lines.map { .array($0.map(position)) }))) }
    if let p = polygonsGeoJSON(r.polygons) { parts.append(p) }
    if parts.count == 1 { return .dynamic(parts[0]) }
    return .dynamic(.object(PropertyBag(uniqueKeys: ["type", "geometries"], values: [.string("GeometryCollection"), .array(parts)])))
}
