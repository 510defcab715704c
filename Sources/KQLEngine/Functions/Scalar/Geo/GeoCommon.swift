import Foundation
import KQLColumns

// Shared pieces of the geo_* functions: coordinates (WGS-84 longitude/latitude in degrees, as the
// pages say), unit vectors on the sphere, and GeoJSON in and out. Distances on a sphere use the
// Earth radius 6,371,010 m: the radius that reproduces geo_distance_2points' documented value
// (1546754.35197381 m from Seattle to Los Angeles) with the haversine formula.

let earthRadiusMeters = 6_371_010.0

/// A point on the unit sphere.
struct Vec3: Equatable {
    var x: Double, y: Double, z: Double
    static func + (a: Vec3, b: Vec3) -> Vec3 { Vec3(x: a.x + b.x, y: a.y + b.y, z: a.z + b.z) }
    static func - (a: Vec3, b: Vec3) -> Vec3 { Vec3(x: a.x - b.x, y: a.y - b.y, z: a.z - b.z) }
    static func * (a: Vec3, k: Double) -> Vec3 { Vec3(x: a.x * k, y: a.y * k, z: a.z * k) }
    func dot(_ b: Vec3) -> Double { x * b.x + y * b.y + z * b.z }
    func cross(_ b: Vec3) -> Vec3 { Vec3(x: y * b.z - z * b.y, y: z * b.x - x * b.z, z: x * b.y - y * b.x) }
    var norm: Double { dot(self).squareRoot() }
    var normalized: Vec3 { let n = norm; return n > 0 ? self * (1 / n) : self }
    /// The angle between two directions, in radians (stable for small and near-π angles).
    func angle(_ b: Vec3) -> Double { atan2(cross(b).norm, dot(b)) }

    init(x: Double, y: Double, z: Double) { self.x = x; self.y = y; self.z = z }
    /// From longitude and latitude in degrees.
    init(lng: Double, lat: Double) {
        let phi = lat * .pi / 180, lambda = lng * .pi / 180
        self.init(x: cos(phi) * cos(lambda), y: cos(phi) * sin(lambda), z: sin(phi))
    }
    // Radians to degrees as S2 does it (times the constant 180/pi), so the last bit agrees.
    var latDegrees: Double { atan2(z, (x * x + y * y).squareRoot()) * (180 / .pi) }
    var lngDegrees: Double { atan2(y, x) * (180 / .pi) }
}

/// Longitude in [-180, 180] and latitude in [-90, 90], as every geo page requires.
@inline(__always) func validCoordinate(lng: Double, lat: Double) -> Bool {
    lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90
}

/// (longitude, latitude) of real arguments i and i+1, or nil when null or out of range.
func coordinateArgs(_ args: [Value], _ i: Int) -> (lng: Double, lat: Double)? {
    guard let lng = numericDouble(args[i]), let lat = numericDouble(args[i + 1]), validCoordinate(lng: lng, lat: lat) else { return nil }
    return (lng, lat)
}

/// The haversine great-circle distance in meters (what the pages call the sphere datum).
func sphereDistance(_ lng1: Double, _ lat1: Double, _ lng2: Double, _ lat2: Double) -> Double {
    let p1 = lat1 * .pi / 180, p2 = lat2 * .pi / 180
    let dlat = p2 - p1, dlng = (lng2 - lng1) * .pi / 180
    let h = sin(dlat / 2) * sin(dlat / 2) + cos(p1) * cos(p2) * sin(dlng / 2) * sin(dlng / 2)
    return 2 * asin(min(1, h.squareRoot())) * earthRadiusMeters
}

// MARK: GeoJSON

func dynamicNumber(_ v: DynamicValue) -> Double? {
    switch v {
    case .long(let n): return Double(n)
    case .real(let r): return r
    default: return nil
    }
}

/// `[lng, lat]` (extra members, such as an altitude, are not allowed), validated.
func geoJSONPosition(_ v: DynamicValue) -> Vec3? {
    guard case .array(let a) = v, a.count == 2, let lng = dynamicNumber(a[0]), let lat = dynamicNumber(a[1]),
          validCoordinate(lng: lng, lat: lat) else { return nil }
    return Vec3(lng: lng, lat: lat)
}

/// The GeoJSON object of a dynamic argument: its "type" and "coordinates".
func geoJSONObject(_ v: Value) -> (type: String, coordinates: DynamicValue)? {
    guard case .dynamic(.object(let bag)) = v, case .string(let type)? = bag["type"], let coords = bag["coordinates"] else { return nil }
    return (type, coords)
}

/// A GeoJSON point, `{"type": "Point", "coordinates": [lng, lat]}`.
func geoJSONPoint(lng: Double, lat: Double) -> Value {
    .dynamic(.object(PropertyBag(uniqueKeys: ["type", "coordinates"], values: [.string("Point"), .array([.real(lng), .real(lat)])])))
}

/// A GeoJSON polygon of one ring of (lng, lat) pairs (closed by repeating the first).
func geoJSONPolygon(_ ring: [(Double, Double)]) -> Value {
    let closed = ring + (ring.first.map { [$0] } ?? [])
    let coords: DynamicValue = .array([.array(closed.map { .array([.real($0.0), .real($0.1)]) })])
    return .dynamic(.object(PropertyBag(uniqueKeys: ["type", "coordinates"], values: [.string("Polygon"), coords])))
}

/// A real, or null when the computation gave no number.
func realOrNull(_ d: Double?) -> Value { d.map { $0.isFinite ? .real($0) : .null(.real) } ?? .null(.real) }

/// A level or accuracy argument (Kusto's Number): an integer, or a real with no fraction.
func levelArg(_ v: Value) -> Int? {
    if let n = integerValue(v) { return n >= Int64(Int32.min) && n <= Int64(Int32.max) ? Int(n) : nil }
    if case .real(let r) = v, r.rounded() == r, abs(r) < 1e9 { return Int(r) }
    return nil
}
