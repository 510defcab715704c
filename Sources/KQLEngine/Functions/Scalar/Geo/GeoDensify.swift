import Foundation
import KQLColumns

// geo_line_densify and geo_polygon_densify (geo-line-densify-function.md,
// geo-polygon-densify-function.md): each edge, read as a planar edge in (longitude, latitude),
// becomes a chain of geodesic edges whose vertices lie on the planar edge and which stays within
// `tolerance` meters of it. As S2's edge tessellator does (Kusto computes geography with S2):
// an edge is kept when the geodesic and planar points at fractions t and 1 − t of the edge
// (t = 0.31215691082248315) are within 0.83829992569888509 × tolerance of each other, and is
// otherwise halved (at its planar midpoint) and each half treated alike; an edge longer than 90
// degrees is always halved. The edge's destination is wrapped to the nearer longitude (the shorter
// edge, as the pages define it), and output longitudes are brought back into [-180, 180].
// The pages' examples ([50,50]→[51,51] in 8 pieces; 1 degree of latitude 10 in 4) agree.
// Decisions: tolerance outside [0.1, 10000] m is invalid (null, as the pages say); more than
// 10,485,760 points (the pages' limit) is null; preserve_crossing=true is not supported (an error
// when constant, null otherwise) because the pages do not say how crossing edges are written.

private let densifyMaxPoints = 10_485_760
private let tessellatorFraction = 0.31215691082248315
private let tessellatorScale = 0.83829992569888509

/// The (longitude, latitude) of a GeoJSON position array, each validated.
func rawPositions(_ v: DynamicValue) -> [(lng: Double, lat: Double)]? {
    guard case .array(let items) = v else { return nil }
    var out: [(lng: Double, lat: Double)] = []
    out.reserveCapacity(items.count)
    for item in items {
        guard case .array(let a) = item, a.count == 2, let lng = dynamicNumber(a[0]), let lat = dynamicNumber(a[1]),
              validCoordinate(lng: lng, lat: lat) else { return nil }
        out.append((lng, lat))
    }
    return out
}

/// The point at fraction t of the geodesic from a to b.
func sphereInterpolate(_ a: Vec3, _ b: Vec3, _ t: Double) -> Vec3 {
    let theta = a.angle(b)
    let tangent = a.cross(b).cross(a)
    let tn = tangent.norm
    guard tn > 0 else { return a }
    let d = t * theta
    return (a * cos(d) + tangent * (sin(d) / tn)).normalized
}

/// Appends the densified edge pa→pb (pa already appended) to `out`; false when the point budget runs out.
private func densifyEdge(_ pa: (lng: Double, lat: Double), _ pbIn: (lng: Double, lat: Double), tolerance: Double,
                         into out: inout [(lng: Double, lat: Double)]) -> Bool {
    var pb = pbIn
    if pb.lng - pa.lng > 180 { pb.lng -= 360 } else if pb.lng - pa.lng < -180 { pb.lng += 360 }
    func unproject(_ q: (lng: Double, lat: Double)) -> Vec3 { Vec3(lng: q.lng, lat: q.lat) }
    func lerp(_ t: Double, _ p: (lng: Double, lat: Double), _ q: (lng: Double, lat: Double)) -> (lng: Double, lat: Double) {
        ((1 - t) * p.lng + t * q.lng, (1 - t) * p.lat + t * q.lat)
    }
    func normalized(_ q: (lng: Double, lat: Double)) -> (lng: Double, lat: Double) {
        (q.lng > 180 ? q.lng - 360 : (q.lng < -180 ? q.lng + 360 : q.lng), q.lat)
    }
    let limit = tessellatorScale * tolerance
    // Depth-first halving with an explicit stack (bounded: depth ≤ 60, points ≤ the budget).
    var stack: [((lng: Double, lat: Double), (lng: Double, lat: Double), Int)] = [(pa, pb, 0)]
    while let (p, q, depth) = stack.popLast() {
        let a = unproject(p), b = unproject(q)
        var fine = depth >= 60
        if !fine && a.dot(b) >= -1e-14 {
            let e1 = sphereInterpolate(a, b, tessellatorFraction).angle(unproject(lerp(tessellatorFraction, p, q)))
            let e2 = sphereInterpolate(a, b, 1 - tessellatorFraction).angle(unproject(lerp(1 - tessellatorFraction, p, q)))
            fine = max(e1, e2) <= limit
        }
        if fine {
            guard out.count < densifyMaxPoints else { return false }
            out.append(normalized(q))
        } else {
            let m = (0.5 * (p.lng + q.lng), 0.5 * (p.lat + q.lat))
            stack.append((m, q, depth + 1))
            stack.append((p, m, depth + 1))
        }
    }
    return true
}

