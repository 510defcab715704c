import Foundation
import KQLColumns

// GeoJSON polygons on the sphere (geo-point-in-polygon-function.md): edges are geodesics, each
// ring bounds the smaller of the two regions it divides the sphere into, a Polygon is its shell
// less its holes, and a MultiPolygon contains a point when one of its polygons does. A ring needs
// at least four positions, the last equal to the first, the others distinct, and no edge of
// 180 degrees; anything else is an invalid polygon (null). Not checked (the page's other
// constraints, whose violation Kusto reports as invalid): rings that cross or share edges.
//
// geo_polygon_area, geo_polygon_perimeter and geo_polygon_centroid (their pages) measure on the
// same sphere (radius 6,371,010 m). For a MultiPolygon Kusto measures the union of its polygons:
// Quarry sums polygons that do not overlap, and measures the union (GeoUnion.swift) of those that
// do (geo_polygon_area's "polygons_union_area" example).

/// One ring's vertices (the closing repeat dropped) and which side is its region.
struct SphericalRing {
    var vertices: [Vec3]
    /// The region left of the ring's direction is the smaller one (a counterclockwise shell).
    var leftIsSmaller: Bool

    init?(_ v: DynamicValue) {
        guard case .array(let items) = v, items.count >= 4, items.first == items.last else { return nil }
        var seen = Set<DynamicValue>()
        var vs: [Vec3] = []
        for item in items.dropLast() {
            guard let p = geoJSONPosition(item), seen.insert(item).inserted else { return nil }
            vs.append(p)
        }
        for i in vs.indices where vs[i].dot(vs[(i + 1) % vs.count]) <= -1 + 1e-15 { return nil }
        vertices = vs
        leftIsSmaller = SphericalRing.signedArea(vs) > 0
    }

    /// The signed area of the ring's left region (a fan of triangles from vertex 0, each by
    /// Eriksson's formula): positive and at most 2π when the left region is the smaller one.
    static func signedArea(_ v: [Vec3]) -> Double {
        var s = 0.0
        for i in 1..<(v.count - 1) {
            let a = v[0], b = v[i], c = v[i + 1]
            s += 2 * atan2(a.dot(b.cross(c)), 1 + a.dot(b) + b.dot(c) + c.dot(a))
        }
        return s
    }

    /// Whether arcs a–b and c–d cross at a point interior to both (the four orientations agree).
    static func crosses(_ a: Vec3, _ b: Vec3, _ c: Vec3, _ d: Vec3) -> Bool {
        func sign(_ p: Vec3, _ q: Vec3, _ r: Vec3) -> Int { let s = p.cross(q).dot(r); return s > 0 ? 1 : (s < 0 ? -1 : 0) }
        let acb = sign(a, c, b)
        guard acb != 0 else { return false }
        return acb == sign(b, d, a) && acb == sign(c, b, d) && acb == sign(d, a, c)
    }

    /// Crossings of the arc p–q (shorter than 180 degrees) with the ring's edges.
    func crossings(_ p: Vec3, _ q: Vec3) -> Int {
        var n = 0
        for i in vertices.indices where SphericalRing.crosses(p, q, vertices[i], vertices[(i + 1) % vertices.count]) { n += 1 }
        return n
    }

    /// Whether x lies in the ring's (smaller) region.
    func contains(_ x: Vec3) -> Bool {
        // A reference point just left of the middle of the first edge is in the left region;
        // the parity of crossings on a path from it to x tells whether x is too.
        let a = vertices[0], b = vertices[1]
        let ref = ((a + b).normalized + a.cross(b).normalized * 1e-9).normalized
        var count: Int
        if ref.dot(x) > 0 {
            count = crossings(ref, x)
        } else {
            // Through a point 90 degrees from both, so that each arc is shorter than 180 degrees.
            var mid = ref.cross(x)
            if mid.norm < 1e-12 { mid = abs(ref.x) < 0.9 ? ref.cross(Vec3(x: 1, y: 0, z: 0)) : ref.cross(Vec3(x: 0, y: 1, z: 0)) }
            mid = mid.normalized
            count = crossings(ref, mid) + crossings(mid, x)
        }
        let inLeft = count % 2 == 0
        return inLeft == leftIsSmaller
    }
}

