/// The series_* functions (registered by `FunctionRegistry.scalars`).
let seriesFunctions: [ScalarFunction] = [
    seriesFitLineFunction, seriesFitLineDynamicFunction, seriesFit2LinesFunction, seriesFit2LinesDynamicFunction,
    seriesStatsFunction, seriesStatsDynamicFunction,
]
