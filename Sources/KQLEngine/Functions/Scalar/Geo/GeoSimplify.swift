import Foundation
import KQLColumns

// geo_line_simplify, geo_polygon_simplify and geo_simplify_polygons_array
// (geo-line-simplify-function.md, geo-polygon-simplify-function.md,
// geo-simplify-polygons-array-function.md): Douglas–Peucker-like simplification with a tolerance
// in meters (default 10) on the sphere, by GeoSimplifier.swift (its header states the pipeline,
// guarantees and deviations). The pages' first examples give exactly their outputs.
//
// Decisions where the pages are silent:
// - Tolerance ranges: geo_polygon_simplify [0.1, 10000] m (its page); geo_line_simplify and
//   geo_simplify_polygons_array [0, 70 degrees of arc] = [0, 7,783,710] m on the sphere of radius
//   6,371,010 m (the pages' "~7,800,000 meters": S2's largest snap radius, 70 degrees). Outside,
//   or not finite: null.
// - The result's type follows the number of parts left: one line is a LineString, several a
//   MultiLineString (also for a MultiLineString reduced to one line); one polygon is a Polygon,
//   several give their union's type. Nothing left: null.
// - Parts are simplified together (snapped to the same sites, shared borders simplified once).
//   Polygons: when more than one is left (of a MultiPolygon, or of all of
//   geo_simplify_polygons_array's elements), the result is their union, as the pages say ("the
//   area of polygons union"), computed as geo_union_polygons_array does (GeoUnion.swift, with its
//   limit of 50,000 edges; a union that fails gives null). Because shared borders were simplified
//   alike, the union has no slivers or gaps along them. Lines (a deviation from the page's
//   "simplification of lines union"): a MultiLineString's lines are simplified alike where they
//   overlap but stay separate lines, not merged where they meet (geo_union_lines_array of the
//   result merges them). A hole that disappears is dropped; a shell that disappears drops its
//   polygon.
// - geo_simplify_polygons_array: its argument must be an array whose every element is a valid
//   Polygon or MultiPolygon; an empty array, a null or other element, or a non-array is null.

private let simplifyMaxRadius = 70 * Double.pi / 180

/// The tolerance argument (default 10 m) in radians, or nil when outside [min, max] meters.
private func simplifyTolerance(_ args: [Value], min: Double, maxRadians: Double) -> Double? {
    guard args.count > 1 else { return 10 / earthRadiusMeters }
    guard let t = numericDouble(args[1]), t.isFinite, t >= min else { return nil }
    let r = t / earthRadiusMeters
    return r <= maxRadians ? r : nil
}

private func shapeValue(_ type: String, _ coordinates: [DynamicValue]) -> Value {
    .dynamic(.object(PropertyBag(uniqueKeys: ["type", "coordinates"], values: [.string(type), .array(coordinates)])))
}

private func positions(_ vs: [SimplifyVertex]) -> DynamicValue { .array(vs.map { .array([.real($0.lng), .real($0.lat)]) }) }

/// A ring's vertices as given, without the closing repeat (the ring already validated).
private func ringVertices(_ v: DynamicValue) -> [SimplifyVertex]? {
    guard let pts = rawPositions(v), pts.count >= 4 else { return nil }
    return pts.dropLast().map { SimplifyVertex(lng: $0.lng, lat: $0.lat, p: Vec3(lng: $0.lng, lat: $0.lat)) }
}

/// The rings of each polygon of a valid Polygon or MultiPolygon, as given (without the closing
/// repeats); nil when invalid.
func geoJSONPolygonRings(_ v: Value) -> [[[SimplifyVertex]]]? {
    guard geoJSONPolygons(v) != nil, let (type, coords) = geoJSONObject(v), case .array(let items) = coords else { return nil }
    func rings(_ p: DynamicValue) -> [[SimplifyVertex]]? {
        guard case .array(let rs) = p else { return nil }
        var out: [[SimplifyVertex]] = []
        for r in rs { guard let ring = ringVertices(r) else { return nil }; out.append(ring) }
        return out
    }
    if type == "Polygon" { return rings(coords).map { [$0] } }
    var out: [[[SimplifyVertex]]] = []
    for item in items { guard let p = rings(item) else { return nil }; out.append(p) }
    return out
}