/// A polygon: its shell and holes.
struct SphericalPolygon {
    var shell: SphericalRing
    var holes: [SphericalRing]

    init?(rings v: DynamicValue) {
        guard case .array(let rings) = v, let first = rings.first, let shell = SphericalRing(first) else { return nil }
        var holes: [SphericalRing] = []
        for r in rings.dropFirst() { guard let h = SphericalRing(r) else { return nil }; holes.append(h) }
        self.shell = shell; self.holes = holes
    }

    func contains(_ x: Vec3) -> Bool { shell.contains(x) && !holes.contains { $0.contains(x) } }

    var rings: [SphericalRing] { [shell] + holes }
    /// Steradians: the shell's region less its holes'.
    var area: Double { holes.reduce(shell.area) { $0 - $1.area } }
    /// Radians: every ring's length.
    var perimeter: Double { rings.reduce(0) { $0 + $1.perimeter } }
    var centroidVector: Vec3 { holes.reduce(shell.centroidVector) { $0 - $1.centroidVector } }

    /// Whether two polygons share any area (an edge crossing, or a vertex of one inside the other).
    func overlaps(_ o: SphericalPolygon) -> Bool {
        for r in rings {
            for s in o.rings {
                for i in r.vertices.indices {
                    let a = r.vertices[i], b = r.vertices[(i + 1) % r.vertices.count]
                    if s.crossings(a, b) > 0 { return true }
                }
            }
        }
        return shell.vertices.contains { o.contains($0) } || o.shell.vertices.contains { contains($0) }
    }
}

extension SphericalRing {
    /// Steradians of the ring's (smaller) region.
    var area: Double { abs(SphericalRing.signedArea(vertices)) }
    /// Radians: the sum of the edges' arcs.
    var perimeter: Double { vertices.indices.reduce(0) { $0 + vertices[$1].angle(vertices[($1 + 1) % vertices.count]) } }
    /// The region's centroid times its area, as S2 sums it: a fan of triangles from vertex 0, each
    /// its (signed) spherical area times its planar centroid (a+b+c)/3.
    var centroidVector: Vec3 {
        var m = Vec3(x: 0, y: 0, z: 0)
        let v = vertices
        for i in 1..<(v.count - 1) {
            let a = v[0], b = v[i], c = v[i + 1]
            let area = 2 * atan2(a.dot(b.cross(c)), 1 + a.dot(b) + b.dot(c) + c.dot(a))
            m = m + (a + b + c) * (area / 3)
        }
        return leftIsSmaller ? m : m * -1
    }
}

/// The polygons of a GeoJSON Polygon or MultiPolygon; nil when invalid.
func geoJSONPolygons(_ v: Value) -> [SphericalPolygon]? {
    guard let (type, coords) = geoJSONObject(v) else { return nil }
    switch type {
    case "Polygon": return SphericalPolygon(rings: coords).map { [$0] }
    case "MultiPolygon":
        guard case .array(let items) = coords, !items.isEmpty else { return nil }
        var out: [SphericalPolygon] = []
        for item in items { guard let p = SphericalPolygon(rings: item) else { return nil }; out.append(p) }
        return out
    default: return nil
    }
}

/// The polygons of a Polygon or MultiPolygon as disjoint polygons (whose union is their sum): as
/// given when no two overlap, else their union; nil when invalid or the union fails (its caps).
private func disjointPolygons(_ v: Value) -> [SphericalPolygon]? {
    guard let polygons = geoJSONPolygons(v) else { return nil }
    // GeoClip's test: parts that touch or run along one great circle do not overlap.
    let caps = polygons.map(polygonCap)
    var overlapping = false
    search: for i in polygons.indices {
        for j in polygons.indices where j > i && caps[i].meets(caps[j]) && polygonsOverlap(polygons[i], polygons[j]) {
            overlapping = true
            break search
        }
    }
    guard overlapping else { return polygons }
    guard let (_, coords) = geoJSONObject(v), case .array(let parts) = coords,
          let json = unionGeoJSON(parts.map { .dynamic(.object(PropertyBag(uniqueKeys: ["type", "coordinates"], values: [.string("Polygon"), $0]))) })
    else { return nil }
    return geoJSONPolygons(.dynamic(json))
}

