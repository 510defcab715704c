import KQLColumns
import KQLSyntax

/// What the binder knows about a call's arguments when it picks a function's implementation.
struct CallSite {
    var types: [KQLType]
    /// The value of each argument that is a constant after binding (lets are folded), else nil.
    var constants: [Value?]
    var argSpans: [Span]
    var nameSpan: Span
    /// Raw type-name arguments such as `typeof(long)` (the binder passes them through as names).
    var typeNames: [String?]
    var session: SessionContext
    /// The overload the resolver chose, the promoted argument types and the result type.
    var resolution = Resolution(overload: 0, params: [], argTypes: [], resultType: nil)
    /// Gives a warning once per query (the binder's `warnOnce`).
    var warn: (String) -> Void = { _ in }

    /// The result type the overload's rule gives (for `ResultRule.computed`, the bind step decides).
    var resultType: KQLType { resolution.resultType ?? .dynamic }

    func error(_ message: String, arg: Int? = nil) -> Diagnostic {
        Diagnostic(code: .argumentType, message, span: arg.map { argSpans[$0] } ?? nameSpan)
    }
}

/// A function with its argument-dependent implementation chosen at bind time.
struct BoundFunction {
    var name: String
    var resultType: KQLType
    var kernel: Kernel
    /// Copied from the registry entry by the binder: a `.rowOrder` or `.perRow` function is never folded.
    var volatility: Volatility = .deterministic
}

enum Kernel {
    /// Per-row kernel over values; generic code lifts it over columns (constants stay scalars).
    case row(([Value]) -> Value)
    /// Whole-column kernel for hot functions: inputs and row count in, one column or scalar out.
    case column(([Datum], Int) -> Datum)
}

/// A scalar function's registry entry: its typed overloads, metadata and bind step.
struct ScalarFunction {
    var name: String
    var aliases: [String] = []
    var kind: FunctionKind = .scalar
    var volatility: Volatility = .deterministic
    /// The typed signatures; the resolver checks calls against them (Resolver.swift).
    var overloads: [Overload]
    /// One line of documentation.
    var summary: String
    /// Runs after resolution (argument types already checked, `site.resolution` set): checks what
    /// depends on constant arguments (a unit name, a regex) and returns the implementation.
    var bind: (CallSite) throws -> BoundFunction
    /// For a function that returns several columns (series_fit_line, series_stats …): the columns, in
    /// order; the kernel returns a dynamic array with one element per column (Series/SeriesCommon.swift).
    var columns: [TupleColumn]? = nil

    /// Signature text generated from the overloads, e.g. `strlen(source: string or dynamic) -> long`.
    var signatures: [String] { overloads.map { $0.signature(name) } }
}

/// An aggregate function's registry entry.
struct AggregateFunction {
    var name: String
    var aliases: [String] = []
    var overloads: [Overload]
    var summary: String
    /// Default output column name(s), given the argument column names (`count_`, `sum_x`).
    var defaultName: ([String?]) -> String
    /// Runs after resolution, like `ScalarFunction.bind`.
    var bind: (CallSite) throws -> BoundAggregateKind

    var kind: FunctionKind { .aggregate }
    var signatures: [String] { overloads.map { $0.signature(name) } }
}

/// Per-call-site facts of a bound aggregate: result type and a factory for per-group accumulators.
struct BoundAggregateKind {
    var resultType: KQLType
    var makeAccumulator: () -> Accumulator
    /// A typed all-groups implementation, when there is one (else the per-group accumulator is used).
    var makeGrouped: (() -> GroupedAccumulator)? = nil
}

/// One group's running state of an aggregate. `merge` folds in the state of another accumulator
/// of the same aggregate that saw the rows *after* this one's (partial aggregates combine: a
/// parallel or distributed summarize aggregates pieces, then merges them in input order; the
/// result equals one pass over all rows — `AccumulatorMergeTests`).
protocol Accumulator: AnyObject {
    func add(_ args: [Value])
    func result() -> Value
    func merge(_ other: Accumulator)
}

/// A bound aggregate in a `summarize`: its arguments and output columns.
struct BoundAggregate {
    /// The aggregate function's name (for `explain` and messages).
    var function: String = ""
    var args: [BoundExpr]
    var kind: BoundAggregateKind
    /// Output fields: one for ordinary aggregates; several for `arg_max(x, a, b)`.
    var outputFields: [Field]
    /// For arg_max/arg_min: the extra output columns' expressions (taken from the winning row).
    var carried: [BoundExpr] = []
    var argExtreme: ArgExtreme? = nil
}

/// Row-picking aggregates: arg_max/arg_min keep the extreme row; `any` (take_any(*)) keeps the first.
enum ArgExtreme { case max, min, any }

