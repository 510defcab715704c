import Foundation
import KQLColumns

// geo_polygon_to_h3cells (geo-polygon-to-h3cells-function.md): the H3 cells of a resolution
// (0…15, default 6) whose centers are inside a Polygon or MultiPolygon. As the page says, polygon
// edges are straight lines here (not geodesics) and a cell belongs to the polygon when its
// centroid is inside. The pipeline is H3's polyfill (v3 polyfill, v4.0 polygonToCells), which
// gives the page's example cell for cell:
// 1. Trace each ring: every edge is sampled at ceil(length / (2 × r)) points, linearly in
//    (latitude, longitude) radians (r = the radius of the resolution's first pentagon, center to
//    first vertex, on H3's sphere of 6,371.007180918475 km), and the cells of the samples seed the
//    search.
// 2. Breadth-first search: for each cell searched, the cell and its neighbours; a cell not yet
//    found whose center passes H3's point-in-polygon test (ray casting in (latitude, longitude)
//    radians, bounding boxes that cross the antimeridian shifted by 2π, a vertex met exactly
//    nudged west by DBL_EPSILON) is found, and the cells found make the next round's search.
// A MultiPolygon is the union of its polygons' cells.
// With a radius (meters), the page enlarges the polygon by that buffer before covering it: here a
// cell also counts when its center is within radius of the polygon's boundary (geodesic distance
// to the geodesic edges, on the sphere of radius 6,371,010 m of the other geo_* functions).
// Decisions: the tokens are in cell-id order (the page's example lists the same cells in another
// order, which is neither H3's hash-slot order nor its search order; nothing on the page says the
// order means anything); the result is null past the page's 61,680 cells; a negative or
// non-finite radius, a resolution outside [0, 15], or an invalid polygon is null; the tracing of
// step 1 is capped at 500,000 samples (null beyond: a long boundary at a fine resolution), so
// the work is bounded; a polygon certain to hold more than 61,680 cells is null before any search
// (its area less its perimeter times three average edges, over two and a half average cell
// areas, exceeds the cap: every cell meeting that inner part lies inside, so has its center
// inside, and no cell is that large). Near the 12 pentagons, the neighbours are found geometrically (the
// reflection of the center across each edge's midpoint), as H3Cell.rings does not walk there.

let h3CoveringMaxCells = 61_680
private let h3TraceMaxSamples = 500_000
private let h3EarthRadiusKm = 6371.007180918475

/// Latitude and longitude in radians, as H3 keeps them.
private struct H3LatLng { var lat: Double, lng: Double }

private func h3LatLng(_ p: Vec3) -> H3LatLng {
    H3LatLng(lat: atan2(p.z, (p.x * p.x + p.y * p.y).squareRoot()), lng: atan2(p.y, p.x))
}

/// H3's great-circle distance (haversine) in km.
private func h3DistanceKm(_ a: H3LatLng, _ b: H3LatLng) -> Double {
    let sinLat = sin((b.lat - a.lat) / 2), sinLng = sin((b.lng - a.lng) / 2)
    let h = sinLat * sinLat + cos(a.lat) * cos(b.lat) * sinLng * sinLng
    return 2 * atan2(h.squareRoot(), (1 - h).squareRoot()) * h3EarthRadiusKm
}

/// The distance from the center of the resolution's first pentagon to its first vertex, in km.
private func h3PentagonRadiusKm(_ res: Int) -> Double {
    var cell = H3Cell(resolution: res, baseCell: 4)
    for r in stride(from: 1, through: res, by: 1) { cell.setDigit(r, 0) }
    guard let v = cell.boundary.first else { return 1 }
    return h3DistanceKm(h3LatLng(cell.center), h3LatLng(v))
}

/// H3's bounding box of a ring (east < west when it crosses the antimeridian).
private struct H3BBox {
    var north = -Double.greatestFiniteMagnitude, south = Double.greatestFiniteMagnitude
    var east = -Double.greatestFiniteMagnitude, west = Double.greatestFiniteMagnitude

