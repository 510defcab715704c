import Foundation
import KQLColumns
@testable import KQLEngine
import Testing

/// Every geo_* function on hostile arguments (wrong shapes, empty and degenerate geometry,
/// extreme and non-finite numbers, odd tokens): a value or null, never an error or a crash.
@Suite struct GeoFunctionsRobustnessTests {
    static let shapes: [String] = [
        "dynamic(null)", "dynamic({})", "dynamic([])", "dynamic('x')", "dynamic(1)",
        #"dynamic({"type":"Polygon"})"#, #"dynamic({"type":"Polygon","coordinates":[]})"#,
        #"dynamic({"type":"Polygon","coordinates":[[]]})"#, #"dynamic({"type":"Polygon","coordinates":[[[0,0]]]})"#,
        #"dynamic({"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]})"#,
        #"dynamic({"type":"Polygon","coordinates":[[[0,0],[180,0],[0,1],[0,0]]]})"#,
        #"dynamic({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[5,5]]]})"#,
        #"dynamic({"type":"Polygon","coordinates":[[[0,90],[120,90],[-120,90],[0,90]]]})"#,
        #"dynamic({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,"a"]]]})"#,
        #"dynamic({"type":"Polygon","coordinates":[[[0,0],[0,0],[0,0],[0,0]]]})"#,
        #"dynamic({"type":"Polygon","coordinates":[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]})"#,
        #"dynamic({"type":"MultiPolygon","coordinates":[]})"#, #"dynamic({"type":"MultiPolygon","coordinates":[[]]})"#,
        #"dynamic({"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,1],[0,0]]]]})"#,
        #"dynamic({"type":"LineString","coordinates":[[0,0],[0,0]]})"#, #"dynamic({"type":"LineString","coordinates":[[0,0],[180,0]]})"#,
        #"dynamic({"type":"LineString","coordinates":[[1e308,0],[0,0]]})"#, #"dynamic({"type":"MultiLineString","coordinates":[[]]})"#,
        #"dynamic({"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[2,2]]]})"#, #"dynamic({"type":"Point","coordinates":[0,0]})"#,
    ]
    static let points = ["0, 0", "180, 90", "-180, -90", "real(nan), 0", "real(+inf), 1", "1e308, 0", "long(null), 1", "0.5, 0.5"]
    static let tokens = ["''", "'0'", "'X'", "'x'", "'1'", "'ffffffffffffffff'", "'fffffffffffffffff'", "'7'", "'2'", "'b'", "'z'",
                         "'zzzzzzzzzzzzzzzzzz'", "'zzzzzzzzzzzzzzzzzzz'", "'0000000000000001'", "'_'", "'\u{00e9}'", "tostring(dynamic(null))"]

    static func run(_ q: String) {
        do { _ = try QuerySession().run(q) } catch { Issue.record("\(q): \(error)") }
    }

    @Test func geometryFunctions() {
        for s in Self.shapes {
            for pt in Self.points {
                Self.run("print geo_closest_point_on_polygon(\(pt), \(s))")
                Self.run("print geo_point_in_polygon(\(pt), \(s)), geo_distance_point_to_polygon(\(pt), \(s)), geo_distance_point_to_line(\(pt), \(s)), geo_closest_point_on_line(\(pt), \(s)), geo_line_locate_point(\(s), \(pt))")
            }
            Self.run("print geo_polygon_area(\(s)), geo_polygon_perimeter(\(s)), geo_polygon_centroid(\(s)), geo_line_length(\(s)), geo_line_centroid(\(s)), geo_line_interpolate_point(\(s), 0.5), geo_line_interpolate_point(\(s), 1), geo_line_interpolate_point(\(s), real(nan))")
            Self.run("print geo_line_densify(\(s)), geo_line_densify(\(s), 0.1), geo_polygon_densify(\(s)), geo_polygon_densify(\(s), 10000)")
            Self.run("print geo_line_to_s2cells(\(s), 4), geo_polygon_to_s2cells(\(s), 4), geo_line_to_s2cells(\(s), 2, 1e7), geo_polygon_to_s2cells(\(s), 30)")
            Self.run("print geo_line_simplify(\(s)), geo_line_simplify(\(s), 0), geo_line_simplify(\(s), 7e6), geo_polygon_simplify(\(s)), geo_polygon_simplify(\(s), 10000), geo_simplify_polygons_array(pack_array(\(s))), geo_simplify_polygons_array(pack_array(\(s), \(s)), 1e6), geo_polygon_to_h3cells(\(s)), geo_polygon_to_h3cells(\(s), 0, 1e7), geo_polygon_to_h3cells(\(s), 15)")
            Self.run("print geo_line_buffer(\(s), 10), geo_line_buffer(\(s), 1e7), geo_line_buffer(\(s), 1000, 1e-3), geo_polygon_buffer(\(s), 10), geo_polygon_buffer(\(s), 1e-9), geo_polygon_buffer(\(s), 1000, 1e9), geo_union_polygons_array(pack_array(\(s))), geo_union_lines_array(pack_array(\(s)))")
            for t in Self.shapes {
                Self.run("print geo_intersection_2polygons(\(s), \(t)), geo_union_polygons_array(pack_array(\(s), \(t))), geo_union_lines_array(pack_array(\(s), \(t)))")
                Self.run("print geo_intersection_2lines(\(s), \(t)), geo_intersection_line_with_polygon(\(s), \(t))")
                Self.run("print geo_intersects_2lines(\(s), \(t)), geo_intersects_line_with_polygon(\(s), \(t)), geo_intersects_2polygons(\(s), \(t))")
            }
        }
    }