let geoPolygonAreaFunction = rowFunction(
    "geo_polygon_area", fn([p("polygon", .type(.dynamic))], .fixed(.real)),
    summary: "The area in square meters of a GeoJSON Polygon or MultiPolygon on a sphere (a MultiPolygon's union); null when invalid.",
    kernel: { args in
        guard let ps = disjointPolygons(args[0]) else { return .null(.real) }
        return realOrNull(ps.reduce(0) { $0 + $1.area } * earthRadiusMeters * earthRadiusMeters)
    })

let geoPolygonPerimeterFunction = rowFunction(
    "geo_polygon_perimeter", fn([p("polygon", .type(.dynamic))], .fixed(.real)),
    summary: "The boundary length in meters of a GeoJSON Polygon or MultiPolygon on a sphere (a MultiPolygon's union); null when invalid.",
    kernel: { args in
        guard let ps = disjointPolygons(args[0]) else { return .null(.real) }
        return realOrNull(ps.reduce(0) { $0 + $1.perimeter } * earthRadiusMeters)
    })

let geoPolygonCentroidFunction = rowFunction(
    "geo_polygon_centroid", fn([p("polygon", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The centroid of a GeoJSON Polygon or MultiPolygon on a sphere (a MultiPolygon's union), as a GeoJSON point; null when invalid.",
    kernel: { args in
        guard let ps = disjointPolygons(args[0]) else { return .null(.dynamic) }
        let m = ps.reduce(Vec3(x: 0, y: 0, z: 0)) { $0 + $1.centroidVector }
        guard m.norm > 0 else { return .null(.dynamic) }
        let c = m.normalized
        return geoJSONPoint(lng: c.lngDegrees, lat: c.latDegrees)
    })

let geoDistancePointToPolygonFunction = ScalarFunction(
    name: "geo_distance_point_to_polygon",
    overloads: fn([p("longitude", .type(.real)), p("latitude", .type(.real)), p("polygon", .type(.dynamic))], .fixed(.real)),
    summary: "The shortest distance in meters from a coordinate to a GeoJSON Polygon or MultiPolygon (0 inside it); null when either is invalid.",
    bind: { site in
        let constant: [SphericalPolygon]?? = site.constants[2].map { geoJSONPolygons($0) }
        return BoundFunction(name: "geo_distance_point_to_polygon", resultType: .real, kernel: .row { args in
            guard let pt = coordinateArgs(args, 0), let polygons = constant ?? geoJSONPolygons(args[2]) else { return .null(.real) }
            let x = Vec3(lng: pt.lng, lat: pt.lat)
            if polygons.contains(where: { $0.contains(x) }) { return .real(0) }
            var best = Double.infinity
            for polygon in polygons {
                for r in polygon.rings {
                    let v = r.vertices
                    for i in v.indices { best = min(best, edgeDistance(x, v[i], v[(i + 1) % v.count])) }
                }
            }
            return realOrNull(best * earthRadiusMeters)
        })
    })

let geoPointInPolygonFunction = ScalarFunction(
    name: "geo_point_in_polygon",
    overloads: fn([p("longitude", .type(.real)), p("latitude", .type(.real)), p("polygon", .type(.dynamic))], .fixed(.bool)),
    summary: "Whether a coordinate lies inside a GeoJSON Polygon or MultiPolygon (geodesic edges on a sphere); null when either is invalid.",
    bind: { site in
        // A constant polygon (the usual case) is parsed once.
        let constant: [SphericalPolygon]?? = site.constants[2].map { geoJSONPolygons($0) }
        return BoundFunction(name: "geo_point_in_polygon", resultType: .bool, kernel: .row { args in
            guard let pt = coordinateArgs(args, 0), let polygons = constant ?? geoJSONPolygons(args[2]) else { return .null(.bool) }
            let x = Vec3(lng: pt.lng, lat: pt.lat)
            return .bool(polygons.contains { $0.contains(x) })
        })
    })
