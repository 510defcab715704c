import Foundation
import KQLColumns

// H3 cells (geo-point-to-h3cell-function.md, geo-h3cell-to-central-point-function.md,
// geo-h3cell-level-function.md, geo-h3cell-parent-function.md, geo-h3cell-children-function.md),
// after H3's published scheme (h3geo.org "Coordinate systems", "Indexing"): a point goes to the
// nearest of the icosahedron's 20 faces, through a gnomonic projection centered on that face to
// 2D hex coordinates at the resolution (Class III, odd, resolutions turned by asin(√3/(2√7))),
// to the containing hexagon's ijk+ coordinates; aperture-7 steps up to resolution 0 give one
// digit (0…6) per resolution, and the res-0 position on the face names the base cell and how
// many 60° turns take the digits into its own orientation (pentagon base cells skip the deleted
// k-axis sub-sequence). A cell's center goes the other way, moving to a neighbouring face when
// the cell lies past its base cell's home face ("overage"). Tokens are the 64-bit index in
// lowercase hex. The constants are in H3Tables.swift.

private let h3Sqrt7 = 2.6457513110645905905016157536392604257102
private let h3RSqrt7 = 0.37796447300922722721451653623418006081576
private let h3Res0UGnomonic = 0.38196601125010500003
private let h3InvRes0UGnomonic = 2.61803398874989588842
private let h3Ap7RotRads = 0.333473172251832115336090755351601070065900389
private let h3Sqrt3Over2 = 0.8660254037844386467637231707529361834714
private let h3RSin60 = 1.1547005383792515290182975610039149112953
private let h3OneSeventh = 0.14285714285714285714285714285714285
private let h3MaxRes = 15
/// Overage limits and face-translation scales of the Class II resolutions (index = resolution).
private let h3MaxDimByRes = [2, -1, 14, -1, 98, -1, 686, -1, 4802, -1, 33614, -1, 235298, -1, 1647086, -1, 11529602]
private let h3UnitScaleByRes = [1, -1, 7, -1, 49, -1, 343, -1, 2401, -1, 16807, -1, 117649, -1, 823543, -1, 5764801]

/// Hexagon coordinates on three axes 120° apart; normalized, at least one is 0 and none negative.
struct IJK: Equatable {
    var i: Int, j: Int, k: Int

    static let unit: [IJK] = [IJK(i: 0, j: 0, k: 0), IJK(i: 0, j: 0, k: 1), IJK(i: 0, j: 1, k: 0), IJK(i: 0, j: 1, k: 1),
                              IJK(i: 1, j: 0, k: 0), IJK(i: 1, j: 0, k: 1), IJK(i: 1, j: 1, k: 0)]

    static func + (a: IJK, b: IJK) -> IJK { IJK(i: a.i + b.i, j: a.j + b.j, k: a.k + b.k) }
    static func - (a: IJK, b: IJK) -> IJK { IJK(i: a.i - b.i, j: a.j - b.j, k: a.k - b.k) }
    static func * (a: IJK, s: Int) -> IJK { IJK(i: a.i * s, j: a.j * s, k: a.k * s) }

    var normalized: IJK {
        var c = self
        if c.i < 0 { c.j -= c.i; c.k -= c.i; c.i = 0 }
        if c.j < 0 { c.i -= c.j; c.k -= c.j; c.j = 0 }
        if c.k < 0 { c.i -= c.k; c.j -= c.k; c.k = 0 }
        let m = min(c.i, c.j, c.k)
        if m > 0 { c.i -= m; c.j -= m; c.k -= m }
        return c
    }

    /// The combination i·a + j·b + k·c of three basis vectors, normalized.
    private func basis(_ a: IJK, _ b: IJK, _ c: IJK) -> IJK { (a * i + b * j + c * k).normalized }

    /// The parent in a counter-clockwise (Class III child) or clockwise aperture-7 grid.
    func up(counterClockwise: Bool) -> IJK {
        let ii = Double(i - k), jj = Double(j - k)
        let ni = counterClockwise ? (3 * ii - jj) * h3OneSeventh : (2 * ii + jj) * h3OneSeventh
        let nj = counterClockwise ? (ii + 2 * jj) * h3OneSeventh : (3 * jj - ii) * h3OneSeventh
        return IJK(i: Int(ni.rounded()), j: Int(nj.rounded()), k: 0).normalized
    }

