// The geo_* functions (the geospatial pages of Kusto's documentation), registered as one list.
let geoFunctions: [ScalarFunction] = [
    geoInfoFromIpAddressFunction,
    geoDistance2PointsFunction, geoPointInCircleFunction, geoDistancePointToLineFunction, geoPointInPolygonFunction,
    geoPolygonAreaFunction, geoPolygonPerimeterFunction, geoPolygonCentroidFunction, geoDistancePointToPolygonFunction,
    geoLineLengthFunction, geoLineCentroidFunction, geoAzimuthFunction, geoAngleFunction,
    geoIntersects2LinesFunction, geoIntersectsLineWithPolygonFunction, geoIntersects2PolygonsFunction,
    geoLineInterpolatePointFunction, geoLineLocatePointFunction, geoClosestPointOnLineFunction,
    geoPointToGeohashFunction, geoGeohashToCentralPointFunction, geoGeohashToPolygonFunction, geoGeohashNeighborsFunction,
    geoPointToS2CellFunction, geoS2CellToCentralPointFunction, geoS2CellToPolygonFunction, geoS2CellNeighborsFunction,
]

/// Kusto's other geo_* functions: "not supported yet" rather than "unknown function". H3 is left
/// out until it can match Kusto's cells exactly; the others need polygon clipping, buffering,
/// densifying or simplification, or WKT.
let geoFunctionsNotYetImplemented: Set<String> = [
    "geo_closest_point_on_polygon", "geo_from_wkt",
    "geo_h3cell_children", "geo_h3cell_level", "geo_h3cell_neighbors", "geo_h3cell_parent", "geo_h3cell_rings",
    "geo_h3cell_to_central_point", "geo_h3cell_to_polygon", "geo_point_to_h3cell", "geo_polygon_to_h3cells",
    "geo_intersection_2lines", "geo_intersection_2polygons", "geo_intersection_line_with_polygon",
    "geo_line_buffer", "geo_line_densify", "geo_line_simplify",
    "geo_line_to_s2cells", "geo_point_buffer", "geo_polygon_buffer", "geo_polygon_densify", "geo_polygon_simplify",
    "geo_polygon_to_s2cells", "geo_simplify_polygons_array", "geo_union_lines_array", "geo_union_polygons_array",
]