    init(_ ring: [H3LatLng]) {
        var minPositive = Double.greatestFiniteMagnitude, maxNegative = -Double.greatestFiniteMagnitude
        var transmeridian = false
        for (i, c) in ring.enumerated() {
            let next = ring[(i + 1) % ring.count]
            south = min(south, c.lat); north = max(north, c.lat)
            west = min(west, c.lng); east = max(east, c.lng)
            if c.lng > 0 && c.lng < minPositive { minPositive = c.lng }
            if c.lng < 0 && c.lng > maxNegative { maxNegative = c.lng }
            if abs(c.lng - next.lng) > .pi { transmeridian = true }
        }
        if transmeridian { east = maxNegative; west = minPositive }
    }

    var isTransmeridian: Bool { east < west }

    func contains(_ p: H3LatLng) -> Bool {
        guard p.lat >= south && p.lat <= north else { return false }
        return isTransmeridian ? (p.lng >= west || p.lng <= east) : (p.lng >= west && p.lng <= east)
    }
}

/// H3's ray-casting test of a point against one ring.
private func h3InsideRing(_ ring: [H3LatLng], _ box: H3BBox, _ p: H3LatLng) -> Bool {
    guard box.contains(p) else { return false }
    let tm = box.isTransmeridian
    func normalized(_ lng: Double) -> Double { tm && lng < 0 ? lng + 2 * .pi : lng }
    var contains = false
    let lat = p.lat
    var lng = normalized(p.lng)
    for i in ring.indices {
        var a = ring[i], b = ring[(i + 1) % ring.count]
        if a.lat > b.lat { swap(&a, &b) }
        if lat < a.lat || lat > b.lat { continue }
        let aLng = normalized(a.lng), bLng = normalized(b.lng)
        if aLng == lng || bLng == lng { lng -= Double.ulpOfOne }
        let ratio = (lat - a.lat) / (b.lat - a.lat)
        let testLng = normalized(aLng + (bLng - aLng) * ratio)
        if testLng > lng { contains.toggle() }
    }
    return contains
}

/// A polygon as H3 reads it: rings in radians with their boxes, and the same rings on the sphere
/// for the buffer distance.
private struct H3Polygon {
    var rings: [[H3LatLng]]
    var boxes: [H3BBox]
    var sphereRings: [[Vec3]]

    /// From the rings' vertices as given (degrees), without the closing repeats.
    init(_ polygon: [[SimplifyVertex]]) {
        sphereRings = polygon.map { $0.map(\.p) }
        rings = polygon.map { $0.map { H3LatLng(lat: $0.lat * (Double.pi / 180), lng: $0.lng * (Double.pi / 180)) } }
        boxes = rings.map { H3BBox($0) }
    }

    func contains(_ p: H3LatLng) -> Bool {
        guard h3InsideRing(rings[0], boxes[0], p) else { return false }
        for i in rings.indices.dropFirst() where h3InsideRing(rings[i], boxes[i], p) { return false }
        return true
    }

    func boundaryDistance(_ x: Vec3) -> Double {
        var best = Double.infinity
        for r in sphereRings {
            for i in r.indices { best = min(best, edgeDistance(x, r[i], r[(i + 1) % r.count])) }
        }
        return best
    }
}

/// The cell and its neighbours (H3's k-ring of distance 1).
private func h3OneRing(_ cell: H3Cell) -> [H3Cell] {
    if let rings = cell.rings(1) { return rings.flatMap { $0 } }
    // Near a pentagon: the cells of the center's reflections across the edges' midpoints.
    let c = cell.center
    var out = [cell]
    let b = cell.boundary
    for i in b.indices {
        let m = (b[i] + b[(i + 1) % b.count]).normalized
        let reflected = (m * (2 * c.dot(m)) - c).normalized
        let n = H3Cell(point: reflected, resolution: cell.resolution)
        if !out.contains(n) { out.append(n) }
    }
    return out
}