    /// The center child in a counter-clockwise or clockwise aperture-7 grid.
    func down(counterClockwise: Bool) -> IJK {
        counterClockwise ? basis(IJK(i: 3, j: 0, k: 1), IJK(i: 1, j: 3, k: 0), IJK(i: 0, j: 1, k: 3))
                         : basis(IJK(i: 3, j: 1, k: 0), IJK(i: 0, j: 3, k: 1), IJK(i: 1, j: 0, k: 3))
    }

    /// The center child in a counter-clockwise or clockwise aperture-3 grid (the vertex substrate).
    func downAp3(counterClockwise: Bool) -> IJK {
        counterClockwise ? basis(IJK(i: 2, j: 0, k: 1), IJK(i: 1, j: 2, k: 0), IJK(i: 0, j: 1, k: 2))
                         : basis(IJK(i: 2, j: 1, k: 0), IJK(i: 0, j: 2, k: 1), IJK(i: 1, j: 0, k: 2))
    }

    var rotated60ccw: IJK { basis(IJK(i: 1, j: 1, k: 0), IJK(i: 0, j: 1, k: 1), IJK(i: 1, j: 0, k: 1)) }
    var rotated60cw: IJK { basis(IJK(i: 1, j: 0, k: 1), IJK(i: 1, j: 1, k: 0), IJK(i: 0, j: 1, k: 1)) }

    /// The digit of a unit (or zero) vector; 7 when it is neither.
    var digit: Int { IJK.unit.firstIndex(of: normalized) ?? 7 }

    /// 2D hex coordinates of the center.
    var hex2d: (x: Double, y: Double) {
        let ii = Double(i - k), jj = Double(j - k)
        return (ii - 0.5 * jj, jj * h3Sqrt3Over2)
    }

    /// The hexagon holding 2D hex coordinates (x, y): quantized on the i/j axes, then folded.
    init(hex2d x: Double, _ y: Double) {
        let a1 = abs(x), a2 = abs(y)
        let x2 = a2 * h3RSin60, x1 = a1 + x2 / 2
        guard x1 < 1e15, x2 < 1e15 else { self.init(i: 0, j: 0, k: 0); return }
        let m1 = Int(x1), m2 = Int(x2)
        let r1 = x1 - Double(m1), r2 = x2 - Double(m2)
        var ci: Int, cj: Int
        if r1 < 0.5 {
            if r1 < 1.0 / 3.0 {
                ci = m1
                cj = r2 < (1 + r1) / 2 ? m2 : m2 + 1
            } else {
                cj = r2 < 1 - r1 ? m2 : m2 + 1
                ci = (1 - r1) <= r2 && r2 < 2 * r1 ? m1 + 1 : m1
            }
        } else {
            if r1 < 2.0 / 3.0 {
                cj = r2 < 1 - r1 ? m2 : m2 + 1
                ci = (2 * r1 - 1) < r2 && r2 < 1 - r1 ? m1 : m1 + 1
            } else {
                ci = m1 + 1
                cj = r2 < r1 / 2 ? m2 : m2 + 1
            }
        }
        if x < 0 {
            if cj % 2 == 0 {
                ci -= 2 * (ci - cj / 2)
            } else {
                ci -= 2 * (ci - (cj + 1) / 2) + 1
            }
        }
        if y < 0 {
            ci -= (2 * cj + 1) / 2
            cj = -cj
        }
        self = IJK(i: ci, j: cj, k: 0).normalized
    }

    init(i: Int, j: Int, k: Int) { self.i = i; self.j = j; self.k = k }
}

private func posAngle(_ a: Double) -> Double {
    var t = a < 0 ? a + 2 * .pi : a
    if a >= 2 * .pi { t -= 2 * .pi }
    return t
}

private func divided(_ v: Vec3) -> Vec3 {
    let n = v.norm
    return n > 0 ? Vec3(x: v.x / n, y: v.y / n, z: v.z / n) : v
}

/// North and east at a point of the sphere (not a pole: face centers never are).
private func tangentBasis(_ p: Vec3) -> (north: Vec3, east: Vec3) {
    let north = divided(Vec3(x: 0, y: 0, z: 1) - p * p.z)
    return (north, north.cross(p))
}

/// The azimuth from p1 to p2 (radians, clockwise from north).
private func h3Azimuth(_ p1: Vec3, _ p2: Vec3) -> Double {
    let (north, east) = tangentBasis(p1)
    let proj = divided(p2 - p1 * p2.dot(p1))
    return atan2(proj.dot(east), proj.dot(north))
}

