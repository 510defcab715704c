import Foundation
import KQLColumns

// geo_intersection_2lines and geo_intersection_line_with_polygon
// (geo-intersection-2lines-function.md, geo-intersection-line-with-polygon-function.md), on the
// sphere with geodesic edges. The result is GeoJSON: a Point or MultiPoint for isolated common
// points, a LineString or MultiLineString for common pieces of line, an empty GeometryCollection
// when the shapes do not meet. Vertices of the inputs keep their given coordinates; computed
// points (edge crossings) are the normalized cross product of the two edges' great-circle
// normals. Points within 1e-12 radians (about 6 µm) count as equal, as in the geo_intersects_*
// functions. Decisions where the pages are silent: when a result has both isolated points and
// pieces of line it is a GeometryCollection of the point(s) then the line(s); pieces of line that
// run along a polygon's edge count as inside (the pages say a polygon contains its vertices).

private let meetTolerance = 1e-12

/// A vertex of a result: its coordinates as written, and its direction.
struct GeoVertex {
    var lng: Double, lat: Double, p: Vec3
    init(lng: Double, lat: Double, p: Vec3) { self.lng = lng; self.lat = lat; self.p = p }
    init(_ p: Vec3) { self.init(lng: p.lngDegrees, lat: p.latDegrees, p: p) }
    var json: DynamicValue { .array([.real(lng), .real(lat)]) }
}

/// The signed angle from a to x around the great circle with unit normal n.
private func arcParameter(_ a: Vec3, _ x: Vec3, _ n: Vec3) -> Double { atan2(a.cross(x).dot(n), a.dot(x)) }

/// Pieces of line and isolated points, gathered in line order.
private struct IntersectionBuilder {
    var lines: [[GeoVertex]] = []
    var points: [GeoVertex] = []

    /// Appends the piece from s to e, joining it to the previous piece when that ends at s.
    mutating func addSegment(_ s: GeoVertex, _ e: GeoVertex) {
        if s.p.angle(e.p) <= meetTolerance { addPoint(s); return }
        if let last = lines.last?.last, last.p.angle(s.p) <= meetTolerance {
            lines[lines.count - 1].append(e)
        } else {
            lines.append([s, e])
        }
    }

    mutating func addPoint(_ x: GeoVertex) { points.append(x) }

    /// The GeoJSON of what was gathered.
    func result() -> Value {
        // Isolated points: distinct, and not on a piece of line.
        var isolated: [GeoVertex] = []
        for x in points {
            if isolated.contains(where: { $0.p.angle(x.p) <= meetTolerance }) { continue }
            let onLine = lines.contains { l in (1..<l.count).contains { edgeDistance(x.p, l[$0 - 1].p, l[$0].p) <= meetTolerance } }
            if !onLine { isolated.append(x) }
        }
        func object(_ type: String, _ coordinates: DynamicValue) -> DynamicValue {
            .object(PropertyBag(uniqueKeys: ["type", "coordinates"], values: [.string(type), coordinates]))
        }
        var parts: [DynamicValue] = []
        if isolated.count == 1 { parts.append(object("Point", isolated[0].json)) }
        if isolated.count > 1 { parts.append(object("MultiPoint", .array(isolated.map(\.json)))) }
        if lines.count == 1 { parts.append(object("LineString", .array(lines[0].map(\.json)))) }
        if lines.count > 1 { parts.append(object("MultiLineString", .array(lines.map { .array($0.map(\.json)) }))) }
        if parts.count == 1 { return .dynamic(parts[0]) }
        return .dynamic(.object(PropertyBag(uniqueKeys: ["type", "geometries"], values: [.string("GeometryCollection"), .array(parts)])))
    }
}

/// The lines of a LineString or MultiLineString with their given coordinates (nil when invalid).
private func vertexLines(_ v: Value) -> [[GeoVertex]]? {
    guard geoJSONLines(v) != nil, let lines = rawLines(v, multi: true) else { return nil }
    return lines.map { $0.map { GeoVertex(lng: $0.lng, lat: $0.lat, p: $0.p) } }
}

/// What edges a–b and c–d share, added to `out` (a piece of line when they run along one great circle).
private func intersectEdges(_ a: GeoVertex, _ b: GeoVertex, _ c: GeoVertex, _ d: GeoVertex, into out: inout IntersectionBuilder) {
    let n1raw = a.p.cross(b.p)
    let n1 = n1raw.normalized
    if n1raw.norm > 1e-300, abs(n1.dot(c.p)) <= meetTolerance, abs(n1.dot(d.p)) <= meetTolerance {
        // One great circle: the overlap of the two arcs, measured from a toward b.
        let theta = a.p.angle(b.p)
        let tc = arcParameter(a.p, c.p, n1), td = arcParameter(a.p, d.p, n1)
        let (lo, loV) = tc <= td ? (tc, c) : (td, d)
        let (hi, hiV) = tc <= td ? (td, d) : (tc, c)
        let start = lo > 0 ? loV : a, end = hi < theta ? hiV : b
        let s = max(0, lo), e = min(theta, hi)
        if e - s > meetTolerance { out.addSegment(start, end) } else if e - s >= -meetTolerance { out.addPoint(start) }
        return
    }
    if SphericalRing.crosses(a.p, b.p, c.p, d.p) {
        var x = n1raw.cross(c.p.cross(d.p)).normalized
        if x.dot(a.p + b.p) < 0 { x = x * -1 }
        out.addPoint(GeoVertex(x))
        return
    }
    for (v, e0, e1) in [(a, c, d), (b, c, d), (c, a, b), (d, a, b)] where edgeDistance(v.p, e0.p, e1.p) <= meetTolerance {
        out.addPoint(v)
    }
}

