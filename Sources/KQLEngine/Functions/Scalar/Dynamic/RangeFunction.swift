import KQLColumns

/// range(start, stop [, step]) (range-function.md): start, start + step, … up to and including stop,
/// truncated at 1,048,576 (2^20) elements. The step defaults to 1 for numbers and 1h for datetime and
/// timespan. A negative step counts down to stop; a zero step, or a null argument, gives null.
enum RangeArray {
    static let maxElements = 1_048_576
    static let hour: Int64 = 36_000_000_000

    static func integers(_ start: Int64, _ stop: Int64, _ step: Int64, make: (Int64) -> DynamicValue) -> DynamicValue {
        guard step != 0 else { return .null }
        var out: [DynamicValue] = []
        var x = start
        while out.count < maxElements, step > 0 ? x <= stop : x >= stop {
            out.append(make(x))
            let (next, overflow) = x.addingReportingOverflow(step)
            if overflow { break }
            x = next
        }
        return .array(out)
    }

    static func reals(_ start: Double, _ stop: Double, _ step: Double) -> DynamicValue {
        guard step != 0, start.isFinite, stop.isFinite, step.isFinite else { return .null }
        var out: [DynamicValue] = []
        var i = 0.0
        while out.count < maxElements {
            let x = start + i * step
            guard step > 0 ? x <= stop : x >= stop else { break }
            out.append(.real(x))
            i += 1
        }
        return .array(out)
    }
}

let rangeFunction = rowFunction(
    "range",
    [
        Overload([p("start", .integer), p("stop", .integer), opt("step", .integer)], .fixed(.dynamic)),
        Overload([p("start", .type(.real)), p("stop", .type(.real)), opt("step", .type(.real))], .fixed(.dynamic)),
        Overload([p("start", .type(.datetime)), p("stop", .type(.datetime)), opt("step", .type(.timespan))], .fixed(.dynamic)),
        Overload([p("start", .type(.timespan)), p("stop", .type(.timespan)), opt("step", .type(.timespan))], .fixed(.dynamic)),
    ],
    summary: "A dynamic array of start, start + step, … up to stop (step 1, or 1h for datetime/timespan); at most 1,048,576 elements.",
    kernel: { args in
        if args.contains(where: \.isNull) { return .dynamic(.null) }
        switch (args[0], args[1]) {
        case (.datetime(let a), .datetime(let b)):
            var step = RangeArray.hour
            if args.count > 2 { guard case .timespan(let s) = args[2] else { return .dynamic(.null) }; step = s }
            return .dynamic(RangeArray.integers(a, b, step, make: DynamicValue.datetime))
        case (.timespan(let a), .timespan(let b)):
            var step = RangeArray.hour
            if args.count > 2 { guard case .timespan(let s) = args[2] else { return .dynamic(.null) }; step = s }
            return .dynamic(RangeArray.integers(a, b, step, make: DynamicValue.timespan))
        default:
            if let a = integerValue(args[0]), let b = integerValue(args[1]), args.count < 3 || integerValue(args[2]) != nil {
                return .dynamic(RangeArray.integers(a, b, args.count > 2 ? integerValue(args[2]) ?? 1 : 1, make: DynamicValue.long))
            }
            guard let a = numericDouble(args[0]), let b = numericDouble(args[1]) else { return .dynamic(.null) }
            var step = 1.0
            if args.count > 2 { guard let s = numericDouble(args[2]) else { return .dynamic(.null) }; step = s }
            return .dynamic(RangeArray.reals(a, b, step))
        }
    })
