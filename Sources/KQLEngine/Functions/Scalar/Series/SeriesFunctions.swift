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
]
