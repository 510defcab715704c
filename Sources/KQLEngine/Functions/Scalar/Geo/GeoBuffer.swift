import Foundation
import KQLColumns

// geo_point_buffer, geo_line_buffer and geo_polygon_buffer (geo-point-buffer-function.md,
// geo-line-buffer-function.md, geo-polygon-buffer-function.md): the points within `radius`
// meters of a shape on the sphere, as a polygon of geodesic edges.
//
// Construction: every polygon built here contains the exact buffer and stays within the tolerance
// of it, so a point closer than `radius` is inside and a point further than radius + tolerance
// is outside.
//   * A point's buffer (a spherical cap of angular radius r) is a regular polygon circumscribed
//     about the cap: n vertices at angular distance R = atan(tan r / cos(π/n)) (its edges touch
//     the cap), n the smallest number with R − r ≤ tolerance. Vertices run counterclockwise from
//     due north.
//   * An edge's buffer (a capsule: the band of points within r of the edge's great circle whose
//     projection falls on the edge, plus caps at both ends) is the band's two sides — points at
//     distance r from the great circle, where a geodesic chord between two of them bulges away
//     from the edge, by at most the tolerance with the spacing chosen — joined by half of a
//     circumscribed polygon around each end.
//   * A line's buffer is the union of its edges' capsules; a polygon's is the union of the
//     polygon and its rings' edge capsules (GeoClip.swift's clipping).
// Parameters: radius > 0; tolerance (default 10 m) ≥ 0.0001% of the radius, lowered to just
// below the radius when larger (the pages' rules); anything else, and invalid shapes, is null.
// Decisions where the pages are silent: a buffer whose angular radius plus tolerance exceeds
// 45 degrees (about 5,000 km) is null, as is one that would cover more than a hemisphere (Kusto
// polygons enclose at most half of the sphere) or need more than GeoClip's edge cap; a polygon
// buffer gives a Polygon or MultiPolygon (holes that survive are kept); the vertex order of line
// and polygon buffers is the clipping's, not Kusto's (the pages elide it).

private let bufferMaxAngle = Double.pi / 4
/// Tolerance ≥ 0.0001% of the radius keeps the half-angle above about 1.4e-3 (2,222 vertices
/// per circle); below this floor (rounding at sub-millimetre radii) the buffer is null.
private let bufferMinHalfAngle = 1e-3

/// The buffer's angular radius and tolerance (radians) from the meters arguments at i, i+1; nil when invalid.
private func bufferParameters(_ args: [Value], _ i: Int) -> (r: Double, tol: Double)? {
    guard let radius = numericDouble(args[i]), radius.isFinite, radius > 0 else { return nil }
    var tolerance = 10.0
    if args.count > i + 1 {
        guard let t = numericDouble(args[i + 1]), t.isFinite, t > 0 else { return nil }
        tolerance = t
    }
    guard tolerance >= radius * 1e-6 else { return nil }
    if tolerance >= radius { tolerance = radius * (1 - 1e-9) }
    let r = radius / earthRadiusMeters, tol = tolerance / earthRadiusMeters
    guard r + tol <= bufferMaxAngle else { return nil }
    return (r, tol)
}

/// The largest half-angle between tangent points of a polygon circumscribed about a circle of
/// angular radius r whose vertices stay within tol of it (cos α = tan r / tan(r + tol)).
private func maxHalfAngle(_ r: Double, _ tol: Double) -> Double {
    acos(min(1, tan(r) / tan(r + tol)))
}

/// The point at angular distance d from c in the unit tangent direction u.
@inline(__always) private func offset(_ c: Vec3, _ u: Vec3, _ d: Double) -> Vec3 { (c * cos(d) + u * sin(d)).normalized }

/// A circumscribed polygon around c (counterclockwise from due north).
private func circleRing(_ c: Vec3, _ r: Double, _ tol: Double) -> [Vec3]? {
    let alpha = maxHalfAngle(r, tol)
    guard alpha >= bufferMinHalfAngle else { return nil }
    let n = max(4, Int((Double.pi / alpha).rounded(.up)))
    let big = atan(tan(r) / cos(Double.pi / Double(n)))
    // North and east at c (east from the z axis; any frame would do at a pole).
    var east = Vec3(x: 0, y: 0, z: 1).cross(c)
    if east.norm < 1e-12 { east = Vec3(x: 0, y: 1, z: 0) }
    east = east.normalized
    let north = c.cross(east).normalized
    return (0..<n).map { k in
        let a = 2 * Double.pi * Double(k) / Double(n)
        return offset(c, north * cos(a) - east * sin(a), big)
    }
}

