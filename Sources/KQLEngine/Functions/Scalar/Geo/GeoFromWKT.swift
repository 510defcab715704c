import Foundation
import KQLColumns

// geo_from_wkt (geo-from-wkt-function.md): well-known text to GeoJSON. The seven geometry kinds
// (POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON, GEOMETRYCOLLECTION),
// keywords in any case, `x y` = longitude latitude. Anything the page's "invalid or unsupported"
// covers is null. Decisions where the page is silent: EMPTY geometries, Z/M coordinates and
// trailing text are unsupported (null); coordinates must be valid (longitude in [-180, 180],
// latitude in [-90, 90]), a line needs two positions, a ring four with the last equal to the
// first, as the other geo pages require; MULTIPOINT takes both `(1 1, 2 2)` and `((1 1), (2 2))`;
// collections nest at most 32 deep and the text is at most 16 MiB (bounded work).

private let wktMaxDepth = 32
private let wktMaxBytes = 16 << 20

/// A recursive-descent reader over the text's UTF-8 bytes.
private struct WKTReader {
    let bytes: [UInt8]
    var i = 0

    init(_ s: String) { bytes = Array(s.utf8) }

    mutating func skipSpace() { while i < bytes.count, bytes[i] == 32 || (bytes[i] >= 9 && bytes[i] <= 13) { i += 1 } }

    mutating func word() -> String? {
        skipSpace()
        let start = i
        while i < bytes.count, (bytes[i] | 0x20) >= 97 && (bytes[i] | 0x20) <= 122 { i += 1 }
        guard i > start else { return nil }
        return String(decoding: bytes[start..<i], as: UTF8.self).uppercased()
    }

    mutating func eat(_ c: UInt8) -> Bool {
        skipSpace()
        guard i < bytes.count, bytes[i] == c else { return false }
        i += 1
        return true
    }

    func peek(_ c: UInt8) -> Bool {
        var j = i
        while j < bytes.count, bytes[j] == 32 || (bytes[j] >= 9 && bytes[j] <= 13) { j += 1 }
        return j < bytes.count && bytes[j] == c
    }

    mutating func number() -> Double? {
        skipSpace()
        let start = i
        while i < bytes.count, (bytes[i] >= 48 && bytes[i] <= 57) || bytes[i] == 46 || bytes[i] == 45 || bytes[i] == 43
                || bytes[i] == 101 || bytes[i] == 69 { i += 1 }
        guard i > start, i - start < 64, let d = Double(String(decoding: bytes[start..<i], as: UTF8.self)), d.isFinite else { return nil }
        return d
    }

    /// `x y`: a valid longitude and latitude.
    mutating func position() -> DynamicValue? {
        guard let x = number(), let y = number(), validCoordinate(lng: x, lat: y) else { return nil }
        return .array([.real(x), .real(y)])
    }

    /// `( x y, x y, ... )` with at least `minimum` positions.
    mutating func positions(minimum: Int) -> [DynamicValue]? {
        guard eat(40) else { return nil }
        var out: [DynamicValue] = []
        repeat { guard let p = position() else { return nil }; out.append(p) } while eat(44)
        guard eat(41), out.count >= minimum else { return nil }
        return out
    }

    mutating func ring() -> DynamicValue? {
        guard let r = positions(minimum: 4), r.first == r.last else { return nil }
        return .array(r)
    }

    /// `( ring, ring, ... )`.
    mutating func polygon() -> DynamicValue? {
        guard eat(40) else { return nil }
        var rings: [DynamicValue] = []
        repeat { guard let r = ring() else { return nil }; rings.append(r) } while eat(44)
        guard eat(41) else { return nil }
        return .array(rings)
    }

    mutating func geometry(depth: Int) -> DynamicValue? {
        guard depth < wktMaxDepth, let kind = word() else { return nil }
        func shape(_ type: String, _ coordinates: DynamicValue) -> DynamicValue {
            .object(PropertyBag(uniqueKeys: ["type", "coordinates"], values: [.string(type), coordinates]))
        }
        switch kind {
        case "POINT":
            guard eat(40), let p = position(), eat(41) else { return nil }
            return shape("Point", p)
        case "LINESTRING":
            return positions(minimum: 2).map { shape("LineString", .array($0)) }
        case "POLYGON":
            return polygon().map { shape("Polygon", $0) }
        case "MULTIPOINT":
            guard eat(40) else { return nil }
            var points: [DynamicValue] = []
            repeat {
                if peek(40) {
                    guard eat(40), let p = position(), eat(41) else { return nil }
                    points.append(p)
                } else {
                    guard let p = position() else { return nil }
                    points.append(p)
                }
            } while eat(44)
            guard eat(41) else { return nil }
            return shape("MultiPoint", .array(points))
        case "MULTILINESTRING":
            guard eat(40) else { return nil }
            var lines: [DynamicValue] = []
            repeat { guard let l = positions(minimum: 2) else { return nil }; lines.append(.array(l)) } while eat(44)
            guard eat(41) else { return nil }
            return shape("MultiLineString", .array(lines))
        case "MULTIPOLYGON":
            guard eat(40) else { return nil }
            var polygons: [DynamicValue] = []
            repeat { guard let p = polygon() else { return nil }; polygons.append(p) } while eat(44)
            guard eat(41) else { return nil }
            return shape("MultiPolygon", .array(polygons))
        case "GEOMETRYCOLLECTION":
            guard eat(40) else { return nil }
            var geometries: [DynamicValue] = []
            repeat { guard let g = geometry(depth: depth + 1) else { return nil }; geometries.append(g) } while eat(44)
            guard eat(41) else { return nil }
            return .object(PropertyBag(uniqueKeys: ["type", "geometries"], values: [.string("GeometryCollection"), .array(geometries)]))
        default:
            return nil
        }
    }
}

/// The GeoJSON of a WKT text; nil when invalid or unsupported.
func geoJSONFromWKT(_ text: String) -> DynamicValue? {
    guard text.utf8.count <= wktMaxBytes else { return nil }
    var reader = WKTReader(text)
    guard let g = reader.geometry(depth: 0) else { return nil }
    reader.skipSpace()
    return reader.i == reader.bytes.count ? g : nil
}

let geoFromWKTFunction = rowFunction(
    "geo_from_wkt", fn([p("wkt", .type(.string))], .fixed(.dynamic)),
    summary: "The GeoJSON of a well-known-text geometry (POINT, LINESTRING, POLYGON, their MULTI forms, GEOMETRYCOLLECTION); null when invalid or unsupported.",
    kernel: { args in
        guard case .string(let s) = args[0], let g = geoJSONFromWKT(s) else { return .null(.dynamic) }
        return .dynamic(g)
    })
