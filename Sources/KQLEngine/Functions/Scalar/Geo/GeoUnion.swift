import Foundation
import KQLColumns

// geo_union_polygons_array and geo_intersection_2polygons (geo-union-polygons-array-function.md,
// geo-intersection-2polygons-function.md), on GeoClip.swift's clipping.
//
// The union is built as S2Polygon::DestructiveUnion builds it, so that vertex order matches the
// pages: the polygons wait in a queue ordered by vertex count (ties in array order); the two
// smallest are united and the result goes back with the sum of their counts, until one is left.
// The intersection numbers polygon1's edges before polygon2's and gives a Polygon/MultiPolygon,
// a Point/MultiPoint where the polygons only touch, a LineString/MultiLineString where they
// share boundary with their interiors on opposite sides, a GeometryCollection of these (points,
// lines, polygons in that order) when there are several kinds, and an empty
// GeometryCollection when they do not meet.
// Decisions where the pages are silent: an argument that is not an array, an empty array, or an
// element that is not a valid Polygon/MultiPolygon gives null; a union of one polygon gives it
// back with its rings oriented (shells counterclockwise, holes clockwise).

/// The union of shapes in S2's DestructiveUnion order; nil when a step fails.
func destructiveUnion(_ shapes: [ClipShape]) -> [ClipPolygon]? {
    var queue: [(key: Int, shape: ClipShape)] = []
    func insert(_ key: Int, _ shape: ClipShape) {
        let at = queue.firstIndex { $0.key > key } ?? queue.count
        queue.insert((key, shape), at: at)
    }
    for s in shapes { insert(s.vertexCount, s) }
    while queue.count > 1 {
        let a = queue.removeFirst(), b = queue.removeFirst()
        guard let r = clipPolygons([a.shape, b.shape], .union) else { return nil }
        insert(a.key + b.key, ClipShape(polygons: r.polygons))
    }
    return queue.first?.shape.polygons
}

let geoUnionPolygonsArrayFunction = rowFunction(
    "geo_union_polygons_array", fn([p("polygons", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The union of an array of GeoJSON Polygons/MultiPolygons (geodesic edges) as a Polygon or MultiPolygon; null when an element is invalid.",
    kernel: { args in
        guard case .dynamic(.array(let items)) = args[0], !items.isEmpty else { return .null(.dynamic) }
        guard let json = unionGeoJSON(items.map { .dynamic($0) }) else { return .null(.dynamic) }
        return .dynamic(json)
    })

/// The union of GeoJSON Polygon/MultiPolygon values as GeoJSON; nil when one is invalid, their
/// edges together pass `clipMaxEdges`, or a step fails. Shared by the union, the simplifiers and
/// the measures of a MultiPolygon whose parts overlap.
func unionGeoJSON(_ values: [Value]) -> DynamicValue? {
    var shapes: [ClipShape] = []
    var total = 0
    for v in values {
        guard let s = clipShape(v) else { return nil }
        total += s.vertexCount
        guard total <= clipMaxEdges else { return nil }
        shapes.append(s)
    }
    guard let union = destructiveUnion(shapes) else { return nil }
    return polygonsGeoJSON(union)
}

let geoIntersection2PolygonsFunction = rowFunction(
    "geo_intersection_2polygons", fn([p("polygon1", .type(.dynamic)), p("polygon2", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The intersection of two GeoJSON Polygons/MultiPolygons (geodesic edges) as GeoJSON; null when either is invalid.",
    kernel: { args in
        guard let a = clipShape(args[0]), let b = clipShape(args[1]), let r = clipPolygons([a, b], .intersection) else { return .null(.dynamic) }
        return clipResultGeoJSON(r)
    })