/// The cells of one polygon, in the order found; nil past the caps.
private func h3Polyfill(_ polygon: H3Polygon, res: Int, radius: Double, pentagonRadiusKm: Double, budget: Int) -> [H3Cell]? {
    // 1. Trace.
    var seen = Set<UInt64>()
    var search: [H3Cell] = []
    var samples = 0
    for ring in polygon.rings {
        for i in ring.indices {
            let a = ring[i], b = ring[(i + 1) % ring.count]
            let estimate = max(1.0, (h3DistanceKm(a, b) / (2 * pentagonRadiusKm)).rounded(.up))
            guard estimate.isFinite, Double(samples) + estimate <= Double(h3TraceMaxSamples) else { return nil }
            let n = Int(estimate)
            samples += n
            for j in 0..<n {
                let t0 = Double(n - j) / Double(n), t1 = Double(j) / Double(n)
                let lat = a.lat * t0 + b.lat * t1, lng = a.lng * t0 + b.lng * t1
                let p = Vec3(x: cos(lat) * cos(lng), y: cos(lat) * sin(lng), z: sin(lat))
                let cell = H3Cell(point: p, resolution: res)
                if seen.insert(cell.raw).inserted { search.append(cell) }
            }
        }
    }
    // 2. Search.
    func passes(_ cell: H3Cell) -> Bool {
        let c = cell.center
        if polygon.contains(h3LatLng(c)) { return true }
        return radius > 0 && polygon.boundaryDistance(c) <= radius
    }
    var foundSet = Set<UInt64>(), rejected = Set<UInt64>()
    var found: [H3Cell] = []
    while !search.isEmpty {
        var next: [H3Cell] = []
        for s in search {
            for cell in h3OneRing(s) where !foundSet.contains(cell.raw) && !rejected.contains(cell.raw) {
                if passes(cell) {
                    foundSet.insert(cell.raw)
                    found.append(cell)
                    next.append(cell)
                    guard found.count <= budget else { return nil }
                } else {
                    rejected.insert(cell.raw)
                }
            }
        }
        search = next
    }
    return found
}

let geoPolygonToH3CellsFunction = rowFunction(
    "geo_polygon_to_h3cells",
    fn([p("polygon", .type(.dynamic)), opt("resolution", .oneOf([.int, .long, .real])), opt("radius", .oneOf([.int, .long, .real]))], .fixed(.dynamic)),
    summary: "The tokens of the H3 cells (resolution 0…15, default 6) whose centers are inside a GeoJSON Polygon or MultiPolygon (or within radius meters of it); null when invalid or past 61,680 cells.",
    kernel: { args in
        var res = 6, radius = 0.0
        if args.count > 1 { guard let l = levelArg(args[1]), (0...15).contains(l) else { return .null(.dynamic) }; res = l }
        if args.count > 2 { guard let r = numericDouble(args[2]), r >= 0, r.isFinite else { return .null(.dynamic) }; radius = r }
        guard let polygons = geoJSONPolygonRings(args[0]), let shapes = geoJSONPolygons(args[0]) else { return .null(.dynamic) }
        // Certainly past the cap: null before any search.
        let averageCellKm2 = 4_357_449.416 / pow(7, Double(res)), averageEdgeKm = 1107.71 / pow(7.0.squareRoot(), Double(res))
        let r = earthRadiusMeters / 1000
        let areaKm2 = shapes.reduce(0) { $0 + $1.area } * r * r, perimeterKm = shapes.reduce(0) { $0 + $1.perimeter } * r
        if (areaKm2 - perimeterKm * 3 * averageEdgeKm) / (2.5 * averageCellKm2) > Double(h3CoveringMaxCells) { return .null(.dynamic) }
        let pentagonRadius = h3PentagonRadiusKm(res)
        var listed = Set<UInt64>()
        for polygon in polygons {
            guard let cells = h3Polyfill(H3Polygon(polygon), res: res, radius: radius / earthRadiusMeters,
                                         pentagonRadiusKm: pentagonRadius, budget: h3CoveringMaxCells) else { return .null(.dynamic) }
            for c in cells { listed.insert(c.raw) }
            guard listed.count <= h3CoveringMaxCells else { return .null(.dynamic) }
        }
        return .dynamic(.array(listed.sorted().map { .string(H3Cell(raw: $0).token) }))
    })
