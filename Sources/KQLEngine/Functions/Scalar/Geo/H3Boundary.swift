import Foundation

// H3 cell boundaries (geo-h3cell-to-polygon-function.md), after H3's published scheme: a
// hexagon's six vertices are the centers of six cells of the aperture-3 "substrate" grid around
// its center (one resolution finer for Class III), each moved onto the face that holds it; where a
// Class III cell's edge crosses an icosahedron edge, the crossing becomes an extra vertex, so that
// each piece is projected on its own face. A pentagon has five vertices, and in Class III an extra
// vertex on every edge (its edges all cross icosahedron edges).

private let h3VertsClassII = [IJK(i: 2, j: 1, k: 0), IJK(i: 1, j: 2, k: 0), IJK(i: 0, j: 2, k: 1),
                              IJK(i: 0, j: 1, k: 2), IJK(i: 1, j: 0, k: 2), IJK(i: 2, j: 0, k: 1)]
private let h3VertsClassIII = [IJK(i: 5, j: 4, k: 0), IJK(i: 1, j: 5, k: 0), IJK(i: 0, j: 5, k: 4),
                               IJK(i: 0, j: 1, k: 5), IJK(i: 4, j: 0, k: 5), IJK(i: 5, j: 0, k: 1)]

extension H3Cell {
    /// The boundary's vertices, counterclockwise.
    var boundary: [Vec3] {
        if isPentagonBase && leadingNonZeroDigit == 0 { return pentagonBoundary }
        let res = resolution
        let (face, center) = centerFaceIJK
        // The substrate grid: aperture 3 twice (and 7 once more for Class III).
        var c = center.downAp3(counterClockwise: true).downAp3(counterClockwise: false)
        var adjRes = res
        let classIII = res % 2 == 1
        if classIII { c = c.down(counterClockwise: false); adjRes += 1 }
        let verts = (classIII ? h3VertsClassIII : h3VertsClassII).map { (c + $0).normalized }
        var out: [Vec3] = []
        var lastFace = -1
        var lastOnEdge = false
        for vert in 0...6 {
            let v = vert % 6
            var f = face
            var ijk = verts[v]
            let (_, onEdge) = H3Cell.adjustSubstrateOverage(&f, &ijk, res: adjRes)
            if classIII && vert > 0 && f != lastFace && !lastOnEdge {
                let lastV = (v + 5) % 6
                let p0 = verts[lastV].hex2d, p1 = verts[v].hex2d
                let maxDim = Double(H3Cell.maxDim(adjRes) / 3)
                let e0 = (x: 3 * maxDim, y: 0.0)
                let e1 = (x: -1.5 * maxDim, y: 3 * 0.8660254037844386467637231707529361834714 * maxDim)
                let e2 = (x: -1.5 * maxDim, y: -3 * 0.8660254037844386467637231707529361834714 * maxDim)
                let face2 = lastFace == face ? f : lastFace
                let quadrant = h3FaceNeighbors[face].firstIndex { $0.0 == face2 } ?? 1
                let (a, b) = quadrant == 0 ? (e0, e1) : (quadrant == 2 ? (e1, e2) : (e2, e0))
                let s1 = (x: p1.x - p0.x, y: p1.y - p0.y), s2 = (x: b.x - a.x, y: b.y - a.y)
                let t = (s2.x * (p0.y - a.y) - s2.y * (p0.x - a.x)) / (-s2.x * s1.y + s1.x * s2.y)
                let inter = (x: p0.x + t * s1.x, y: p0.y + t * s1.y)
                let eps = Double(Float.ulpOfOne)
                let atVertex = (abs(p0.x - inter.x) < eps && abs(p0.y - inter.y) < eps) || (abs(p1.x - inter.x) < eps && abs(p1.y - inter.y) < eps)
                if !atVertex { out.append(h3Point(face: face, x: inter.x, y: inter.y, res: adjRes, substrate: true)) }
            }
            if vert < 6 {
                let p = ijk.hex2d
                out.append(h3Point(face: f, x: p.x, y: p.y, res: adjRes, substrate: true))
            }
            lastFace = f
            lastOnEdge = onEdge
        }
        return out
    }

    /// The face across a face's edge in direction dir (1 ij, 2 ki, 3 jk; 0 the face itself).
    private static func across(_ face: Int, _ dir: Int) -> (face: Int, translate: IJK, rotations: Int) {
        guard dir >= 1 && dir <= 3 else { return (face, IJK(i: 0, j: 0, k: 0), 0) }
        let n = h3FaceNeighbors[face][dir - 1]
        return (n.0, IJK(i: n.1, j: n.2, k: n.3), n.4)
    }

    /// The direction from one face to an adjacent one (0 the same face or not adjacent).
    private static func direction(_ from: Int, _ to: Int) -> Int {
        (h3FaceNeighbors[from].firstIndex { $0.0 == to }).map { $0 + 1 } ?? 0
    }

    private var pentagonBoundary: [Vec3] {
        let res = resolution
        let (face, center) = centerFaceIJK
        var c = center.downAp3(counterClockwise: true).downAp3(counterClockwise: false)
        var adjRes = res
        let classIII = res % 2 == 1
        if classIII { c = c.down(counterClockwise: false); adjRes += 1 }
        let verts = (classIII ? h3VertsClassIII : h3VertsClassII).prefix(5).map { (c + $0).normalized }
        let maxDim = Double(H3Cell.maxDim(adjRes) / 3)
        let e0 = (x: 3 * maxDim, y: 0.0)
        let e1 = (x: -1.5 * maxDim, y: 3 * 0.8660254037844386467637231707529361834714 * maxDim)
        let e2 = (x: -1.5 * maxDim, y: -3 * 0.8660254037844386467637231707529361834714 * maxDim)
        var out: [Vec3] = []
        var lastFace = 0
        var lastIJK = IJK(i: 0, j: 0, k: 0)
        for vert in 0...5 {
            let v = vert % 5
            var f = face
            var ijk = verts[v]
            for _ in 0..<8 where H3Cell.adjustSubstrateOverage(&f, &ijk, res: adjRes).0 {}
            if classIII && vert > 0 {
                // The last vertex's edge, seen on this vertex's face, meets the faces' common edge.
                let n = H3Cell.across(f, H3Cell.direction(f, lastFace))
                var t = ijk
                for _ in 0..<n.rotations { t = t.rotated60ccw }
                t = (t + n.translate * (H3Cell.unitScale(adjRes) * 3)).normalized
                let p0 = lastIJK.hex2d, p1 = t.hex2d
                let dir = H3Cell.direction(n.face, f)
                let (a, b) = dir == 1 ? (e0, e1) : (dir == 3 ? (e1, e2) : (e2, e0))
                let s1 = (x: p1.x - p0.x, y: p1.y - p0.y), s2 = (x: b.x - a.x, y: b.y - a.y)
                let u = (s2.x * (p0.y - a.y) - s2.y * (p0.x - a.x)) / (-s2.x * s1.y + s1.x * s2.y)
                out.append(h3Point(face: n.face, x: p0.x + u * s1.x, y: p0.y + u * s1.y, res: adjRes, substrate: true))
            }
            if vert < 5 {
                let p = ijk.hex2d
                out.append(h3Point(face: f, x: p.x, y: p.y, res: adjRes, substrate: true))
            }
            lastFace = f
            lastIJK = ijk
        }
        return out
    }
}
