// The geo_* functions (the geospatial pages of Kusto's documentation), registered as one list.
let geoFunctions: [ScalarFunction] = [
    geoInfoFromIpAddressFunction,
    geoDistance2PointsFunction, geoPointInCircleFunction, geoDistancePointToLineFunction, geoPointInPolygonFunction,
    geoPolygonAreaFunction, geoPolygonPerimeterFunction, geoPolygonCentroidFunction,
    geoPointToGeohashFunction, geoGeohashToCentralPointFunction, geoGeohashToPolygonFunction, geoGeohashNeighborsFunction,
    geoPointToS2CellFunction, geoS2CellToCentralPointFunction, geoS2CellToPolygonFunction, geoS2CellNeighborsFunction,
]
