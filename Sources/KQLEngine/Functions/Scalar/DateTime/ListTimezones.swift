import Foundation
import KQLColumns

// datetime_list_timezones (datetime-list-timezones.md): the IANA zones, here those of the machine's
// tz database as Foundation's TimeZone knows them (the same zones datetime_utc_to_local accepts).

let datetimeListTimezonesFunction = rowFunction(
    "datetime_list_timezones", fn([], .fixed(.dynamic)),
    summary: "The IANA time zone names this machine's time zone database knows (Foundation's TimeZone), sorted.",
    kernel: { _ in .dynamic(.array(TimeZone.knownTimeZoneIdentifiers.sorted().map { .string($0) })) })
