import KQLEngine
import Testing

/// Series functions never trap on hostile arguments: huge counts and periods, non-finite values,
/// extreme longs, empty filters.
@Suite struct SeriesReliabilityTests {
    static let hostile = [
        "print series_periods_detect(dynamic([1,2,3,4,5,6,7,8,9,10]), -1e308, 1e308, 9223372036854775807)",
        "print series_periods_detect(dynamic([1,2,3,4,5,6,7,8,9,10]), real(nan), 5, -1)",
        "print series_decompose(dynamic([1,2,3]), 9223372036854775807, 'linefit', 9223372036854775807)",
        "print series_decompose(dynamic([1,2,3]), -9223372036854775807 - 1, 'avg', -5, real(nan))",
        "print series_decompose_anomalies(dynamic([1,2,3]), real(nan), -9223372036854775807 - 1)",
        "print series_decompose_anomalies(pack_array(real(inf), real(nan), 1e308, -1e308), 1.5, 2, 'linefit', 1, 'tukey')",
        "print series_fir(dynamic([1,2]), dynamic([]))", "print series_fir(dynamic([1,2]), dynamic([1,-1]), true)",
        "print series_fir(dynamic([1,2]), dynamic([0, 0]), true, true)",
        "print series_iir(dynamic([1,2]), dynamic([1]), dynamic([0]))", "print series_iir(dynamic([1,2]), dynamic([]), dynamic([1]))",
        "print series_outliers(pack_array(1.0, real(inf), real(nan)), 'ctukey', 0, 1, 99)",
        "print series_outliers(dynamic([]), 'tukey', real(nan))",
        "print series_add(pack_array(9223372036854775807), 1), series_abs(pack_array(-9223372036854775807 - 1))",
        "print series_multiply(pack_array(9223372036854775807), 9223372036854775807), series_divide(dynamic([1]), 0)",
        "print series_stats(pack_array(real(inf), 1e308, 1e308), true)", "print series_stats_dynamic(dynamic([]))",
        "print series_fit_line(pack_array(1e308, -1e308, 1e308))", "print series_fit_line(dynamic([null, 'a']))",
        "print series_fit_2lines(pack_array(1, 2, 3, 4, 5)), series_fit_2lines(dynamic([1])), series_fit_2lines_dynamic(dynamic([]))",
        "print series_fill_linear(pack_array(9223372036854775807, long(null), -9223372036854775807 - 1))",
        "print series_fill_linear(dynamic([null, null]), real(nan), false, real(nan))",
        "print series_fill_const(dynamic([null]), dynamic({'a': 1}), 'x')",
    ]

    @Test(arguments: hostile)
    func noTrap(_ query: String) throws {
        let session = QuerySession()
        _ = session.check(query)
        _ = try session.run(query)
    }
}
