import Foundation
import KQLColumns

// S2 cells (geo-point-to-s2cell-function.md, geo-s2cell-to-central-point-function.md,
// geo-s2cell-to-polygon-function.md, geo-s2cell-neighbors-function.md), after the published S2
// geometry cell-id scheme: a point on the unit sphere goes to one of six cube faces (the axis of
// its largest coordinate), to (u, v) on that face, through the quadratic transform to (s, t) in
// [0, 1], to 30-bit integer (i, j), and along the Hilbert curve of the face to a 64-bit id:
// 3 face bits, 2 bits per level, then a 1 marking the level. Tokens are the id in lowercase hex
// without its trailing zeros.

let s2MaxLevel = 30
let s2MaxSize = 1 << 30

/// Hilbert curve: for each orientation, the (i, j) quadrant (i bit high, j bit low) of each
/// position, and the orientation change a position makes (1 swaps i and j, 2 inverts them).
private let s2PosToIJ: [[Int]] = [[0, 1, 3, 2], [0, 2, 3, 1], [3, 2, 0, 1], [3, 1, 0, 2]]
private let s2PosToOrientation = [1, 0, 0, 3]
private let s2IJToPos: [[Int]] = s2PosToIJ.map { row in (0..<4).map { ij in row.firstIndex(of: ij) ?? 0 } }

func faceUVtoXYZ(_ face: Int, _ u: Double, _ v: Double) -> Vec3 {
    switch face {
    case 0: return Vec3(x: 1, y: u, z: v)
    case 1: return Vec3(x: -u, y: 1, z: v)
    case 2: return Vec3(x: -u, y: -v, z: 1)
    case 3: return Vec3(x: -1, y: -v, z: -u)
    case 4: return Vec3(x: v, y: -1, z: -u)
    default: return Vec3(x: v, y: u, z: -1)
    }
}

/// The face of a point (its largest coordinate's axis, +3 when negative) and (u, v) on it.
private func xyzToFaceUV(_ p: Vec3) -> (face: Int, u: Double, v: Double) {
    let ax = abs(p.x), ay = abs(p.y), az = abs(p.z)
    var face = ax > ay ? (ax > az ? 0 : 2) : (ay > az ? 1 : 2)
    if (face == 0 && p.x < 0) || (face == 1 && p.y < 0) || (face == 2 && p.z < 0) { face += 3 }
    switch face {
    case 0: return (0, p.y / p.x, p.z / p.x)
    case 1: return (1, -p.x / p.y, p.z / p.y)
    case 2: return (2, -p.x / p.z, -p.y / p.z)
    case 3: return (3, p.z / p.x, p.y / p.x)
    case 4: return (4, p.z / p.y, -p.x / p.y)
    default: return (5, -p.y / p.z, -p.x / p.z)
    }
}

private func uvToST(_ u: Double) -> Double { u >= 0 ? 0.5 * (1 + 3 * u).squareRoot() : 1 - 0.5 * (1 - 3 * u).squareRoot() }
func stToUV(_ s: Double) -> Double { s >= 0.5 ? (1.0 / 3) * (4 * s * s - 1) : (1.0 / 3) * (1 - 4 * (1 - s) * (1 - s)) }
private func stToIJ(_ s: Double) -> Int {
    let r = (Double(s2MaxSize) * s - 0.5).rounded()
    guard r.isFinite else { return 0 }
    return max(0, min(s2MaxSize - 1, Int(r)))
}

/// A cell id: its raw 64 bits.
struct S2CellID: Equatable {
    var id: UInt64

    /// The leaf cell of face and leaf coordinates (i, j), each in 0..<2^30.
    init(face: Int, i: Int, j: Int) {
        var orientation = face & 1
        var pos: UInt64 = 0
        for k in stride(from: s2MaxLevel - 1, through: 0, by: -1) {
            let ij = ((i >> k) & 1) << 1 | ((j >> k) & 1)
            let p = s2IJToPos[orientation][ij]
            pos = pos << 2 | UInt64(p)
            orientation ^= s2PosToOrientation[p]
        }
        id = UInt64(face) << 61 | pos << 1 | 1
    }

