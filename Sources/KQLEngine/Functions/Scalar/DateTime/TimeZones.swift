import Foundation
import KQLColumns

// datetime_utc_to_local, datetime_local_to_utc (their docs pages; zones from timezone.md: IANA names).
// Offsets come from Foundation's TimeZone, i.e. the machine's IANA tz database (/usr/share/zoneinfo on
// Linux): a zone or rule the installed database lacks is unknown or may differ from Kusto's.

/// The zone's offset from UTC, in ticks, at the UTC instant `ticks`.
private func offsetTicks(_ zone: TimeZone, atUTC ticks: Int64) -> Int64 {
    let seconds = Double(ticks - DateTime.unixEpochTicks) / Double(DateTime.ticksPerSecond)
    return Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds))) * DateTime.ticksPerSecond
}

/// The UTC instant of a local time. A local time skipped by a DST change (spring forward) takes the
/// offset in force after the change (the docs page's Europe/Brussels example: 02:00 local is 00:00 UTC);
/// a local time that occurs twice (fall back) is read with the offset in force after the change (the docs
/// are silent).
private func localToUTC(_ zone: TimeZone, _ local: Int64) -> Int64 {
    let o1 = offsetTicks(zone, atUTC: local)
    let u1 = local - o1
    let o2 = offsetTicks(zone, atUTC: u1)
    if o2 == o1 { return u1 }
    let u2 = local - o2
    return offsetTicks(zone, atUTC: u2) == o2 ? u2 : u1
}

/// A time-zone function: a constant zone name is checked at bind time (an unknown one is an error);
/// a zone from a column that is not known gives null.
private func zoneFunction(_ name: String, summary: String, _ convert: @escaping (TimeZone, Int64) -> Int64) -> ScalarFunction {
    ScalarFunction(
        name: name, overloads: fn([p("from", .type(.datetime)), p("timezone", .type(.string))], .fixed(.datetime)), summary: summary,
        bind: { site in
            var constantZone: TimeZone? = nil
            if let c = site.constants[1], case .string(let id) = c {
                guard let z = TimeZone(identifier: id) else {
                    throw site.error("\(name)(): unknown time zone '\(id)' (expected an IANA name such as 'Europe/Paris')", arg: 1)
                }
                constantZone = z
            }
            let fixed = constantZone
            return BoundFunction(name: name, resultType: .datetime, kernel: .row { args in
                guard case .datetime(let t) = args[0], let zone = fixed ?? TimeZone(identifier: kqlString(args[1])) else { return .null(.datetime) }
                return datetimeOrNull(convert(zone, t))
            })
        })
}

let datetimeUtcToLocalFunction = zoneFunction(
    "datetime_utc_to_local", summary: "A UTC datetime as local time in an IANA time zone.") { zone, t in t + offsetTicks(zone, atUTC: t) }

let datetimeLocalToUtcFunction = zoneFunction(
    "datetime_local_to_utc", summary: "A local datetime in an IANA time zone as UTC.") { zone, t in localToUTC(zone, t) }
