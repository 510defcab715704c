import Foundation
import KQLColumns

// geo_distance_2points (geo-distance-2points-function.md), geo_point_in_circle
// (geo-point-in-circle-function.md) and geo_distance_point_to_line
// (geo-distance-point-to-line-function.md). The sphere is the datum (great-circle distance,
// GeoCommon.swift); geo_distance_2points' use_spheroid=true measures on the WGS-84 ellipsoid
// with Vincenty's inverse formula, which is exact to well under a millimetre but does not
// converge for some nearly antipodal pairs: those give null (a decision; the page is silent).

let geoDistance2PointsFunction = rowFunction(
    "geo_distance_2points",
    fn([p("p1_longitude", .type(.real)), p("p1_latitude", .type(.real)), p("p2_longitude", .type(.real)), p("p2_latitude", .type(.real)),
        opt("use_spheroid", .oneOf([.bool, .int, .long, .real]))], .fixed(.real)),
    summary: "The shortest distance in meters between two coordinates on a sphere (or, with use_spheroid=true, the WGS-84 ellipsoid); null when a coordinate is invalid.",
    kernel: { args in
        guard let a = coordinateArgs(args, 0), let b = coordinateArgs(args, 2) else { return .null(.real) }
        var spheroid = false
        if args.count > 4 {
            switch args[4] {
            case .bool(let s): spheroid = s
            default:
                guard let n = numericDouble(args[4]) else { return .null(.real) }
                spheroid = n != 0
            }
        }
        return realOrNull(spheroid ? vincentyDistance(a.lng, a.lat, b.lng, b.lat) : sphereDistance(a.lng, a.lat, b.lng, b.lat))
    })

let geoPointInCircleFunction = rowFunction(
    "geo_point_in_circle",
    fn([p("p_longitude", .type(.real)), p("p_latitude", .type(.real)), p("pc_longitude", .type(.real)), p("pc_latitude", .type(.real)),
        p("c_radius", .type(.real))], .fixed(.bool)),
    summary: "Whether a coordinate lies within a spherical cap (center, radius in meters); null when a coordinate or the radius is invalid.",
    kernel: { args in
        guard let pt = coordinateArgs(args, 0), let c = coordinateArgs(args, 2), let r = numericDouble(args[4]), r > 0, r.isFinite else {
            return .null(.bool)
        }
        return .bool(sphereDistance(pt.lng, pt.lat, c.lng, c.lat) <= r)
    })

let geoDistancePointToLineFunction = rowFunction(
    "geo_distance_point_to_line",
    fn([p("longitude", .type(.real)), p("latitude", .type(.real)), p("lineString", .type(.dynamic))], .fixed(.real)),
    summary: "The shortest distance in meters from a coordinate to a GeoJSON LineString or MultiLineString (geodesic edges); null when either is invalid.",
    kernel: { args in
        guard let pt = coordinateArgs(args, 0), let lines = geoJSONLines(args[2]) else { return .null(.real) }
        let x = Vec3(lng: pt.lng, lat: pt.lat)
        var best = Double.infinity
        for line in lines {
            for i in 1..<line.count { best = min(best, edgeDistance(x, line[i - 1], line[i])) }
        }
        return realOrNull(best * earthRadiusMeters)
    })

/// The lines of a GeoJSON LineString or MultiLineString, each of at least two valid positions.
func geoJSONLines(_ v: Value) -> [[Vec3]]? {
    guard let (type, coords) = geoJSONObject(v), case .array(let items) = coords else { return nil }
    func line(_ items: [DynamicValue]) -> [Vec3]? {
        guard items.count >= 2 else { return nil }
        var out: [Vec3] = []
        for item in items { guard let p = geoJSONPosition(item) else { return nil }; out.append(p) }
        return out
    }
    switch type {
    case "LineString": return line(items).map { [$0] }
    case "MultiLineString":
        guard !items.isEmpty else { return nil }
        var out: [[Vec3]] = []
        for item in items { guard case .array(let a) = item, let l = line(a) else { return nil }; out.append(l) }
        return out
    default: return nil
    }
}

/// The angle from x to the geodesic edge a–b (the shorter arc), in radians.
func edgeDistance(_ x: Vec3, _ a: Vec3, _ b: Vec3) -> Double {
    let n = a.cross(b)
    let nn = n.norm
    guard nn > 1e-300 else { return min(x.angle(a), x.angle(b)) }
    let u = n * (1 / nn)
    let off = x.dot(u)
    let p = x - u * off   // x projected on the edge's great-circle plane
    if a.cross(p).dot(u) > 0 && p.cross(b).dot(u) > 0 {
        return atan2(abs(off), p.norm)
    }
    return min(x.angle(a), x.angle(b))
}

/// Vincenty's inverse formula on the WGS-84 ellipsoid, in meters; nil when it does not converge.
func vincentyDistance(_ lng1: Double, _ lat1: Double, _ lng2: Double, _ lat2: Double) -> Double? {
    let a = 6_378_137.0, f = 1 / 298.257223563, b = a * (1 - f)
    let L = (lng2 - lng1) * .pi / 180
    let U1 = atan((1 - f) * tan(lat1 * .pi / 180)), U2 = atan((1 - f) * tan(lat2 * .pi / 180))
    let sinU1 = sin(U1), cosU1 = cos(U1), sinU2 = sin(U2), cosU2 = cos(U2)
    var lambda = L
    for _ in 0..<200 {
        let sinL = sin(lambda), cosL = cos(lambda)
        let sinSigma = ((cosU2 * sinL) * (cosU2 * sinL) + (cosU1 * sinU2 - sinU1 * cosU2 * cosL) * (cosU1 * sinU2 - sinU1 * cosU2 * cosL)).squareRoot()
        if sinSigma == 0 { return 0 }
        let cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL
        let sigma = atan2(sinSigma, cosSigma)
        let sinAlpha = cosU1 * cosU2 * sinL / sinSigma
        let cos2Alpha = 1 - sinAlpha * sinAlpha
        let cos2SigmaM = cos2Alpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cos2Alpha : 0
        let C = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
        let previous = lambda
        lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
        if abs(lambda - previous) < 1e-12 {
            let u2 = cos2Alpha * (a * a - b * b) / (b * b)
            let A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
            let B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
            let dSigma = B * sinSigma * (cos2SigmaM + B / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                - B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
            return b * A * (sigma - dSigma)
        }
    }
    return nil
}