/// A densified chain of positions (the first kept as given), or nil past the point budget.
private func densifyChain(_ pts: [(lng: Double, lat: Double)], tolerance: Double, budget: inout Int) -> DynamicValue? {
    guard let first = pts.first else { return nil }
    var out: [(lng: Double, lat: Double)] = [first]
    for i in 1..<pts.count {
        guard densifyEdge(pts[i - 1], pts[i], tolerance: tolerance, into: &out) else { return nil }
    }
    // The last vertex keeps its given coordinates (the halving reaches it exactly anyway).
    out[out.count - 1] = pts[pts.count - 1]
    budget -= out.count
    guard budget >= 0 else { return nil }
    return .array(out.map { .array([.real($0.lng), .real($0.lat)]) })
}

/// The tolerance argument in radians, or nil when invalid.
private func densifyTolerance(_ args: [Value]) -> Double? {
    guard args.count > 1 else { return 10 / earthRadiusMeters }
    guard let t = numericDouble(args[1]), t >= 0.1, t <= 10_000 else { return nil }
    return t / earthRadiusMeters
}

/// preserve_crossing: only false (or absent) is supported.
private func densifyBind(_ site: CallSite, _ name: String, _ kernel: @escaping ([Value]) -> Value) throws -> BoundFunction {
    if site.constants.count > 2, case .bool(true)? = site.constants[2] {
        throw site.error("\(name)(): preserve_crossing=true is not supported yet", arg: 2)
    }
    return BoundFunction(name: name, resultType: .dynamic, kernel: .row { args in
        if args.count > 2 { guard case .bool(false) = args[2] else { return .null(.dynamic) } }
        return kernel(args)
    })
}

private func shape(_ type: String, _ coordinates: DynamicValue) -> Value {
    .dynamic(.object(PropertyBag(uniqueKeys: ["type", "coordinates"], values: [.string(type), coordinates])))
}

let geoLineDensifyFunction = ScalarFunction(
    name: "geo_line_densify",
    overloads: fn([p("lineString", .type(.dynamic)), opt("tolerance", .oneOf([.int, .long, .real])), opt("preserve_crossing", .type(.bool))], .fixed(.dynamic)),
    summary: "A GeoJSON LineString or MultiLineString whose planar edges become geodesic edge chains within tolerance meters (default 10); null when invalid.",
    bind: { site in
        try densifyBind(site, "geo_line_densify") { args in
            guard geoJSONLines(args[0]) != nil, let (type, coords) = geoJSONObject(args[0]), case .array(let items) = coords,
                  let tolerance = densifyTolerance(args) else { return .null(.dynamic) }
            var budget = densifyMaxPoints
            if type == "LineString" {
                guard let pts = rawPositions(coords), let d = densifyChain(pts, tolerance: tolerance, budget: &budget) else { return .null(.dynamic) }
                return shape(type, d)
            }
            var lines: [DynamicValue] = []
            for item in items {
                guard let pts = rawPositions(item), let d = densifyChain(pts, tolerance: tolerance, budget: &budget) else { return .null(.dynamic) }
                lines.append(d)
            }
            return shape(type, .array(lines))
        }
    })

let geoPolygonDensifyFunction = ScalarFunction(
    name: "geo_polygon_densify",
    overloads: fn([p("polygon", .type(.dynamic)), opt("tolerance", .oneOf([.int, .long, .real])), opt("preserve_crossing", .type(.bool))], .fixed(.dynamic)),
    summary: "A GeoJSON Polygon or MultiPolygon whose planar edges become geodesic edge chains within tolerance meters (default 10); null when invalid.",
    bind: { site in
        try densifyBind(site, "geo_polygon_densify") { args in
            guard geoJSONPolygons(args[0]) != nil, let (type, coords) = geoJSONObject(args[0]), case .array(let items) = coords,
                  let tolerance = densifyTolerance(args) else { return .null(.dynamic) }
            var budget = densifyMaxPoints
            func rings(_ v: DynamicValue) -> DynamicValue? {
                guard case .array(let rs) = v else { return nil }
                var out: [DynamicValue] = []
                for r in rs {
                    guard let pts = rawPositions(r), let d = densifyChain(pts, tolerance: tolerance, budget: &budget) else { return nil }
                    out.append(d)
                }
                return .array(out)
            }
            if type == "Polygon" { return rings(coords).map { shape(type, $0) } ?? .null(.dynamic) }
            var polygons: [DynamicValue] = []
            for item in items { guard let r = rings(item) else { return .null(.dynamic) }; polygons.append(r) }
            return shape(type, .array(polygons))
        }
    })
