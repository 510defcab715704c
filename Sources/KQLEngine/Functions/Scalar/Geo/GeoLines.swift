import Foundation
import KQLColumns

// geo_line_length, geo_line_centroid (geo-line-length-function.md, geo-line-centroid-function.md),
// geo_azimuth and geo_angle (geo-azimuth-function.md, geo-angle-function.md), on the sphere of
// GeoCommon.swift with geodesic edges. A line's centroid is S2's: the sum over its edges of the
// edge midpoint direction weighted by twice the sine of half the edge's angle, normalized.

let geoLineLengthFunction = rowFunction(
    "geo_line_length", fn([p("lineString", .type(.dynamic))], .fixed(.real)),
    summary: "The total length in meters of a GeoJSON LineString or MultiLineString on a sphere; null when invalid.",
    kernel: { args in
        guard let lines = geoJSONLines(args[0]) else { return .null(.real) }
        var total = 0.0
        for line in lines { for i in 1..<line.count { total += line[i - 1].angle(line[i]) } }
        return realOrNull(total * earthRadiusMeters)
    })

let geoLineCentroidFunction = rowFunction(
    "geo_line_centroid", fn([p("lineString", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The centroid of a GeoJSON LineString or MultiLineString as a GeoJSON point; null when invalid.",
    kernel: { args in
        guard let lines = geoJSONLines(args[0]) else { return .null(.dynamic) }
        var m = Vec3(x: 0, y: 0, z: 0)
        for line in lines {
            for i in 1..<line.count {
                let sum = line[i - 1] + line[i], diff = line[i - 1] - line[i]
                let cos2 = sum.dot(sum)
                guard cos2 > 0 else { continue }
                m = m + sum * (diff.dot(diff) / cos2).squareRoot()
            }
        }
        guard m.norm > 0 else { return .null(.dynamic) }
        let c = m.normalized
        return geoJSONPoint(lng: c.lngDegrees, lat: c.latDegrees)
    })

/// The initial bearing from a to b, clockwise from true north, in [0, 2π); nil when a == b.
func sphereAzimuth(_ a: (lng: Double, lat: Double), _ b: (lng: Double, lat: Double)) -> Double? {
    guard a.lng != b.lng || a.lat != b.lat else { return nil }
    let p1 = a.lat * .pi / 180, p2 = b.lat * .pi / 180, dl = (b.lng - a.lng) * .pi / 180
    let y = sin(dl) * cos(p2), x = cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(dl)
    var az = atan2(y, x)
    if az < 0 { az += 2 * .pi }
    return az >= 2 * .pi ? 0 : az
}

let geoAzimuthFunction = rowFunction(
    "geo_azimuth",
    fn([p("p1_longitude", .type(.real)), p("p1_latitude", .type(.real)), p("p2_longitude", .type(.real)), p("p2_latitude", .type(.real))], .fixed(.real)),
    summary: "The angle in radians, clockwise from true north, of the geodesic from p1 to p2; null when a coordinate is invalid or the points are equal.",
    kernel: { args in
        guard let a = coordinateArgs(args, 0), let b = coordinateArgs(args, 2) else { return .null(.real) }
        return realOrNull(sphereAzimuth(a, b))
    })

let geoAngleFunction = rowFunction(
    "geo_angle",
    fn([p("p1_longitude", .type(.real)), p("p1_latitude", .type(.real)), p("p2_longitude", .type(.real)), p("p2_latitude", .type(.real)),
        p("p3_longitude", .type(.real)), p("p3_latitude", .type(.real))], .fixed(.real)),
    summary: "The angle in radians in [0, 2π), clockwise at p2 from the line [p2, p1] to the line [p2, p3]; null when a coordinate is invalid or p2 equals p1 or p3.",
    kernel: { args in
        guard let a = coordinateArgs(args, 0), let b = coordinateArgs(args, 2), let c = coordinateArgs(args, 4),
              let toFirst = sphereAzimuth(b, a), let toThird = sphereAzimuth(b, c) else { return .null(.real) }
        var angle = toThird - toFirst
        if angle < 0 { angle += 2 * .pi }
        return .real(angle >= 2 * .pi ? 0 : angle)
    })