/// The face of a point and its 2D hex coordinates at a resolution.
private func h3Hex2d(_ p: Vec3, res: Int) -> (face: Int, x: Double, y: Double) {
    var face = 0, sqd = 5.0
    for f in 0..<20 {
        let d = h3FaceCenters[f] - p
        let s = d.dot(d)
        if s < sqd { face = f; sqd = s }
    }
    var r = acos(1 - sqd * 0.5)
    if r < 1e-16 { return (face, 0, 0) }
    var theta = posAngle(h3FaceAxisAzimuth[face] - posAngle(h3Azimuth(h3FaceCenters[face], p)))
    if res % 2 == 1 { theta = posAngle(theta - h3Ap7RotRads) }
    r = tan(r) * h3InvRes0UGnomonic
    for _ in 0..<res { r *= h3Sqrt7 }
    return (face, r * cos(theta), r * sin(theta))
}

/// The point of 2D hex coordinates on a face at a resolution (or on its vertex substrate grid,
/// a third of the spacing, already turned for Class III).
func h3Point(face: Int, x: Double, y: Double, res: Int, substrate: Bool = false) -> Vec3 {
    var r = (x * x + y * y).squareRoot()
    if r < 1e-16 { return h3FaceCenters[face] }
    var theta = atan2(y, x)
    for _ in 0..<res { r *= h3RSqrt7 }
    if substrate { r *= 1.0 / 3.0 }
    r = atan(r * h3Res0UGnomonic)
    if !substrate && res % 2 == 1 { theta = posAngle(theta + h3Ap7RotRads) }
    theta = posAngle(h3FaceAxisAzimuth[face] - theta)
    let c = h3FaceCenters[face]
    let (north, east) = tangentBasis(c)
    let dir = north * cos(theta) + east * sin(theta)
    return divided(c * cos(r) + dir * sin(r))
}

private let h3DigitCCW = [0, 5, 3, 1, 6, 4, 2]
private let h3DigitCW = [0, 3, 6, 2, 5, 1, 4]

/// A 64-bit H3 cell index.
struct H3Cell: Equatable {
    var raw: UInt64

    init(raw: UInt64) { self.raw = raw }

    /// Mode 1 (cell), the resolution and base cell, every digit 7 (unused).
    init(resolution: Int, baseCell: Int) {
        raw = UInt64(1) << 59 | UInt64(resolution) << 52 | UInt64(baseCell) << 45 | 0x1FFF_FFFF_FFFF
    }

    var resolution: Int { Int((raw >> 52) & 0xF) }
    var baseCell: Int { Int((raw >> 45) & 0x7F) }
    func digit(_ r: Int) -> Int { Int((raw >> UInt64((h3MaxRes - r) * 3)) & 7) }
    mutating func setDigit(_ r: Int, _ d: Int) {
        let shift = UInt64((h3MaxRes - r) * 3)
        raw = (raw & ~(UInt64(7) << shift)) | UInt64(d) << shift
    }

    var isPentagonBase: Bool { h3BaseCells[baseCell].4 }
    var leadingNonZeroDigit: Int {
        for r in stride(from: 1, through: resolution, by: 1) where digit(r) != 0 { return digit(r) }
        return 0
    }

    func rotated(_ table: [Int]) -> H3Cell {
        var h = self
        for r in stride(from: 1, through: resolution, by: 1) { h.setDigit(r, table[digit(r)]) }
        return h
    }

    /// A pentagon's digits turned 60°, stepping over the deleted k-axis sub-sequence.
    func rotatedPentagon(_ table: [Int]) -> H3Cell {
        var h = self
        var found = false
        for r in stride(from: 1, through: resolution, by: 1) {
            h.setDigit(r, table[h.digit(r)])
            if !found && h.digit(r) != 0 {
                found = true
                if h.leadingNonZeroDigit == 1 { h = h.rotated(table) }
            }
        }
        return h
    }

    /// The cell holding a point at a resolution (0…15).
    init(point p: Vec3, resolution res: Int) {
        let (face, x, y) = h3Hex2d(p, res: res)
        // Points on the sphere always land within the face's res-0 range.
        self = H3Cell(face: face, ijk: IJK(hex2d: x, y), resolution: res) ?? H3Cell(resolution: res, baseCell: 0)
    }