/// The capsule around the edge a–b (counterclockwise), or a circle when the edge has no length.
private func capsuleRing(_ a: Vec3, _ b: Vec3, _ r: Double, _ tol: Double) -> [Vec3]? {
    let theta = a.angle(b)
    let nRaw = a.cross(b)
    guard theta > 1e-12, nRaw.norm > 1e-15 else { return circleRing(a, r, tol) }
    let n = nRaw.normalized
    let ta = n.cross(a).normalized, tb = n.cross(b).normalized   // forward tangents at a and b
    let alpha = maxHalfAngle(r, tol)
    guard alpha >= bufferMinHalfAngle else { return nil }
    // Sides: spacing up to 2α along the edge (a chord at distance r then bulges at most tol).
    let k = max(1, Int((theta / (2 * alpha)).rounded(.up)))
    func side(_ s: Double, _ lat: Double) -> Vec3 {
        let onEdge = (a * cos(s) + ta * sin(s))
        return (onEdge * cos(lat) + n * sin(lat)).normalized
    }
    // Caps: tangent points every 2α' (α' ≤ α), vertices between them at distance R.
    let m = max(2, Int((Double.pi / (2 * alpha)).rounded(.up)))
    let half = Double.pi / Double(2 * m)
    let big = atan(tan(r) / cos(half))
    var ring: [Vec3] = []
    for i in 0...k { ring.append(side(theta * Double(i) / Double(k), -r)) }            // south side, a → b
    for j in 0..<m {                                                                 // cap at b, south → north
        let psi = Double.pi * (Double(j) + 0.5) / Double(m)
        ring.append(offset(b, n * -cos(psi) + tb * sin(psi), big))
    }
    for i in stride(from: k, through: 0, by: -1) { ring.append(side(theta * Double(i) / Double(k), r)) } // north side, b → a
    for j in 0..<m {                                                                 // cap at a, north → south
        let psi = Double.pi * (Double(j) + 0.5) / Double(m)
        ring.append(offset(a, n * cos(psi) - ta * sin(psi), big))
    }
    return ring
}

private func vertexRing(_ ring: [Vec3]) -> [GeoVertex] { ring.map { GeoVertex($0) } }

/// The union of edge capsules (and polygons), as GeoJSON; nil when the clipping fails or is empty.
private func bufferUnion(_ shapes: [ClipShape]) -> Value? {
    guard shapes.reduce(0, { $0 + $1.vertexCount }) <= clipMaxEdges,
          let r = clipPolygons(shapes, .union), let json = polygonsGeoJSON(r.polygons) else { return nil }
    return .dynamic(json)
}

private func capsuleShapes(_ lines: [[Vec3]], _ r: Double, _ tol: Double) -> [ClipShape]? {
    var shapes: [ClipShape] = []
    var total = 0
    for line in lines {
        for i in 1..<line.count {
            guard let ring = capsuleRing(line[i - 1], line[i], r, tol) else { return nil }
            total += ring.count
            guard total <= clipMaxEdges else { return nil }
            shapes.append(ClipShape(polygons: [ClipPolygon(shell: vertexRing(ring), holes: [])]))
        }
    }
    return shapes
}

let geoPointBufferFunction = rowFunction(
    "geo_point_buffer",
    fn([p("longitude", .type(.real)), p("latitude", .type(.real)), p("radius", .type(.real)), opt("tolerance", .type(.real))], .fixed(.dynamic)),
    summary: "A GeoJSON Polygon holding every point within radius meters of a coordinate, within tolerance meters (default 10) of that circle; null when an argument is invalid.",
    kernel: { args in
        guard let pt = coordinateArgs(args, 0), let (r, tol) = bufferParameters(args, 2) else { return .null(.dynamic) }
        guard let ring = circleRing(Vec3(lng: pt.lng, lat: pt.lat), r, tol) else { return .null(.dynamic) }
        return geoJSONPolygon(ring.map { ($0.lngDegrees, $0.latDegrees) })
    })

let geoLineBufferFunction = rowFunction(
    "geo_line_buffer",
    fn([p("lineString", .type(.dynamic)), p("radius", .type(.real)), opt("tolerance", .type(.real))], .fixed(.dynamic)),
    summary: "A GeoJSON Polygon or MultiPolygon holding every point within radius meters of a LineString/MultiLineString, within tolerance meters (default 10); null when an argument is invalid.",
    kernel: { args in
        guard let lines = geoJSONLines(args[0]), let (r, tol) = bufferParameters(args, 1),
              let shapes = capsuleShapes(lines, r, tol), let out = bufferUnion(shapes) else { return .null(.dynamic) }
        return out
    })

let geoPolygonBufferFunction = rowFunction(
    "geo_polygon_buffer",
    fn([p("polygon", .type(.dynamic)), p("radius", .type(.real)), opt("tolerance", .type(.real))], .fixed(.dynamic)),
    summary: "A GeoJSON Polygon or MultiPolygon holding every point within radius meters of a Polygon/MultiPolygon, within tolerance meters (default 10); null when an argument is invalid.",
    kernel: { args in
        guard let shape = clipShape(args[0]), let (r, tol) = bufferParameters(args, 1) else { return .null(.dynamic) }
        let ringLines: [[Vec3]] = shape.polygons.flatMap { p in p.rings.map { ring in (ring + ring.prefix(1)).map(\.p) } }
        guard let capsules = capsuleShapes(ringLines, r, tol) else { return .null(.dynamic) }
        let polygons = shape.polygons.map { ClipShape(polygons: [$0]) }
        return bufferUnion(polygons + capsules) ?? .null(.dynamic)
    })
