import KQLColumns

/// parse_urlquery (parse-url-query-function.md): `{"Query Parameters": {key: value, ...}}` for a URL's
/// query part `k1=v1&k2=v2`, read as parse_url reads the part after '?': pairs split on '&' (empty ones
/// skipped), a pair without '=' has the value "", values are not percent-decoded, a repeated key keeps
/// its last value.
let parseUrlQueryFunction = rowFunction(
    "parse_urlquery", aliases: ["parseurlquery"], fn([p("query", .type(.string))], .fixed(.dynamic)),
    summary: "The parameters of a URL query part (k1=v1&k2=v2) as a bag under the key \"Query Parameters\".", kernel: { args in
        var query = PropertyBag()
        for pair in kqlString(args[0]).split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = pair.firstIndex(of: "=") {
                query[String(pair[..<eq])] = .string(String(pair[pair.index(after: eq)...]))
            } else {
                query[String(pair)] = .string("")
            }
        }
        return .dynamic(.object(PropertyBag(uniqueKeys: ["Query Parameters"], values: [.object(query)])))
    })
