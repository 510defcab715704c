import Foundation
import KQLColumns

// Geohash (geo-point-to-geohash-function.md, geo-geohash-to-central-point-function.md,
// geo-geohash-to-polygon-function.md, geo-geohash-neighbors-function.md): the public-domain
// geohash grid. Each base-32 character holds five bits that halve the longitude and latitude
// ranges in turn, longitude first; lengths 1…18 (18 characters are 90 bits, past a 64-bit
// integer, so the ranges are bisected as doubles: every bound is a dyadic fraction, exact).
//
// A point on a cell's lower bound belongs to that cell; 180 and 90 fall in the last cell. The
// neighbor order (south-west, north-west, south-east, north, west, north-east, east, south) is the
// order of the page's one example; longitude wraps at the antimeridian, and cells past a pole
// are left out (decisions: the page shows neither).

private let geohashAlphabet = Array("0123456789bcdefghjkmnpqrstuvwxyz".utf8)
private let geohashValue: [UInt8: Int] = Dictionary(uniqueKeysWithValues: geohashAlphabet.enumerated().map { ($1, $0) })

func geohashEncode(lng: Double, lat: Double, length: Int) -> String {
    var lngRange = (-180.0, 180.0), latRange = (-90.0, 90.0)
    var even = true
    var out: [UInt8] = []
    out.reserveCapacity(length)
    for _ in 0..<length {
        var v = 0
        for _ in 0..<5 {
            if even {
                let mid = (lngRange.0 + lngRange.1) / 2
                if lng >= mid { v = v << 1 | 1; lngRange.0 = mid } else { v <<= 1; lngRange.1 = mid }
            } else {
                let mid = (latRange.0 + latRange.1) / 2
                if lat >= mid { v = v << 1 | 1; latRange.0 = mid } else { v <<= 1; latRange.1 = mid }
            }
            even.toggle()
        }
        out.append(geohashAlphabet[v])
    }
    return String(decoding: out, as: UTF8.self)
}

/// The cell's longitude and latitude ranges; nil when the text is not a geohash of 1…18 characters.
func geohashDecode(_ s: String) -> (lng: (Double, Double), lat: (Double, Double))? {
    let bytes = Array(s.utf8)
    guard (1...18).contains(bytes.count) else { return nil }
    var lngRange = (-180.0, 180.0), latRange = (-90.0, 90.0)
    var even = true
    for c in bytes {
        guard let v = geohashValue[c] else { return nil }
        for k in stride(from: 4, through: 0, by: -1) {
            let bit = (v >> k) & 1
            if even {
                let mid = (lngRange.0 + lngRange.1) / 2
                if bit == 1 { lngRange.0 = mid } else { lngRange.1 = mid }
            } else {
                let mid = (latRange.0 + latRange.1) / 2
                if bit == 1 { latRange.0 = mid } else { latRange.1 = mid }
            }
            even.toggle()
        }
    }
    return (lngRange, latRange)
}

private func geohashArg(_ v: Value) -> (lng: (Double, Double), lat: (Double, Double))? {
    guard case .string(let s) = v else { return nil }
    return geohashDecode(s)
}

let geoPointToGeohashFunction = rowFunction(
    "geo_point_to_geohash", fn([p("longitude", .type(.real)), p("latitude", .type(.real)), opt("accuracy", .number)], .fixed(.string)),
    summary: "The geohash (1…18 characters, default 5) of a coordinate; \"\" when the coordinate or accuracy is invalid.",
    kernel: { args in
        var accuracy = 5
        if args.count > 2 { guard let a = levelArg(args[2]) else { return .string("") }; accuracy = a }
        guard let pt = coordinateArgs(args, 0), (1...18).contains(accuracy) else { return .string("") }
        return .string(geohashEncode(lng: pt.lng, lat: pt.lat, length: accuracy))
    })

let geoGeohashToCentralPointFunction = rowFunction(
    "geo_geohash_to_central_point", fn([p("geohash", .type(.string))], .fixed(.dynamic)),
    summary: "The center of a geohash cell as a GeoJSON point; null when the geohash is invalid.",
    kernel: { args in
        guard let c = geohashArg(args[0]) else { return .null(.dynamic) }
        return geoJSONPoint(lng: (c.lng.0 + c.lng.1) / 2, lat: (c.lat.0 + c.lat.1) / 2)
    })

let geoGeohashToPolygonFunction = rowFunction(
    "geo_geohash_to_polygon", fn([p("geohash", .type(.string))], .fixed(.dynamic)),
    summary: "A geohash cell's rectangle as a GeoJSON polygon (counterclockwise from the south-west corner); null when invalid.",
    kernel: { args in
        guard let c = geohashArg(args[0]) else { return .null(.dynamic) }
        return geoJSONPolygon([(c.lng.0, c.lat.0), (c.lng.1, c.lat.0), (c.lng.1, c.lat.1), (c.lng.0, c.lat.1)])
    })

let geoGeohashNeighborsFunction = rowFunction(
    "geo_geohash_neighbors", fn([p("geohash", .type(.string))], .fixed(.dynamic)),
    summary: "The up to eight geohash cells around a geohash cell, as an array of strings; null when invalid.",
    kernel: { args in
        guard case .string(let s) = args[0], let c = geohashDecode(s) else { return .null(.dynamic) }
        let w = c.lng.1 - c.lng.0, h = c.lat.1 - c.lat.0
        let cx = (c.lng.0 + c.lng.1) / 2, cy = (c.lat.0 + c.lat.1) / 2
        var out: [DynamicValue] = []
        for (dx, dy) in [(-1.0, -1.0), (-1, 1), (1, -1), (0, 1), (-1, 0), (1, 1), (1, 0), (0, -1)] {
            let y = cy + dy * h
            guard y > -90, y < 90 else { continue }
            var x = cx + dx * w
            if x > 180 { x -= 360 } else if x < -180 { x += 360 }
            out.append(.string(geohashEncode(lng: x, lat: y, length: s.utf8.count)))
        }
        return .dynamic(.array(out))
    })
