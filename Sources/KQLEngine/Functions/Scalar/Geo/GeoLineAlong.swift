import Foundation
import KQLColumns

// Points along lines on the sphere (geodesic edges): geo_line_interpolate_point,
// geo_line_locate_point and geo_closest_point_on_line (geo-line-interpolate-point-function.md,
// geo-line-locate-point-function.md, geo-closest-point-on-line-function.md). As S2's polylines
// do: interpolation walks the edges by arc length; locating projects the point on the nearest
// edge (the first of equally near ones) and gives the arc length up to it over the whole length.
// A closest point that is a vertex is returned with the vertex's own coordinates. Decisions: a
// fraction outside [0, 1] is invalid (null); geo_line_locate_point's use_spheroid=true is not
// supported (an error when constant, null otherwise) rather than answered on the sphere.

/// The positions of a LineString (lines: false) or of a LineString or MultiLineString, with their
/// coordinates as given.
func rawLines(_ v: Value, multi: Bool) -> [[(lng: Double, lat: Double, p: Vec3)]]? {
    guard let (type, coords) = geoJSONObject(v), case .array(let items) = coords else { return nil }
    func line(_ items: [DynamicValue]) -> [(lng: Double, lat: Double, p: Vec3)]? {
        guard items.count >= 2 else { return nil }
        var out: [(lng: Double, lat: Double, p: Vec3)] = []
        for item in items {
            guard case .array(let a) = item, a.count == 2, let lng = dynamicNumber(a[0]), let lat = dynamicNumber(a[1]),
                  validCoordinate(lng: lng, lat: lat) else { return nil }
            out.append((lng, lat, Vec3(lng: lng, lat: lat)))
        }
        return out
    }
    switch type {
    case "LineString": return line(items).map { [$0] }
    case "MultiLineString" where multi:
        guard !items.isEmpty else { return nil }
        var out: [[(lng: Double, lat: Double, p: Vec3)]] = []
        for item in items { guard case .array(let a) = item, let l = line(a) else { return nil }; out.append(l) }
        return out
    default: return nil
    }
}

/// The point of edge a–b nearest to x: nil when it is an endpoint (the caller picks which).
func interiorProjection(_ x: Vec3, _ a: Vec3, _ b: Vec3) -> Vec3? {
    let n = a.cross(b)
    let nn = n.norm
    guard nn > 1e-300 else { return nil }
    let u = n * (1 / nn)
    let q = x - u * x.dot(u)
    guard a.cross(q).dot(u) > 0 && q.cross(b).dot(u) > 0, q.norm > 0 else { return nil }
    return q.normalized
}

/// The point at arc distance `d` (radians) from a toward b.
private func along(_ a: Vec3, _ b: Vec3, _ d: Double) -> Vec3 {
    let tangent = a.cross(b).cross(a)
    let tn = tangent.norm
    guard tn > 0 else { return a }
    return (a * cos(d) + tangent * (sin(d) / tn)).normalized
}

let geoLineInterpolatePointFunction = rowFunction(
    "geo_line_interpolate_point", fn([p("lineString", .type(.dynamic)), p("fraction", .type(.real))], .fixed(.dynamic)),
    summary: "The point at a fraction (0…1) of a GeoJSON LineString's length, as a GeoJSON point; null when either is invalid.",
    kernel: { args in
        guard let lines = rawLines(args[0], multi: false), let line = lines.first, let f = numericDouble(args[1]), f >= 0, f <= 1 else {
            return .null(.dynamic)
        }
        if f == 0 { return geoJSONPoint(lng: line[0].lng, lat: line[0].lat) }
        let last = line[line.count - 1]
        if f == 1 { return geoJSONPoint(lng: last.lng, lat: last.lat) }
        let lengths = (1..<line.count).map { line[$0 - 1].p.angle(line[$0].p) }
        var target = f * lengths.reduce(0, +)
        for i in 1..<line.count {
            if target < lengths[i - 1] {
                let q = along(line[i - 1].p, line[i].p, target)
                return geoJSONPoint(lng: q.lngDegrees, lat: q.latDegrees)
            }
            target -= lengths[i - 1]
        }
        return geoJSONPoint(lng: last.lng, lat: last.lat)
    })

let geoLineLocatePointFunction = ScalarFunction(
    name: "geo_line_locate_point",
    overloads: fn([p("lineString", .type(.dynamic)), p("longitude", .type(.real)), p("latitude", .type(.real)), opt("use_spheroid", .type(.bool))], .fixed(.real)),
    summary: "The fraction (0…1) of a GeoJSON LineString's length up to its point nearest a coordinate; null when either is invalid.",
    bind: { site in
        if site.constants.count > 3, case .bool(true)? = site.constants[3] {
            throw site.error("geo_line_locate_point(): use_spheroid=true is not supported yet (only the sphere)", arg: 3)
        }
        return BoundFunction(name: "geo_line_locate_point", resultType: .real, kernel: .row { args in
            if args.count > 3 { guard case .bool(false) = args[3] else { return .null(.real) } }
            guard let lines = rawLines(args[0], multi: false), let line = lines.first, let pt = coordinateArgs(args, 1) else { return .null(.real) }
            let x = Vec3(lng: pt.lng, lat: pt.lat)
            var best = Double.infinity, bestEdge = 1
            for i in 1..<line.count {
                let d = edgeDistance(x, line[i - 1].p, line[i].p)
                if d < best { best = d; bestEdge = i }
            }
            let a = line[bestEdge - 1].p, b = line[bestEdge].p
            let q = interiorProjection(x, a, b) ?? (x.angle(a) <= x.angle(b) ? a : b)
            let lengths = (1..<line.count).map { line[$0 - 1].p.angle(line[$0].p) }
            let total = lengths.reduce(0, +)
            guard total > 0 else { return .real(0) }
            let upTo = lengths.prefix(bestEdge - 1).reduce(0, +) + a.angle(q)
            return .real(min(1, max(0, upTo / total)))
        })
    })

let geoClosestPointOnLineFunction = rowFunction(
    "geo_closest_point_on_line", fn([p("longitude", .type(.real)), p("latitude", .type(.real)), p("lineString", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The point of a GeoJSON LineString or MultiLineString nearest a coordinate, as a GeoJSON point; null when either is invalid.",
    kernel: { args in
        guard let pt = coordinateArgs(args, 0), let lines = rawLines(args[2], multi: true) else { return .null(.dynamic) }
        let x = Vec3(lng: pt.lng, lat: pt.lat)
        var best = Double.infinity
        var answer = geoJSONPoint(lng: lines[0][0].lng, lat: lines[0][0].lat)
        for line in lines {
            for i in 1..<line.count {
                let a = line[i - 1], b = line[i]
                let d = edgeDistance(x, a.p, b.p)
                guard d < best else { continue }
                best = d
                if let q = interiorProjection(x, a.p, b.p) {
                    answer = geoJSONPoint(lng: q.lngDegrees, lat: q.latDegrees)
                } else {
                    let v = x.angle(a.p) <= x.angle(b.p) ? a : b
                    answer = geoJSONPoint(lng: v.lng, lat: v.lat)
                }
            }
        }
        return answer
    })