    /// The cell at ijk (in the resolution's grid) on a face's coordinate system; nil when the
    /// position is beyond the base cells the face's table knows.
    init?(face: Int, ijk start: IJK, resolution res: Int) {
        var ijk = start
        var h = H3Cell(resolution: res, baseCell: 0)
        for r in stride(from: res - 1, through: 0, by: -1) {
            let last = ijk
            let ccw = (r + 1) % 2 == 1
            ijk = ijk.up(counterClockwise: ccw)
            let center = ijk.down(counterClockwise: ccw)
            h.setDigit(r + 1, (last - center).digit)
        }
        guard (0...2).contains(ijk.i), (0...2).contains(ijk.j), (0...2).contains(ijk.k) else { return nil }
        let entry = h3FaceIJKBaseCells[face * 27 + ijk.i * 9 + ijk.j * 3 + ijk.k]
        let baseCell = entry >> 3, rotations = entry & 7
        h.raw = (h.raw & ~(UInt64(0x7F) << 45)) | UInt64(baseCell) << 45
        if h3BaseCells[baseCell].4 {
            if h.leadingNonZeroDigit == 1 {
                let cwOffset = h3BaseCells[baseCell].5 == face || h3BaseCells[baseCell].6 == face
                h = h.rotated(cwOffset ? h3DigitCW : h3DigitCCW)
            }
            for _ in 0..<rotations { h = h.rotatedPentagon(h3DigitCCW) }
        } else {
            for _ in 0..<rotations { h = h.rotated(h3DigitCCW) }
        }
        self = h
    }

    /// The position in the base cell's home-face grid, with no move to a neighbouring face.
    private var homeIJK: (face: Int, ijk: IJK) {
        let home = h3BaseCells[baseCell]
        var ijk = IJK(i: home.1, j: home.2, k: home.3)
        for r in stride(from: 1, through: resolution, by: 1) {
            ijk = ijk.down(counterClockwise: r % 2 == 1)
            let d = digit(r)
            if d > 0 && d < 7 { ijk = (ijk + IJK.unit[d]).normalized }
        }
        return (home.0, ijk)
    }

    /// The cells at grid distance 0…k, ring by ring, in H3's walk order (each ring starts one step
    /// along i from the previous ring's start and goes round along j, jk, k, ik, i, ij). Walked in the
    /// home face's grid, which agrees with H3's index arithmetic away from pentagons; nil when a
    /// cell of a pentagon base cell is on the way (H3 then walks differently).
    func rings(_ k: Int) -> [[H3Cell]]? {
        guard !isPentagonBase else { return nil }
        let (face, origin) = homeIJK
        let directions = [2, 3, 1, 5, 4, 6]
        var out: [[H3Cell]] = [[self]]
        var position = origin
        for ring in stride(from: 1, through: k, by: 1) {
            position = (position + IJK.unit[4]).normalized
            var cells: [H3Cell] = []
            for d in directions {
                for _ in 0..<ring {
                    position = (position + IJK.unit[d]).normalized
                    guard let c = H3Cell(face: face, ijk: position, resolution: resolution), !c.isPentagonBase else { return nil }
                    cells.append(c)
                }
            }
            out.append(cells)
        }
        return out
    }

    /// The lowercase hex token.
    var token: String { String(raw, radix: 16) }

    /// A token naming a valid cell; nil otherwise.
    init?(token: String) {
        let bytes = Array(token.utf8)
        guard !bytes.isEmpty, bytes.count <= 16, let v = UInt64(token, radix: 16) else { return nil }
        self.raw = v
        guard isValid else { return nil }
    }

    var isValid: Bool {
        guard raw >> 63 == 0, (raw >> 59) & 0xF == 1, (raw >> 56) & 7 == 0, baseCell < 122 else { return false }
        let res = resolution
        for r in stride(from: 1, through: res, by: 1) where digit(r) == 7 { return false }
        for r in stride(from: res + 1, through: h3MaxRes, by: 1) where digit(r) != 7 { return false }
        if isPentagonBase && leadingNonZeroDigit == 1 { return false }
        return true
    }

    func parent(_ res: Int) -> H3Cell {
        var h = self
        h.raw = (h.raw & ~(UInt64(0xF) << 52)) | UInt64(res) << 52
        for r in stride(from: res + 1, through: h3MaxRes, by: 1) { h.setDigit(r, 7) }
        return h
    }

