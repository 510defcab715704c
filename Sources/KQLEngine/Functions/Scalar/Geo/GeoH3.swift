import Foundation
import KQLColumns

// The geo_*h3cell* functions over H3Cell.swift. Decisions where the pages are silent: tokens are
// read case-insensitively; geo_h3cell_parent at the cell's own resolution gives the cell, and
// geo_h3cell_children at the cell's own resolution gives [cell] (as H3 does); a level-0 cell has
// no default parent (empty).

private func h3Arg(_ v: Value) -> H3Cell? {
    guard case .string(let s) = v else { return nil }
    return H3Cell(token: s)
}

let geoPointToH3CellFunction = rowFunction(
    "geo_point_to_h3cell",
    fn([p("longitude", .type(.real)), p("latitude", .type(.real)), opt("resolution", .oneOf([.int, .long, .real]))], .fixed(.string)),
    summary: "The H3 cell token (resolution 0…15, default 6) of a coordinate; \"\" when the coordinate or resolution is invalid.",
    kernel: { args in
        var res = 6
        if args.count > 2 { guard let l = levelArg(args[2]) else { return .string("") }; res = l }
        guard let pt = coordinateArgs(args, 0), (0...15).contains(res) else { return .string("") }
        return .string(H3Cell(point: Vec3(lng: pt.lng, lat: pt.lat), resolution: res).token)
    })

let geoH3CellToCentralPointFunction = rowFunction(
    "geo_h3cell_to_central_point", fn([p("h3cell", .type(.string))], .fixed(.dynamic)),
    summary: "The center of an H3 cell as a GeoJSON point; null when the token is invalid.",
    kernel: { args in
        guard let cell = h3Arg(args[0]) else { return .null(.dynamic) }
        let c = cell.center
        return geoJSONPoint(lng: c.lngDegrees, lat: c.latDegrees)
    })

let geoH3CellLevelFunction = rowFunction(
    "geo_h3cell_level", fn([p("h3cell", .type(.string))], .fixed(.int)),
    summary: "The resolution (0…15) of an H3 cell; null when the token is invalid.",
    kernel: { args in
        guard let cell = h3Arg(args[0]) else { return .null(.int) }
        return .int(Int32(cell.resolution))
    })

let geoH3CellParentFunction = rowFunction(
    "geo_h3cell_parent", fn([p("h3cell", .type(.string)), opt("resolution", .oneOf([.int, .long, .real]))], .fixed(.string)),
    summary: "The token of an H3 cell's parent (default: the next coarser resolution); \"\" when the token or resolution is invalid.",
    kernel: { args in
        guard let cell = h3Arg(args[0]) else { return .string("") }
        var res = cell.resolution - 1
        if args.count > 1 { guard let l = levelArg(args[1]) else { return .string("") }; res = l }
        guard res >= 0, res <= cell.resolution else { return .string("") }
        return .string(cell.parent(res).token)
    })

let geoH3CellChildrenFunction = rowFunction(
    "geo_h3cell_children", fn([p("h3cell", .type(.string)), opt("resolution", .oneOf([.int, .long, .real]))], .fixed(.dynamic)),
    summary: "The tokens of an H3 cell's children (default: the next finer resolution, at most 5 finer); null when the token or resolution is invalid.",
    kernel: { args in
        guard let cell = h3Arg(args[0]) else { return .null(.dynamic) }
        var res = cell.resolution + 1
        if args.count > 1 { guard let l = levelArg(args[1]) else { return .null(.dynamic) }; res = l }
        guard res <= 15, res >= cell.resolution, res - cell.resolution <= 5 else { return .null(.dynamic) }
        return .dynamic(.array(cell.children(res).map { .string($0.token) }))
    })

// geo_h3cell_neighbors and geo_h3cell_rings (geo-h3cell-neighbors-function.md,
// geo-h3cell-rings-function.md) walk the grid as H3's k-ring does (H3Cell.rings). Known gap: a
// cell in one of the 12 pentagon base cells, or whose rings reach one, gives null (H3 walks those
// differently and its order there is not reproduced).

let geoH3CellNeighborsFunction = rowFunction(
    "geo_h3cell_neighbors", fn([p("h3cell", .type(.string))], .fixed(.dynamic)),
    summary: "The tokens of the six H3 cells around an H3 cell; null when the token is invalid (or, Quarry's gap, near a pentagon).",
    kernel: { args in
        guard let cell = h3Arg(args[0]), let rings = cell.rings(1) else { return .null(.dynamic) }
        return .dynamic(.array(rings[1].map { .string($0.token) }))
    })

let geoH3CellRingsFunction = rowFunction(
    "geo_h3cell_rings", fn([p("h3cell", .type(.string)), p("distance", .oneOf([.int, .long, .real]))], .fixed(.dynamic)),
    summary: "The rings of H3 cells at distances 0…distance (0…142) from an H3 cell, as arrays of tokens; null when the token or distance is invalid (or, Quarry's gap, near a pentagon).",
    kernel: { args in
        guard let cell = h3Arg(args[0]), let k = levelArg(args[1]), (0...142).contains(k), let rings = cell.rings(k) else { return .null(.dynamic) }
        return .dynamic(.array(rings.map { .array($0.map { .string($0.token) }) }))
    })

let geoH3CellToPolygonFunction = rowFunction(
    "geo_h3cell_to_polygon", fn([p("h3cell", .type(.string))], .fixed(.dynamic)),
    summary: "An H3 cell's boundary as a GeoJSON polygon; null when the token is invalid.",
    kernel: { args in
        guard let cell = h3Arg(args[0]) else { return .null(.dynamic) }
        return geoJSONPolygon(cell.boundary.map { ($0.lngDegrees, $0.latDegrees) })
    })
