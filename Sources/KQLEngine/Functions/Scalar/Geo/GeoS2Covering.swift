import Foundation
import KQLColumns

// geo_line_to_s2cells and geo_polygon_to_s2cells (geo-line-to-s2cells-function.md,
// geo-polygon-to-s2cells-function.md): every S2 cell of the requested level (default 11) that
// meets the shape, as tokens in cell-id order. As S2's region coverer does with a fixed level,
// the faces are subdivided and a cell is kept when the shape may intersect it: an edge of the
// shape meets the closed cell (touching counts: within 1e-14 radians, like S2's padded clipping),
// or, for a polygon, the polygon contains the cell's center. With a radius, a cell is kept when
// some point of the shape lies within radius meters of it (exact distances between geodesic
// edges; the pages do not describe the buffer as approximate). Decisions: a level outside
// [0, 30] or a negative or non-finite radius is invalid (null); the result is capped at
// 1,048,576 cells (the pages name a limit but not its value), beyond which the result is null.

private let coverTolerance = 1e-14
let s2CoveringMaxCells = 1 << 20

extension S2CellID {
    /// The four children, in cell-id (Hilbert) order.
    var children: [S2CellID] {
        let newLsb = lsb >> 2
        let begin = id &- lsb &+ newLsb
        return (0..<4).map { S2CellID(id: begin &+ UInt64($0) &* 2 &* newLsb) }
    }

    static func face(_ f: Int) -> S2CellID { S2CellID(id: UInt64(f) << 61 | UInt64(1) << 60) }

    /// The cell's closed (u, v) rectangle on its face.
    var uvBounds: (u0: Double, u1: Double, v0: Double, v1: Double) {
        let c = faceIJ
        let scale = 1.0 / Double(s2MaxSize)
        return (stToUV(Double(c.i) * scale), stToUV(Double(c.i + c.size) * scale),
                stToUV(Double(c.j) * scale), stToUV(Double(c.j + c.size) * scale))
    }

    /// Whether p lies in the closed cell (padded by the covering tolerance).
    func containsPoint(_ p: Vec3) -> Bool {
        let uv: (Double, Double)?
        switch face {
        case 0: uv = p.x > 0 ? (p.y / p.x, p.z / p.x) : nil
        case 1: uv = p.y > 0 ? (-p.x / p.y, p.z / p.y) : nil
        case 2: uv = p.z > 0 ? (-p.x / p.z, -p.y / p.z) : nil
        case 3: uv = p.x < 0 ? (p.z / p.x, p.y / p.x) : nil
        case 4: uv = p.y < 0 ? (p.z / p.y, -p.x / p.y) : nil
        default: uv = p.z < 0 ? (-p.y / p.z, -p.x / p.z) : nil
        }
        guard let (u, v) = uv else { return false }
        let b = uvBounds
        return u >= b.u0 - coverTolerance && u <= b.u1 + coverTolerance && v >= b.v0 - coverTolerance && v <= b.v1 + coverTolerance
    }
}

/// A cell's corners and whether it meets (or, with a radius, comes within `radius` radians of) edge a–b.
private func cellNearEdge(_ cell: S2CellID, _ corners: [Vec3], _ a: Vec3, _ b: Vec3, radius: Double) -> Bool {
    if cell.containsPoint(a) || cell.containsPoint(b) { return true }
    let limit = max(radius, coverTolerance)
    for k in 0..<4 {
        let c = corners[k], d = corners[(k + 1) & 3]
        if SphericalRing.crosses(a, b, c, d) { return true }
        if edgeDistance(c, a, b) <= limit || edgeDistance(a, c, d) <= limit || edgeDistance(b, c, d) <= limit { return true }
    }
    return false
}