/// The function library. Adding a function is one declaration (a factory call, or a `ScalarFunction`
/// with its overloads) plus one line here, plus a logic test.
enum FunctionRegistry {
    static let scalars: [ScalarFunction] = [
        // datetime
        agoFunction, nowFunction, binFunction,
        // conditional
        iffFunction, caseFunction, coalesceFunction, notFunction,
        // null and empty
        isemptyFunction, isnotemptyFunction, isnullFunction, isnotnullFunction,
        // conversion
        tostringFunction, tointFunction, tolongFunction, torealFunction, todatetimeFunction,
        totimespanFunction, toboolFunction, gettypeFunction, parseJsonFunction,
        // string
        strcatFunction, tolowerFunction, toupperFunction, strlenFunction, substringFunction, indexOfFunction,
        replaceStringFunction,
        stringSizeFunction, translateFunction,
        // row order
        prevFunction, nextFunction, rowNumberFunction, rowCumsumFunction, rowRankDenseFunction, rowRankMinFunction, rowWindowSessionFunction,
        // regex
        extractFunction, replaceRegexFunction,
        // ip
        ipv4IsPrivateFunction,
        // math
        absFunction, roundFunction,
        // dynamic arrays and bags
        splitFunction, strcatArrayFunction, strcatDelimFunction, arrayLengthFunction, packArrayFunction, bagPackFunction,
        bagKeysFunction, arrayIndexOfFunction, setHasElementFunction, arrayConcatFunction, arraySliceFunction,
        // datetime parts and arithmetic
        startofdayFunction, startofweekFunction, startofmonthFunction, startofyearFunction,
        endofdayFunction, endofweekFunction, endofmonthFunction, endofyearFunction,
        dayofweekFunction, dayofmonthFunction, dayofyearFunction, hourofdayFunction, getmonthFunction, getyearFunction,
        weekofyearFunction, datetimeAddFunction, datetimeDiffFunction, datetimePartFunction, formatDatetimeFunction,
        formatTimespanFunction, makeDatetimeFunction, makeTimespanFunction, unixtimeSecondsFunction,
        unixtimeMillisecondsFunction, unixtimeMicrosecondsFunction, unixtimeNanosecondsFunction,
        // strings, encodings, parsing
        trimFunction, trimStartFunction, trimEndFunction, replaceDeprecatedFunction, countofFunction, reverseFunction,
        strrepFunction, toguidFunction, tohexFunction, urlEncodeFunction, urlDecodeFunction, base64EncodeToStringFunction,
        base64DecodeToStringFunction, extractAllFunction, extractJsonFunction, parseUrlFunction, parsePathFunction,
        parseCommandLineFunction, hashMd5Function, hashSha1Function, hashSha256Function,
        // math
        isnanFunction, isinfFunction, isfiniteFunction, logFunction, log10Function, log2Function, expFunction, exp2Function,
        exp10Function, powFunction, sqrtFunction, ceilingFunction, signFunction, maxOfFunction, minOfFunction,
        piFunction, degreesFunction, radiansFunction,
        // ipv4
        ipv4IsMatchFunction, ipv4IsInRangeFunction, ipv4CompareFunction, parseIpv4Function, hasIpv4Function,
        hasIpv4PrefixFunction, ipv4NetmaskSuffixFunction,
        // xml
        parseXmlFunction,
        // dynamic arrays: range
        rangeFunction,
        // sets, array sorting and sums, bags
        setUnionFunction, setIntersectFunction, setDifferenceFunction, arraySortAscFunction, arraySortDescFunction,
        arrayReverseFunction, arraySumFunction, arrayIffFunction, bagMergeFunction, bagRemoveKeysFunction,
        // random (new on every row)
        newGuidFunction, randFunction,
        // unicode
        isasciiFunction, unicodeCodepointsFromStringFunction, unicodeCodepointsToStringFunction,
        // xxhash64
        hashFunction,
        // ipv6
        ipv6CompareFunction, ipv6IsMatchFunction, parseIpv6Function, parseIpv6MaskFunction,
        // function library (issue 12): bitwise, strings, bins, bags, IPv4 lists and formats
        binaryAndFunction, binaryOrFunction, binaryXorFunction, binaryNotFunction, binaryShiftLeftFunction,
        binaryShiftRightFunction, bitsetCountOnesFunction, strcmpFunction, binAtFunction, bagHasKeyFunction, bagZipFunction,
        zipFunction, urlEncodeComponentFunction, base64DecodeToArrayFunction, formatIpv4Function, formatIpv4MaskFunction,
        parseIpv4MaskFunction, ipv4RangeToCidrListFunction, ipv4IsInAnyRangeFunction, hasAnyIpv4Function, hasAnyIpv4PrefixFunction,
        indexOfRegexFunction, hasAnyIndexFunction, formatBytesFunction, parseCsvFunction,
        datetimeUtcToLocalFunction, datetimeLocalToUtcFunction, parseUrlQueryFunction,
        punycodeFromStringFunction, punycodeToStringFunction, punycodeDomainToStringFunction, punycodeDomainFromStringFunction,
        regexQuoteFunction, repeatFunction, replaceStringsFunction, isutf8Function, setEqualsFunction, jaccardIndexFunction,
        arrayRotateLeftFunction, arrayRotateRightFunction, arrayShiftLeftFunction, arrayShiftRightFunction, arraySplitFunction,
        bagSetKeyFunction, treepathFunction, erfFunction, erfcFunction, betaCdfFunction, betaPdfFunction, betaInvFunction,
        welchTestFunction, gzipCompressToBase64StringFunction, gzipDecompressFromBase64StringFunction,
        zlibCompressToBase64StringFunction, zlibDecompressFromBase64StringFunction,
        convertAngleFunction, convertEnergyFunction, convertForceFunction, convertLengthFunction, convertMassFunction,
        convertSpeedFunction, convertTemperatureFunction, convertVolumeFunction,
        // sketches (hll, tdigest)
        dcountHllFunction, hllMergeScalarFunction, percentileTdigestFunction, percentilesArrayTdigestFunction,
        rankTdigestFunction, percentrankTdigestFunction, mergeTdigestScalarFunction,
        // decimal
        todecimalFunction, parseVersionFunction,
        // function library (issue 12): the rest (misc)
        aroundFunction, assertFunction, dynamicToJsonFunction, datetimeListTimezonesFunction, base64EncodeFromGuidFunction,
        base64DecodeToGuidFunction, base64EncodeFromArrayFunction, ipv6IsInRangeFunction, ipv6IsInAnyRangeFunction,
        currentDatabaseFunction, currentPrincipalFunction, currentPrincipalDetailsFunction, currentPrincipalIsMemberOfFunction,
        parseUserAgentFunction,
    ] + seriesFunctions + trigFunctions + geoFunctions