    init(id: UInt64) { self.id = id }

    init(point p: Vec3) {
        let (face, u, v) = xyzToFaceUV(p)
        self.init(face: face, i: stToIJ(uvToST(u)), j: stToIJ(uvToST(v)))
    }

    /// A leaf just beyond an edge of `face` (i or j one past the range) on the face that holds it.
    init(wrappingFace face: Int, i: Int, j: Int) {
        let ci = max(-1, min(s2MaxSize, i)), cj = max(-1, min(s2MaxSize, j))
        let scale = 1.0 / Double(s2MaxSize), limit = 1.0 + Double.ulpOfOne
        let u = max(-limit, min(limit, scale * Double(2 * (ci - s2MaxSize / 2) + 1)))
        let v = max(-limit, min(limit, scale * Double(2 * (cj - s2MaxSize / 2) + 1)))
        let (f, fu, fv) = xyzToFaceUV(faceUVtoXYZ(face, u, v))
        self.init(face: f, i: stToIJ(0.5 * (fu + 1)), j: stToIJ(0.5 * (fv + 1)))
    }

    var lsb: UInt64 { id & (~id &+ 1) }
    var face: Int { Int(id >> 61) }
    var level: Int { s2MaxLevel - id.trailingZeroBitCount / 2 }
    var isValid: Bool { face < 6 && (lsb & 0x1555_5555_5555_5555) != 0 }

    func parent(_ level: Int) -> S2CellID {
        let newLsb = UInt64(1) << UInt64(2 * (s2MaxLevel - level))
        return S2CellID(id: (id & (~newLsb &+ 1)) | newLsb)
    }

    /// The leaf coordinates of the cell's lower corner and its size in leaves.
    var faceIJ: (face: Int, i: Int, j: Int, size: Int) {
        var orientation = face & 1
        var i = 0, j = 0
        let lvl = level
        for k in 0..<lvl {
            let p = Int((id >> UInt64(61 - 2 * (k + 1))) & 3)
            let ij = s2PosToIJ[orientation][p]
            i = i << 1 | (ij >> 1); j = j << 1 | (ij & 1)
            orientation ^= s2PosToOrientation[p]
        }
        let shift = s2MaxLevel - lvl
        return (face, i << shift, j << shift, 1 << shift)
    }

    /// The point at leaf coordinates (si, ti) in units of 2^-31 of the face.
    private func point(_ face: Int, si: Int, ti: Int) -> Vec3 {
        let s = Double(si) / Double(2 * s2MaxSize), t = Double(ti) / Double(2 * s2MaxSize)
        return faceUVtoXYZ(face, stToUV(s), stToUV(t)).normalized
    }

    var center: Vec3 {
        let c = faceIJ
        return point(c.face, si: 2 * c.i + c.size, ti: 2 * c.j + c.size)
    }

    /// The four corners, counterclockwise from (low u, low v).
    var vertices: [Vec3] {
        let c = faceIJ
        let i0 = 2 * c.i, j0 = 2 * c.j, i1 = 2 * (c.i + c.size), j1 = 2 * (c.j + c.size)
        return [point(c.face, si: i0, ti: j0), point(c.face, si: i1, ti: j0), point(c.face, si: i1, ti: j1), point(c.face, si: i0, ti: j1)]
    }

