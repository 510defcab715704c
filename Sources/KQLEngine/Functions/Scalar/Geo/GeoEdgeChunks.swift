import Foundation

// Culling for GeoClip.swift: runs of consecutive edges (spatially close along a ring) grouped
// under a bounding cap that holds every point of their arcs, so that a query skips a whole run
// when its cap cannot meet the query. Answers are the same as testing every edge: only edges
// that provably cannot meet are skipped.

/// A bounding cap: every point within `radius` radians of `center`.
struct GeoCap {
    var center: Vec3, radius: Double
    /// The cap of the arc a–b.
    init(_ a: Vec3, _ b: Vec3) {
        let s = a + b
        center = s.norm > 1e-15 ? s.normalized : a
        radius = a.angle(b) / 2 + 1e-9
    }
    init(center: Vec3, radius: Double) { self.center = center; self.radius = radius }
    func meets(_ o: GeoCap) -> Bool { radius + o.radius >= .pi || center.angle(o.center) <= radius + o.radius + 1e-9 }
    /// Whether the cap may hold a point of the great circle with unit normal n.
    func nearGreatCircle(_ n: Vec3) -> Bool { radius >= .pi / 2 || abs(n.dot(center)) <= sin(radius) + 1e-9 }
}

/// Edges (a–b arcs) in runs of `size` under bounding caps.
struct EdgeChunks {
    static let size = 16
    private(set) var edges: [(a: Vec3, b: Vec3)]
    private(set) var caps: [GeoCap] = []

    init(_ edges: [(a: Vec3, b: Vec3)]) {
        self.edges = edges
        var start = 0
        while start < edges.count {
            let end = min(edges.count, start + EdgeChunks.size)
            var m = Vec3(x: 0, y: 0, z: 0)
            for e in edges[start..<end] { m = m + e.a + e.b }
            let c = m.norm > 1e-12 ? m.normalized : edges[start].a
            var r = 0.0
            for e in edges[start..<end] { let cap = GeoCap(e.a, e.b); r = max(r, c.angle(cap.center) + cap.radius) }
            caps.append(GeoCap(center: c, radius: r + 1e-9))
            start = end
        }
    }

    /// Calls body with the index of every edge whose run's cap meets `cap`.
    func forEachNear(_ cap: GeoCap, _ body: (Int) -> Void) {
        for (k, c) in caps.enumerated() where c.meets(cap) {
            for i in (k * EdgeChunks.size)..<min(edges.count, (k + 1) * EdgeChunks.size) { body(i) }
        }
    }

    /// Proper crossings of the arc p–q (shorter than 180 degrees) with the edges.
    func crossings(_ p: Vec3, _ q: Vec3) -> Int {
        let n = p.cross(q)
        let nn = n.norm
        let arc = GeoCap(p, q)
        var count = 0
        for (k, c) in caps.enumerated() where c.meets(arc) && (nn < 1e-300 || c.nearGreatCircle(n * (1 / nn))) {
            for i in (k * EdgeChunks.size)..<min(edges.count, (k + 1) * EdgeChunks.size)
            where SphericalRing.crosses(p, q, edges[i].a, edges[i].b) { count += 1 }
        }
        return count
    }
}

/// A ring with SphericalRing's containment rule, answered through EdgeChunks.
struct ChunkedRing {
    var ring: SphericalRing
    var chunks: EdgeChunks

    init(_ vertices: [Vec3]) {
        ring = SphericalRing(vertices: vertices)
        chunks = EdgeChunks(vertices.indices.map { (vertices[$0], vertices[($0 + 1) % vertices.count]) })
    }

    /// SphericalRing.contains, with the crossing counts culled.
    func contains(_ x: Vec3) -> Bool {
        let v = ring.vertices
        guard v.count >= 2 else { return false }
        let a = v[0], b = v[1]
        let ref = ((a + b).normalized + a.cross(b).normalized * 1e-9).normalized
        var count: Int
        if ref.dot(x) > 0 {
            count = chunks.crossings(ref, x)
        } else {
            var mid = ref.cross(x)
            if mid.norm < 1e-12 { mid = abs(ref.x) < 0.9 ? ref.cross(Vec3(x: 1, y: 0, z: 0)) : ref.cross(Vec3(x: 0, y: 1, z: 0)) }
            mid = mid.normalized
            count = chunks.crossings(ref, mid) + chunks.crossings(mid, x)
        }
        return (count % 2 == 0) == ring.leftIsSmaller
    }
}

/// A polygon (shell less holes) through ChunkedRings.
struct ChunkedPolygon {
    var shell: ChunkedRing
    var holes: [ChunkedRing]
    func contains(_ x: Vec3) -> Bool { shell.contains(x) && !holes.contains { $0.contains(x) } }
}