    static let aggregates: [AggregateFunction] = [
        countAggregate, countifAggregate, dcountAggregate, sumAggregate, avgAggregate, minAggregate, maxAggregate,
        makeSetAggregate, makeListAggregate, argMaxAggregate, argMinAggregate, takeAnyAggregate,
        makeBagAggregate, dcountifAggregate, sumifAggregate, avgifAggregate, maxifAggregate, minifAggregate,
        makeSetIfAggregate, makeListIfAggregate, makeListWithNullsAggregate, stdevAggregate, varianceAggregate,
        percentileAggregate, takeAnyifAggregate, percentilewAggregate, percentilesArrayAggregate, percentileswArrayAggregate,
        // function library (issue 12)
        makeBagIfAggregate, stdevpAggregate, variancepAggregate, stdevifAggregate, varianceifAggregate, variancepifAggregate,
        covarianceAggregate, covariancepAggregate, covarianceifAggregate, covariancepifAggregate, countDistinctAggregate,
        countDistinctifAggregate, binaryAllAndAggregate, binaryAllOrAggregate, binaryAllXorAggregate, buildschemaAggregate,
        // sketches
        hllAggregate, hllIfAggregate, hllMergeAggregate, tdigestAggregate, tdigestMergeAggregate,
    ]

    static let scalarByName: [String: ScalarFunction] = {
        var d: [String: ScalarFunction] = [:]
        for f in scalars { d[f.name] = f; for a in f.aliases { d[a] = f } }
        return d
    }()

    static let aggregateByName: [String: AggregateFunction] = {
        var d: [String: AggregateFunction] = [:]
        for f in aggregates { d[f.name] = f; for a in f.aliases { d[a] = f } }
        return d
    }()
}

/// Listing for `quarry functions`.
public struct FunctionInfo: Sendable {
    public var name: String
    public var kind: String
    public var signatures: [String]
    public var summary: String
}

public enum FunctionCatalog {
    /// Whether `name` is a Kusto function that Quarry knows of but does not implement yet.
    /// Why a Kusto function cannot work here (a cluster-only or graph-match function), or nil.
    public static func unavailableReason(_ name: String) -> String? { ClusterOnlyFunctions.message(name) }

    public static func isKnownUnsupported(_ name: String) -> Bool {
        KnownKustoFunctions.names.contains(name) || ClusterOnlyFunctions.reasons[name] != nil
    }

    public static var all: [FunctionInfo] {
        let s = FunctionRegistry.scalars.map { FunctionInfo(name: $0.name, kind: $0.kind.rawValue, signatures: $0.signatures, summary: $0.summary) }
            + FunctionRegistry.scalars.flatMap { f in f.aliases.map { FunctionInfo(name: $0, kind: f.kind.rawValue, signatures: f.signatures, summary: "Alias of \(f.name).") } }
        let a = FunctionRegistry.aggregates.map { FunctionInfo(name: $0.name, kind: $0.kind.rawValue, signatures: $0.signatures, summary: $0.summary) }
            + FunctionRegistry.aggregates.flatMap { f in f.aliases.map { FunctionInfo(name: $0, kind: f.kind.rawValue, signatures: f.signatures, summary: "Alias of \(f.name).") } }
        return (s + a + BuiltinFunctions.listing).sorted { $0.name < $1.name }
    }
}
