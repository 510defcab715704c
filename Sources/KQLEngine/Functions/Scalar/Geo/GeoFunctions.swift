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
    geoFromWKTFunction, geoLineDensifyFunction, geoPolygonDensifyFunction,
    geoIntersection2LinesFunction, geoIntersectionLineWithPolygonFunction, geoClosestPointOnPolygonFunction,
    geoLineToS2CellsFunction, geoPolygonToS2CellsFunction,
    geoPointToH3CellFunction, geoH3CellToCentralPointFunction, geoH3CellLevelFunction, geoH3CellParentFunction,
    geoH3CellChildrenFunction, geoH3CellNeighborsFunction, geoH3CellRingsFunction, geoH3CellToPolygonFunction,
    geoUnionPolygonsArrayFunction, geoIntersection2PolygonsFunction, geoPointBufferFunction, geoLineBufferFunction, geoPolygonBufferFunction, geoUnionLinesArrayFunction,
    geoLineSimplifyFunction, geoPolygonSimplifyFunction, geoSimplifyPolygonsArrayFunction, geoPolygonToH3CellsFunction,
]

/// Kusto's other geo_* functions: "not supported yet" rather than "unknown function": H3 polygon
/// coverings, and the functions that need polygon clipping, buffering,
/// unions or simplification (all are implemented now: the set is empty, kept for the next ones).
let geoFunctionsNotYetImplemented: Set<String> = [
]