    /// The cells at a finer resolution within this one, in index order.
    func children(_ res: Int) -> [H3Cell] {
        var out: [H3Cell] = [self]
        var level = resolution
        while level < res {
            level += 1
            var next: [H3Cell] = []
            next.reserveCapacity(out.count * 7)
            for c in out {
                let pentagon = c.isPentagonBase && c.leadingNonZeroDigit == 0
                var child = c
                child.raw = (child.raw & ~(UInt64(0xF) << 52)) | UInt64(level) << 52
                for d in 0..<7 where !(pentagon && d == 1) {
                    child.setDigit(level, d)
                    next.append(child)
                }
            }
            out = next
        }
        return out
    }

    /// The face and ijk of the cell's center, moved off the home face when it lies past it.
    var centerFaceIJK: (face: Int, ijk: IJK) {
        var h = self
        let bc = baseCell
        let pentagon = h3BaseCells[bc].4
        if pentagon && h.leadingNonZeroDigit == 5 { h = h.rotated(h3DigitCW) }
        let home = h3BaseCells[bc]
        var face = home.0
        var ijk = IJK(i: home.1, j: home.2, k: home.3)
        let res = resolution
        let possibleOverage = pentagon || !(res == 0 || ijk == IJK(i: 0, j: 0, k: 0))
        for r in stride(from: 1, through: res, by: 1) {
            ijk = ijk.down(counterClockwise: r % 2 == 1)
            let d = h.digit(r)
            if d > 0 && d < 7 { ijk = (ijk + IJK.unit[d]).normalized }
        }
        guard possibleOverage else { return (face, ijk) }
        let original = ijk
        var adjustedRes = res
        if res % 2 == 1 { ijk = ijk.down(counterClockwise: false); adjustedRes += 1 }
        let pentLeading4 = pentagon && h.leadingNonZeroDigit == 4
        if H3Cell.adjustOverage(&face, &ijk, res: adjustedRes, pentLeading4: pentLeading4) {
            if pentagon {
                var guardCount = 0
                while guardCount < 8, H3Cell.adjustOverage(&face, &ijk, res: adjustedRes, pentLeading4: false) { guardCount += 1 }
            }
            if adjustedRes != res { ijk = ijk.up(counterClockwise: false) }
        } else if adjustedRes != res {
            ijk = original
        }
        return (face, ijk)
    }

    /// Moves a Class II position past its face's edge onto the neighbouring face; false when none.
    private static func adjustOverage(_ face: inout Int, _ ijk: inout IJK, res: Int, pentLeading4: Bool) -> Bool {
        let maxDim = h3MaxDimByRes[res]
        guard ijk.i + ijk.j + ijk.k > maxDim else { return false }
        let quadrant: Int
        if ijk.k > 0 {
            if ijk.j > 0 { quadrant = 2 } else {
                quadrant = 1
                if pentLeading4 {
                    let origin = IJK(i: maxDim, j: 0, k: 0)
                    ijk = (ijk - origin).rotated60cw + origin
                }
            }
        } else {
            quadrant = 0
        }
        let n = h3FaceNeighbors[face][quadrant]
        face = n.0
        for _ in 0..<n.4 { ijk = ijk.rotated60ccw }
        ijk = (ijk + IJK(i: n.1, j: n.2, k: n.3) * h3UnitScaleByRes[res]).normalized
        return true
    }

    static func maxDim(_ res: Int) -> Int { h3MaxDimByRes[res] * 3 }
    static func unitScale(_ res: Int) -> Int { h3UnitScaleByRes[res] }

    /// adjustOverage on the vertex substrate grid (three times finer); (moved, on a face edge).
    static func adjustSubstrateOverage(_ face: inout Int, _ ijk: inout IJK, res: Int) -> (Bool, Bool) {
        let maxDim = h3MaxDimByRes[res] * 3
        let sum = ijk.i + ijk.j + ijk.k
        if sum == maxDim { return (false, true) }
        guard sum > maxDim else { return (false, false) }
        let quadrant = ijk.k > 0 ? (ijk.j > 0 ? 2 : 1) : 0
        let n = h3FaceNeighbors[face][quadrant]
        face = n.0
        for _ in 0..<n.4 { ijk = ijk.rotated60ccw }
        ijk = (ijk + IJK(i: n.1, j: n.2, k: n.3) * (h3UnitScaleByRes[res] * 3)).normalized
        return (true, ijk.i + ijk.j + ijk.k == maxDim)
    }

    var center: Vec3 {
        let (face, ijk) = centerFaceIJK
        let v = ijk.hex2d
        return h3Point(face: face, x: v.x, y: v.y, res: resolution)
    }
}