let geoIntersection2LinesFunction = rowFunction(
    "geo_intersection_2lines", fn([p("lineString1", .type(.dynamic)), p("lineString2", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The intersection of two GeoJSON LineStrings/MultiLineStrings (geodesic edges) as GeoJSON; null when either is invalid.",
    kernel: { args in
        guard let l1 = vertexLines(args[0]), let l2 = vertexLines(args[1]) else { return .null(.dynamic) }
        var out = IntersectionBuilder()
        for line in l1 {
            for i in 1..<line.count {
                for other in l2 {
                    for j in 1..<other.count { intersectEdges(line[i - 1], line[i], other[j - 1], other[j], into: &out) }
                }
            }
        }
        return out.result()
    })

let geoIntersectionLineWithPolygonFunction = rowFunction(
    "geo_intersection_line_with_polygon", fn([p("lineString", .type(.dynamic)), p("polygon", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The part of a GeoJSON LineString/MultiLineString inside a Polygon/MultiPolygon (geodesic edges) as GeoJSON; null when either is invalid.",
    kernel: { args in
        guard let lines = vertexLines(args[0]), let polygons = geoJSONPolygons(args[1]) else { return .null(.dynamic) }
        let ringEdges: [(Vec3, Vec3)] = polygons.flatMap { p in
            p.rings.flatMap { r in r.vertices.indices.map { (r.vertices[$0], r.vertices[($0 + 1) % r.vertices.count]) } }
        }
        func onBoundary(_ x: Vec3) -> Bool { ringEdges.contains { edgeDistance(x, $0.0, $0.1) <= meetTolerance } }
        func inside(_ x: Vec3) -> Bool { polygons.contains { $0.contains(x) } || onBoundary(x) }
        var out = IntersectionBuilder()
        for line in lines {
            for i in 1..<line.count {
                let a = line[i - 1], b = line[i]
                let n = a.p.cross(b.p).normalized
                let theta = a.p.angle(b.p)
                // Where the edge meets the boundary, by arc length from a.
                var breaks: [(t: Double, v: GeoVertex)] = [(0, a), (theta, b)]
                for (c, d) in ringEdges {
                    if SphericalRing.crosses(a.p, b.p, c, d) {
                        var x = a.p.cross(b.p).cross(c.cross(d)).normalized
                        if x.dot(a.p + b.p) < 0 { x = x * -1 }
                        breaks.append((arcParameter(a.p, x, n), GeoVertex(x)))
                    }
                    for v in [c, d] where edgeDistance(v, a.p, b.p) <= meetTolerance {
                        breaks.append((arcParameter(a.p, v, n), GeoVertex(v)))
                    }
                }
                breaks.sort { $0.t < $1.t }
                var pieces: [(GeoVertex, GeoVertex, Bool)] = []
                for k in 1..<breaks.count where breaks[k].t - breaks[k - 1].t > meetTolerance {
                    let s = breaks[k - 1].v, e = breaks[k].v
                    pieces.append((s, e, inside(sphereInterpolate(s.p, e.p, 0.5))))
                }
                if pieces.isEmpty, inside(a.p) { out.addPoint(a) }
                for (s, e, keep) in pieces {
                    if keep { out.addSegment(s, e) } else {
                        if inside(s.p) { out.addPoint(s) }
                        if inside(e.p) { out.addPoint(e) }
                    }
                }
            }
        }
        return out.result()
    })

let geoClosestPointOnPolygonFunction = rowFunction(
    "geo_closest_point_on_polygon", fn([p("longitude", .type(.real)), p("latitude", .type(.real)), p("polygon", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The point of a GeoJSON Polygon/MultiPolygon nearest a coordinate (the coordinate itself when inside), as a GeoJSON point; null when either is invalid.",
    kernel: { args in
        guard let pt = coordinateArgs(args, 0), let polygons = geoJSONPolygons(args[2]) else { return .null(.dynamic) }
        let x = Vec3(lng: pt.lng, lat: pt.lat)
        if polygons.contains(where: { $0.contains(x) }) { return geoJSONPoint(lng: pt.lng, lat: pt.lat) }
        // Vertices keep their given coordinates.
        guard let (_, coords) = geoJSONObject(args[2]) else { return .null(.dynamic) }
        var given: [(lng: Double, lat: Double)] = []
        func collect(_ v: DynamicValue, depth: Int) {
            guard case .array(let items) = v else { return }
            if depth == 0 { if let r = rawPositions(v) { given.append(contentsOf: r) }; return }
            for item in items { collect(item, depth: depth - 1) }
        }
        collect(coords, depth: polygons.count == 1 && geoJSONObject(args[2])?.type == "Polygon" ? 1 : 2)
        var best = Double.infinity
        var answer: Vec3? = nil
        for polygon in polygons {
            for r in polygon.rings {
                let v = r.vertices
                for i in v.indices {
                    let a = v[i], b = v[(i + 1) % v.count]
                    let d = edgeDistance(x, a, b)
                    guard d < best else { continue }
                    best = d
                    answer = interiorProjection(x, a, b) ?? (x.angle(a) <= x.angle(b) ? a : b)
                }
            }
        }
        guard let q = answer else { return .null(.dynamic) }
        if let g = given.first(where: { Vec3(lng: $0.lng, lat: $0.lat) == q }) { return geoJSONPoint(lng: g.lng, lat: g.lat) }
        return geoJSONPoint(lng: q.lngDegrees, lat: q.latDegrees)
    })
