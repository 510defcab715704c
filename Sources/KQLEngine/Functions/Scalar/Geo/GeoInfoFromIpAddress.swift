import KQLColumns

// geo_info_from_ip_address(ip) (geo-info-from-ip-address-function.md): where an IPv4 or IPv6
// address is, from a MaxMind database in the GeoLite2-City / GeoIP2-City layout that the user
// supplies (Kusto ships MaxMind's GeoLite2-City; Quarry ships no database). The bag has the
// documented fields: country, state (the first subdivision), city (English names), latitude and
// longitude.
//
// Decisions where the page is silent: a field the record lacks is "" for the names and absent for
// the coordinates; an address the database does not cover, text that is not an address (or has a
// /prefix), and a null argument give null. Without a database every call gives null, and the query
// gets one warning saying how to supply one.

let geoipMissingWarning = "geo_info_from_ip_address: no GeoIP database, so it returns null; give a MaxMind .mmdb file (such as GeoLite2-City.mmdb) with --geoip PATH or the QUARRY_GEOIP environment variable"

let geoInfoFromIpAddressFunction = ScalarFunction(
    name: "geo_info_from_ip_address", overloads: fn([p("ip", .type(.string))], .fixed(.dynamic)),
    summary: "Country, state, city, latitude and longitude of an IPv4/IPv6 address, from the MaxMind database given with --geoip (null without one).",
    bind: { site in
        guard let db = site.session.geoip else {
            site.warn(geoipMissingWarning)
            return BoundFunction(name: "geo_info_from_ip_address", resultType: .dynamic, kernel: .row { _ in .null(.dynamic) })
        }
        return BoundFunction(name: "geo_info_from_ip_address", resultType: .dynamic, kernel: .row { args in
            geoInfo(db, args[0]).map { .dynamic($0) } ?? .null(.dynamic)
        })
    })

func geoInfo(_ db: MaxMindDatabase, _ ip: Value) -> DynamicValue? {
    guard case .string(let text) = ip, !text.contains("/"), let (address, _) = ipv6(ip) else { return nil }
    let isV4 = address >> 32 == 0xFFFF
    return db.lookup(address: isV4 ? address & 0xFFFF_FFFF : address, isV4: isV4, geoBag)
}

/// The documented bag of a GeoLite2-City record.
private func geoBag(_ record: MMDBValue) -> DynamicValue? {
    func name(_ path: [Any]) -> DynamicValue {
        if case .string(let s)? = record.at(path + ["names", "en"]) { return .string(s) }
        return .string("")
    }
    var bag = PropertyBag()
    bag["country"] = name(["country"])
    bag["state"] = name(["subdivisions", 0])
    bag["city"] = name(["city"])
    if case .double(let lat)? = record.at(["location", "latitude"]) { bag["latitude"] = .real(lat) }
    if case .double(let lon)? = record.at(["location", "longitude"]) { bag["longitude"] = .real(lon) }
    return .object(bag)
}
