import Foundation
import KQLColumns

private let byteUnits = ["Bytes", "KB", "MB", "GB", "TB", "PB", "EB"]

/// format_bytes (format-bytes-function.md): a size in bytes as text in a unit of 1024s ("19.08 MB"), with
/// `precision` digits after the point (default 0; rounded half away from zero, the digits kept even when zero:
/// the docs' examples fit both readings). Without a unit (or an empty one) the unit is the largest whose value
/// is at least 1 (Bytes below 1024). A unit name other than the seven is an error at bind time; a precision
/// outside 0...15 is null, as is a null or non-finite size.
let formatBytesFunction = ScalarFunction(
    name: "format_bytes",
    overloads: fn([p("size", .type(.real)), opt("precision", .type(.long)), opt("units", .type(.string))], .fixed(.string)),
    summary: "A size in bytes as text with a unit (Bytes, KB, MB, GB, TB, PB, EB; chosen by magnitude unless given).",
    bind: { site in
        var fixedUnit: Int? = nil
        if site.types.count > 2 {
            guard let c = site.constants[2] else { throw site.error("format_bytes(): the units argument must be a constant", arg: 2) }
            let name = kqlString(c)
            if !name.isEmpty {
                guard let i = byteUnits.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
                    throw site.error("format_bytes(): unknown unit '\(name)' (expected Bytes, KB, MB, GB, TB, PB or EB)", arg: 2)
                }
                fixedUnit = i
            }
        }
        return BoundFunction(name: "format_bytes", resultType: .string, kernel: .row { args in
            guard let size = numericDouble(args[0]), size.isFinite else { return .null(.string) }
            var precision: Int64 = 0
            if args.count > 1 {
                guard let x = integerValue(args[1]), (0...15).contains(x) else { return .null(.string) }
                precision = x
            }
            var unit = fixedUnit ?? 0
            if fixedUnit == nil {
                while unit < byteUnits.count - 1, abs(size) >= pow(1024, Double(unit + 1)) { unit += 1 }
            }
            let scaled = size / pow(1024, Double(unit))
            let factor = pow(10, Double(precision))
            let rounded = (scaled * factor).rounded(.toNearestOrAwayFromZero) / factor
            return .string(String(format: "%.\(precision)f", rounded) + " " + byteUnits[unit])
        })
    })
