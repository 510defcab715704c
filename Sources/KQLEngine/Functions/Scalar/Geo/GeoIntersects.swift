import Foundation
import KQLColumns

// geo_intersects_2lines, geo_intersects_line_with_polygon, geo_intersects_2polygons
// (geo-intersects-2lines-function.md, geo-intersects-line-with-polygon-function.md,
// geo-intersects-2polygons-function.md) on the sphere with geodesic edges: two shapes intersect
// when edges cross, touch (a vertex on the other's edge, within 1e-12 radians, about 6 µm), or one
// holds a vertex of the other.

private let touchTolerance = 1e-12

/// Whether edges a–b and c–d cross or touch.
private func edgesMeet(_ a: Vec3, _ b: Vec3, _ c: Vec3, _ d: Vec3) -> Bool {
    SphericalRing.crosses(a, b, c, d)
        || edgeDistance(a, c, d) <= touchTolerance || edgeDistance(b, c, d) <= touchTolerance
        || edgeDistance(c, a, b) <= touchTolerance || edgeDistance(d, a, b) <= touchTolerance
}

/// Every edge of a set of lines.
private func lineEdges(_ lines: [[Vec3]]) -> [(Vec3, Vec3)] {
    lines.flatMap { l in (1..<l.count).map { (l[$0 - 1], l[$0]) } }
}

/// Every edge of every ring of a set of polygons.
private func polygonEdges(_ polygons: [SphericalPolygon]) -> [(Vec3, Vec3)] {
    polygons.flatMap { p in p.rings.flatMap { r in r.vertices.indices.map { (r.vertices[$0], r.vertices[($0 + 1) % r.vertices.count]) } } }
}

private func anyEdgesMeet(_ e: [(Vec3, Vec3)], _ f: [(Vec3, Vec3)]) -> Bool {
    for (a, b) in e { for (c, d) in f where edgesMeet(a, b, c, d) { return true } }
    return false
}

/// A constant argument parsed once at bind time (nil when the argument is not constant).
private func constantShape<T>(_ site: CallSite, _ i: Int, _ parse: (Value) -> T?) -> T?? {
    site.constants[i].map { parse($0) }
}

let geoIntersects2LinesFunction = ScalarFunction(
    name: "geo_intersects_2lines",
    overloads: fn([p("lineString1", .type(.dynamic)), p("lineString2", .type(.dynamic))], .fixed(.bool)),
    summary: "Whether two GeoJSON LineStrings/MultiLineStrings cross or touch (geodesic edges); null when either is invalid.",
    bind: { site in
        let c1 = constantShape(site, 0, geoJSONLines), c2 = constantShape(site, 1, geoJSONLines)
        return BoundFunction(name: "geo_intersects_2lines", resultType: .bool, kernel: .row { args in
            guard let l1 = c1 ?? geoJSONLines(args[0]), let l2 = c2 ?? geoJSONLines(args[1]) else { return .null(.bool) }
            return .bool(anyEdgesMeet(lineEdges(l1), lineEdges(l2)))
        })
    })

let geoIntersectsLineWithPolygonFunction = ScalarFunction(
    name: "geo_intersects_line_with_polygon",
    overloads: fn([p("lineString", .type(.dynamic)), p("polygon", .type(.dynamic))], .fixed(.bool)),
    summary: "Whether a GeoJSON LineString/MultiLineString meets a Polygon/MultiPolygon (geodesic edges); null when either is invalid.",
    bind: { site in
        let c1 = constantShape(site, 0, geoJSONLines), c2 = constantShape(site, 1, geoJSONPolygons)
        return BoundFunction(name: "geo_intersects_line_with_polygon", resultType: .bool, kernel: .row { args in
            guard let lines = c1 ?? geoJSONLines(args[0]), let polygons = c2 ?? geoJSONPolygons(args[1]) else { return .null(.bool) }
            if lines.contains(where: { l in l.contains { v in polygons.contains { $0.contains(v) } } }) { return .bool(true) }
            return .bool(anyEdgesMeet(lineEdges(lines), polygonEdges(polygons)))
        })
    })

let geoIntersects2PolygonsFunction = ScalarFunction(
    name: "geo_intersects_2polygons",
    overloads: fn([p("polygon1", .type(.dynamic)), p("polygon2", .type(.dynamic))], .fixed(.bool)),
    summary: "Whether two GeoJSON Polygons/MultiPolygons share any point (geodesic edges); null when either is invalid.",
    bind: { site in
        let c1 = constantShape(site, 0, geoJSONPolygons), c2 = constantShape(site, 1, geoJSONPolygons)
        return BoundFunction(name: "geo_intersects_2polygons", resultType: .bool, kernel: .row { args in
            guard let p1 = c1 ?? geoJSONPolygons(args[0]), let p2 = c2 ?? geoJSONPolygons(args[1]) else { return .null(.bool) }
            func holdsVertexOf(_ a: [SphericalPolygon], _ b: [SphericalPolygon]) -> Bool {
                b.contains { q in q.shell.vertices.contains { v in a.contains { $0.contains(v) } } }
            }
            return .bool(holdsVertexOf(p1, p2) || holdsVertexOf(p2, p1) || anyEdgesMeet(polygonEdges(p1), polygonEdges(p2)))
        })
    })