    @Test func pointsAndCells() {
        for a in Self.points {
            for b in Self.points {
                Self.run("print geo_distance_2points(\(a), \(b)), geo_distance_2points(\(a), \(b), true), geo_point_in_circle(\(a), \(b), 10), geo_azimuth(\(a), \(b)), geo_angle(\(a), \(b), 1, 1)")
            }
            Self.run("print geo_point_buffer(\(a), 10), geo_point_buffer(\(a), 1e7), geo_point_buffer(\(a), real(nan)), geo_point_buffer(\(a), 1e-300), geo_point_buffer(\(a), 1000, 1e9), geo_point_buffer(\(a), 1000, real(+inf))")
            for level in ["-1", "0", "5", "18", "30", "31", "2.5", "int(null)", "1e10"] {
                Self.run("print geo_point_to_s2cell(\(a), \(level)), geo_point_to_geohash(\(a), \(level))")
            }
        }
        for a in Self.points {
            for level in ["-1", "0", "5", "15", "16", "2.5", "int(null)", "1e10"] {
                Self.run("print geo_point_to_h3cell(\(a), \(level))")
            }
        }
        for t in Self.tokens + ["'862a1072fffffff'", "'8009fffffffffff'", "'8f2a1072fffffff'", "'082a1072fffffff'"] {
            Self.run("print geo_h3cell_to_central_point(\(t)), geo_h3cell_level(\(t)), geo_h3cell_parent(\(t)), geo_h3cell_parent(\(t), -1), geo_h3cell_children(\(t)), geo_h3cell_children(\(t), 16), geo_h3cell_neighbors(\(t)), geo_h3cell_rings(\(t), 3), geo_h3cell_rings(\(t), -1), geo_h3cell_to_polygon(\(t))")
        }
        for w in ["''", "'POINT'", "'POINT ('", "'POINT (1'", "'POINT (1 2'", "'GEOMETRYCOLLECTION ('", "'MULTIPOLYGON ((('", "'POINT (nan 1)'", "'POINT (1e400 1)'",
                  "strrep('GEOMETRYCOLLECTION (', 100)", "strrep('(', 10000)", "'LINESTRING (1 2, 3 4), POINT (1 1)'", "'point ( 1 2 ) '"] {
            Self.run("print geo_from_wkt(\(w))")
        }
        for t in Self.tokens {
            Self.run("print geo_s2cell_to_central_point(\(t)), geo_s2cell_to_polygon(\(t)), geo_s2cell_neighbors(\(t)), geo_geohash_to_central_point(\(t)), geo_geohash_to_polygon(\(t)), geo_geohash_neighbors(\(t)), geo_info_from_ip_address(\(t))")
        }
    }

    /// H3 over the sphere: a point's cell holds the cell's center, parents and children agree.
    @Test func h3CellsAreConsistent() {
        var generator = SystemRandomNumberGenerator()
        for n in 0..<2000 {
            let lng = Double.random(in: -180...180, using: &generator), lat = Double.random(in: -90...90, using: &generator)
            let res = n % 16
            let cell = H3Cell(point: Vec3(lng: lng, lat: lat), resolution: res)
            #expect(cell.isValid && cell.resolution == res)
            #expect(H3Cell(point: cell.center, resolution: res) == cell)
            #expect(H3Cell(token: cell.token) == cell)
            if res > 0 { #expect(cell.parent(res - 1).children(res).contains(cell)) }
            #expect((5...10).contains(cell.boundary.count))
            if let rings = cell.rings(1) {
                #expect(Set(rings[1].map(\.raw)).count == 6)
                for neighbor in rings[1] { #expect(neighbor.isValid && neighbor.resolution == res) }
            }
        }
    }

    /// Every S2 level and face: a point's cell holds its center, neighbors are same-level cells.
    @Test func s2CellsAreConsistent() {
        for (lng, lat) in [(0.0, 0.0), (90, 0), (180, 0), (-90, 0), (0, 90), (0, -90), (45, 35.26), (-135, -35.26), (179.999, 89.999)] {
            for level in 0...30 {
                let cell = S2CellID(point: Vec3(lng: lng, lat: lat)).parent(level)
                #expect(cell.isValid && cell.level == level)
                #expect(S2CellID(point: cell.center).parent(level) == cell)
                #expect(S2CellID(token: cell.token) == cell)
                for n in cell.neighbors { #expect(n.isValid && n.level == level) }
            }
        }
    }
}