/// The tokens of the level-`level` cells near the edges (or, for polygons, holding the point
/// `inside` says is inside), in cell-id order; nil past the cell cap.
func s2Covering(edges: [(Vec3, Vec3)], level: Int, radius: Double, inside: ((Vec3) -> Bool)?) -> [String]? {
    // Level by level, each cell keeping only the edges near it. A cell with no edge near it is
    // either wholly outside or wholly inside (then all its descendants at the level count). Every
    // cell kept at a level has at least one descendant in the result, so the count is checked
    // after each level and the work stops as soon as the cap is certain to be passed.
    var frontier: [(S2CellID, [(Vec3, Vec3)])] = (0..<6).map { (S2CellID.face($0), edges) }
    var interior: [S2CellID] = []
    var interiorCount = 0
    var result: [UInt64] = []
    while !frontier.isEmpty {
        var next: [(S2CellID, [(Vec3, Vec3)])] = []
        var boundary = 0
        for (cell, near) in frontier {
            let corners = cell.vertices
            let kept = near.filter { cellNearEdge(cell, corners, $0.0, $0.1, radius: radius) }
            if kept.isEmpty {
                guard let inside, inside(cell.center) else { continue }
                let depth = level - cell.level
                guard depth < 11 else { return nil }
                interior.append(cell)
                interiorCount += 1 << (2 * depth)
                if interiorCount > s2CoveringMaxCells { return nil }
                continue
            }
            boundary += 1
            if cell.level == level {
                result.append(cell.id)
            } else {
                for child in cell.children { next.append((child, kept)) }
            }
        }
        if interiorCount + boundary > s2CoveringMaxCells { return nil }
        frontier = next
    }
    func emitAll(_ cell: S2CellID) {
        if cell.level == level { result.append(cell.id); return }
        for child in cell.children { emitAll(child) }
    }
    for cell in interior { emitAll(cell) }
    result.sort()
    return result.map { S2CellID(id: $0).token }
}

/// level (default 11, 0…30) and radius (default 0, meters → radians) arguments; nil when invalid.
private func coveringArgs(_ args: [Value]) -> (level: Int, radius: Double)? {
    var level = 11, radius = 0.0
    if args.count > 1 { guard let l = levelArg(args[1]), (0...s2MaxLevel).contains(l) else { return nil }; level = l }
    if args.count > 2 { guard let r = numericDouble(args[2]), r >= 0, r.isFinite else { return nil }; radius = r }
    return (level, radius / earthRadiusMeters)
}

private func tokens(_ t: [String]?) -> Value { t.map { .dynamic(.array($0.map { .string($0) })) } ?? .null(.dynamic) }

let geoLineToS2CellsFunction = rowFunction(
    "geo_line_to_s2cells", fn([p("lineString", .type(.dynamic)), opt("level", .oneOf([.int, .long, .real])), opt("radius", .oneOf([.int, .long, .real]))], .fixed(.dynamic)),
    summary: "The S2 cell tokens (level 0…30, default 11) covering a GeoJSON LineString or MultiLineString and the points within radius meters of it; null when invalid.",
    kernel: { args in
        guard let lines = geoJSONLines(args[0]), let (level, radius) = coveringArgs(args) else { return .null(.dynamic) }
        let edges = lines.flatMap { l in (1..<l.count).map { (l[$0 - 1], l[$0]) } }
        return tokens(s2Covering(edges: edges, level: level, radius: radius, inside: nil))
    })

let geoPolygonToS2CellsFunction = rowFunction(
    "geo_polygon_to_s2cells", fn([p("polygon", .type(.dynamic)), opt("level", .oneOf([.int, .long, .real])), opt("radius", .oneOf([.int, .long, .real]))], .fixed(.dynamic)),
    summary: "The S2 cell tokens (level 0…30, default 11) covering a GeoJSON Polygon or MultiPolygon and the points within radius meters of it; null when invalid.",
    kernel: { args in
        guard let polygons = geoJSONPolygons(args[0]), let (level, radius) = coveringArgs(args) else { return .null(.dynamic) }
        let edges: [(Vec3, Vec3)] = polygons.flatMap { p in
            p.rings.flatMap { r in r.vertices.indices.map { (r.vertices[$0], r.vertices[($0 + 1) % r.vertices.count]) } }
        }
        return tokens(s2Covering(edges: edges, level: level, radius: radius, inside: { x in polygons.contains { $0.contains(x) } }))
    })
