/// The series_* functions (registered by `FunctionRegistry.scalars`).
let seriesFunctions: [ScalarFunction] = [
    seriesFitLineFunction, seriesFitLineDynamicFunction, seriesFit2LinesFunction, seriesFit2LinesDynamicFunction,
    seriesStatsFunction, seriesStatsDynamicFunction,
    seriesOutliersFunction, seriesPeriodsDetectFunction, seriesDecomposeFunction, seriesDecomposeAnomaliesFunction,
    seriesAddFunction, seriesSubtractFunction, seriesMultiplyFunction, seriesDivideFunction,
    seriesGreaterFunction, seriesGreaterEqualsFunction, seriesLessFunction, seriesLessEqualsFunction, seriesEqualsFunction,
    seriesNotEqualsFunction, seriesAbsFunction,
    seriesFillConstFunction, seriesFillForwardFunction, seriesFillBackwardFunction, seriesFillLinearFunction,
    seriesFirFunction, seriesIirFunction,
    seriesExpFunction, seriesLogFunction, seriesSignFunction, seriesFloorFunction, seriesCeilingFunction, seriesSinFunction,
    seriesCosFunction, seriesTanFunction, seriesAsinFunction, seriesAcosFunction, seriesAtanFunction, seriesPowFunction,
    seriesSumFunction, seriesProductFunction, seriesMagnitudeFunction, seriesDotProductFunction, seriesCosineSimilarityFunction,
    seriesPearsonCorrelationFunction,
    // issue 12: transforms, polynomial fit, seasonality, forecast
    seriesFftFunction, seriesIfftFunction, seriesFitPolyFunction, seriesSeasonalFunction, seriesPeriodsValidateFunction,
    seriesDecomposeForecastFunction,
]