/// The simplified polygons (rings closed again) as a Polygon or MultiPolygon; null when none is left.
private func simplifiedPolygons(_ polygons: [[[SimplifyVertex]]], radius: Double) -> Value {
    var simplifier = GeoSimplifier(radius: radius)
    let paths = polygons.flatMap { $0.map { (vertices: $0, closed: true) } }
    guard let results = simplifier.simplify(paths) else { return .null(.dynamic) }
    var out: [DynamicValue] = []
    var at = 0
    for polygon in polygons {
        let rings = results[at..<(at + polygon.count)]
        at += polygon.count
        guard let shell = rings.first, let s = shell else { continue }
        let kept = [s] + rings.dropFirst().compactMap { $0 }
        out.append(.array(kept.map { positions($0 + [$0[0]]) }))
    }
    if out.isEmpty { return .null(.dynamic) }
    if out.count == 1, case .array(let rings) = out[0] { return shapeValue("Polygon", rings) }
    // Several polygons: their union (GeoUnion.swift), as the pages say.
    var polygons: [Value] = []
    for polygon in out {
        guard case .array(let rings) = polygon else { return .null(.dynamic) }
        polygons.append(shapeValue("Polygon", rings))
    }
    guard let json = unionGeoJSON(polygons) else { return .null(.dynamic) }
    return .dynamic(json)
}

let geoLineSimplifyFunction = rowFunction(
    "geo_line_simplify", fn([p("lineString", .type(.dynamic)), opt("tolerance", .oneOf([.int, .long, .real]))], .fixed(.dynamic)),
    summary: "A GeoJSON LineString or MultiLineString simplified on a sphere (Douglas–Peucker-like, tolerance in meters, default 10); null when invalid or when nothing is left.",
    kernel: { args in
        guard let lines = rawLines(args[0], multi: true),
              let radius = simplifyTolerance(args, min: 0, maxRadians: simplifyMaxRadius) else { return .null(.dynamic) }
        var simplifier = GeoSimplifier(radius: radius)
        let paths = lines.map { l in (vertices: l.map { SimplifyVertex(lng: $0.lng, lat: $0.lat, p: $0.p) }, closed: false) }
        guard let kept = simplifier.simplify(paths)?.compactMap({ $0 }) else { return .null(.dynamic) }
        if kept.isEmpty { return .null(.dynamic) }
        if kept.count == 1, case .array(let coords) = positions(kept[0]) { return shapeValue("LineString", coords) }
        return shapeValue("MultiLineString", kept.map(positions))
    })

let geoPolygonSimplifyFunction = rowFunction(
    "geo_polygon_simplify", fn([p("polygon", .type(.dynamic)), opt("tolerance", .oneOf([.int, .long, .real]))], .fixed(.dynamic)),
    summary: "A GeoJSON Polygon or MultiPolygon simplified on a sphere (Douglas–Peucker-like, tolerance 0.1…10000 meters, default 10); null when invalid or when nothing is left.",
    kernel: { args in
        guard let polygons = geoJSONPolygonRings(args[0]),
              let radius = simplifyTolerance(args, min: 0.1, maxRadians: 10_000 / earthRadiusMeters) else { return .null(.dynamic) }
        return simplifiedPolygons(polygons, radius: radius)
    })

let geoSimplifyPolygonsArrayFunction = rowFunction(
    "geo_simplify_polygons_array", fn([p("polygons", .type(.dynamic)), opt("tolerance", .oneOf([.int, .long, .real]))], .fixed(.dynamic)),
    summary: "The union of an array of GeoJSON Polygons or MultiPolygons simplified together on a sphere, shared borders alike (tolerance in meters, default 10); null when any is invalid or when nothing is left.",
    kernel: { args in
        guard case .dynamic(.array(let items)) = args[0], !items.isEmpty,
              let radius = simplifyTolerance(args, min: 0, maxRadians: simplifyMaxRadius) else { return .null(.dynamic) }
        var polygons: [[[SimplifyVertex]]] = []
        for item in items {
            guard let ps = geoJSONPolygonRings(.dynamic(item)) else { return .null(.dynamic) }
            polygons += ps
        }
        return simplifiedPolygons(polygons, radius: radius)
    })