    /// The eight cells of the same level around this one (S2's all-neighbors order).
    var neighbors: [S2CellID] {
        let c = faceIJ
        let (face, i, j, size) = c
        let lvl = level
        func at(_ ni: Int, _ nj: Int, _ sameFace: Bool) -> S2CellID {
            (sameFace ? S2CellID(face: face, i: ni, j: nj) : S2CellID(wrappingFace: face, i: ni, j: nj)).parent(lvl)
        }
        var out: [S2CellID] = []
        var k = -size
        while true {
            let sameFace: Bool
            if k < 0 {
                sameFace = j + k >= 0
            } else if k >= size {
                sameFace = j + k < s2MaxSize
            } else {
                sameFace = true
                out.append(at(i + k, j - size, j - size >= 0))
                out.append(at(i + k, j + size, j + size < s2MaxSize))
            }
            out.append(at(i - size, j + k, sameFace && i - size >= 0))
            out.append(at(i + size, j + k, sameFace && i + size < s2MaxSize))
            if k >= size { break }
            k += size
        }
        return out
    }

    var token: String {
        guard id != 0 else { return "X" }
        let hex = String(id, radix: 16)
        let padded = String(repeating: "0", count: 16 - hex.count) + hex
        var end = padded.endIndex
        while end > padded.startIndex, padded[padded.index(before: end)] == "0" { end = padded.index(before: end) }
        return String(padded[..<end])
    }

    /// A token of 1…16 hex digits naming a valid cell; nil otherwise.
    init?(token: String) {
        let bytes = Array(token.utf8)
        guard (1...16).contains(bytes.count) else { return nil }
        var v: UInt64 = 0
        for b in bytes {
            let d: UInt64
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt64(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt64(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt64(b - UInt8(ascii: "A") + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        v <<= UInt64(4 * (16 - bytes.count))
        guard v != 0 else { return nil }
        self.id = v
        guard isValid else { return nil }
    }
}

private func s2Arg(_ v: Value) -> S2CellID? {
    guard case .string(let s) = v else { return nil }
    return S2CellID(token: s)
}

let geoPointToS2CellFunction = rowFunction(
    "geo_point_to_s2cell", fn([p("longitude", .type(.real)), p("latitude", .type(.real)), opt("level", .number)], .fixed(.string)),
    summary: "The S2 cell token (level 0…30, default 11) of a coordinate; \"\" when the coordinate or level is invalid.",
    kernel: { args in
        var level = 11
        if args.count > 2 { guard let l = levelArg(args[2]) else { return .string("") }; level = l }
        guard let pt = coordinateArgs(args, 0), (0...s2MaxLevel).contains(level) else { return .string("") }
        return .string(S2CellID(point: Vec3(lng: pt.lng, lat: pt.lat)).parent(level).token)
    })

let geoS2CellToCentralPointFunction = rowFunction(
    "geo_s2cell_to_central_point", fn([p("s2cell", .type(.string))], .fixed(.dynamic)),
    summary: "The center of an S2 cell as a GeoJSON point; null when the token is invalid.",
    kernel: { args in
        guard let cell = s2Arg(args[0]) else { return .null(.dynamic) }
        let c = cell.center
        return geoJSONPoint(lng: c.lngDegrees, lat: c.latDegrees)
    })

let geoS2CellToPolygonFunction = rowFunction(
    "geo_s2cell_to_polygon", fn([p("s2cell", .type(.string))], .fixed(.dynamic)),
    summary: "An S2 cell as a GeoJSON polygon (geodesic edges); null when the token is invalid.",
    kernel: { args in
        guard let cell = s2Arg(args[0]) else { return .null(.dynamic) }
        return geoJSONPolygon(cell.vertices.map { ($0.lngDegrees, $0.latDegrees) })
    })

let geoS2CellNeighborsFunction = rowFunction(
    "geo_s2cell_neighbors", fn([p("s2cell", .type(.string))], .fixed(.dynamic)),
    summary: "The eight S2 cells of the same level around an S2 cell, as an array of tokens; null when the token is invalid.",
    kernel: { args in
        guard let cell = s2Arg(args[0]) else { return .null(.dynamic) }
        return .dynamic(.array(cell.neighbors.map { .string($0.token) }))
    })
