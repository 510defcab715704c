import KQLColumns

/// parse_url: scheme://[user[:password]@]host[:port][/path][?query][#fragment] into a bag of the documented keys.
func parseURL(_ s: String) -> DynamicValue {
    var rest = Substring(s)
    var scheme = "", user = "", password = "", host = "", port = "", path = "", fragment = ""
    var query = PropertyBag()
    guard let sep = rest.range(of: "://") else { return .null }
    scheme = String(rest[..<sep.lowerBound])
    rest = rest[sep.upperBound...]
    if let h = rest.firstIndex(of: "#") { fragment = String(rest[rest.index(after: h)...]); rest = rest[..<h] }
    if let q = rest.firstIndex(of: "?") {
        for pair in rest[rest.index(after: q)...].split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = pair.firstIndex(of: "=") {
                query[String(pair[..<eq])] = .string(String(pair[pair.index(after: eq)...]))
            } else {
                query[String(pair)] = .string("")
            }
        }
        rest = rest[..<q]
    }
    var authority = rest
    if let slash = rest.firstIndex(of: "/") {
        authority = rest[..<slash]
        path = String(rest[rest.index(after: slash)...])
    }
    if let at = authority.lastIndex(of: "@") {
        let cred = authority[..<at]
        if let colon = cred.firstIndex(of: ":") {
            user = String(cred[..<colon]); password = String(cred[cred.index(after: colon)...])
        } else {
            user = String(cred)
        }
        authority = authority[authority.index(after: at)...]
    }
    if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
        host = String(authority[...close])
        let after = authority[authority.index(after: close)...]
        if after.hasPrefix(":") { port = String(after.dropFirst()) }
    } else if let colon = authority.lastIndex(of: ":") {
        host = String(authority[..<colon]); port = String(authority[authority.index(after: colon)...])
    } else {
        host = String(authority)
    }
    return .object(PropertyBag(uniqueKeys: ["Scheme", "Host", "Port", "Path", "Username", "Password", "Query Parameters", "Fragment"],
                               values: [.string(scheme), .string(host), .string(port), .string(path), .string(user), .string(password),
                                        .object(query), .string(fragment)]))
}

let parseUrlFunction = rowFunction(
    "parse_url", aliases: ["parseurl"], fn([p("url", .type(.string))], .fixed(.dynamic)),
    summary: "The parts of an absolute URL as a bag: Scheme, Host, Port, Path, Username, Password, Query Parameters, Fragment; null without a scheme.",
    kernel: { .dynamic(parseURL(kqlString($0[0]))) })
