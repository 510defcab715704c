import KQLColumns
import KQLRegex

// parse_user_agent (parse-user-agent-function.md): the browser, operating system and device of a
// user-agent string, in the page's shape — {"Browser": {Family, MajorVersion, MinorVersion, Patch},
// "OperatingSystem": {Family, MajorVersion, MinorVersion, Patch, PatchMinor}, "Device": {Family,
// Brand, Model}} — for the targets asked ("browser", "os", "device": one string, or a dynamic array
// in the order wanted; all three when the argument is left out).
//
// Kusto checks the string against ua-parser's (uap-core's) very large pattern list. Quarry checks a
// small subset, written here in the same spirit, first match wins: the common desktop and mobile
// browsers (Edge, Opera, Samsung Internet, Firefox, Chrome and Chrome Mobile, IE, Safari and Mobile
// Safari), the families of the page's examples (AdobeAIR and other "Name/x.y.z" products, Nokia OSS
// Browser on Series60), well-known crawlers and command-line clients; Windows (by NT version),
// Windows Phone, iOS, Mac OS X, Android, Chrome OS, Symbian OS, Ubuntu and Linux; Apple devices,
// Nokia N-series, Android models (brand "Generic_Android") and crawlers ("Spider"). What matches
// none gets ua-parser's "Other" family with empty versions (and an empty brand and model), as does
// an empty string (a null one gives null). Version parts that are absent are "" (the page's example prints
// "Patch": ""). A look-for value other than the three is an error when constant, ignored otherwise.

private struct UARule {
    let regex: CompiledRegex
    /// The family; nil takes capture group 1 (the versions then start at group 2). "$1" in it is group 1.
    let family: String?
    /// Fixed version parts (Windows NT 6.1 is "7"); nil reads them from the groups.
    let versions: [String]?

    init?(_ pattern: String, _ family: String? = nil, versions: [String]? = nil) {
        guard let r = try? CompiledRegex(pattern) else { return nil }
        regex = r; self.family = family; self.versions = versions
    }

    /// (family, version parts, groups) of the first match, or nil.
    func match(_ s: String, parts: Int) -> (String, [String], [String?])? {
        guard let g = regex.firstMatch(in: s) else { return nil }
        func group(_ i: Int) -> String { i < g.count ? (g[i] ?? "") : "" }
        let name: String
        var first = 1
        if let family {
            name = family.replacingOccurrences(of: "$1", with: group(1))
            if family.contains("$1") { first = 2 }
        } else {
            name = group(1); first = 2
        }
        let vs = versions ?? (0..<parts).map { group(first + $0) }
        return (name, (0..<parts).map { $0 < vs.count ? vs[$0] : "" }, g)
    }
}

private let browserRules: [UARule] = [
    UARule(#"(?:Edge|Edg|EdgA|EdgiOS)/(\d+)\.(\d+)(?:\.(\d+))?"#, "Edge"),
    UARule(#"(?:OPR|OPiOS)/(\d+)\.(\d+)(?:\.(\d+))?"#, "Opera"),
    UARule(#"SamsungBrowser/(\d+)\.(\d+)(?:\.(\d+))?"#, "Samsung Internet"),
    UARule(#"FxiOS/(\d+)\.(\d+)(?:\.(\d+))?"#, "Firefox iOS"),
    UARule(#"Mobile.*Firefox/(\d+)\.(\d+)(?:\.(\d+))?"#, "Firefox Mobile"),
    UARule(#"Firefox/(\d+)\.(\d+)(?:\.(\d+))?"#, "Firefox"),
    UARule(#"CriOS/(\d+)\.(\d+)(?:\.(\d+))?"#, "Chrome Mobile iOS"),
    UARule(#"Chrome/(\d+)\.(\d+)(?:\.(\d+))?(?:\.\d+)? Mobile"#, "Chrome Mobile"),
    UARule(#"Chrome/(\d+)\.(\d+)(?:\.(\d+))?"#, "Chrome"),
    UARule(#"MSIE (\d+)\.(\d+)"#, "IE"),
    UARule(#"Trident/\d+\.\d+.*rv:(\d+)\.(\d+)"#, "IE"),
    UARule(#"Series60/(\d+)\.(\d+)"#, "Nokia OSS Browser"),
    UARule(#"(Googlebot|bingbot|Baiduspider|YandexBot|DuckDuckBot|Applebot|AhrefsBot|SemrushBot)/(\d+)\.(\d+)"#),
    UARule(#"Version/(\d+)\.(\d+)(?:\.(\d+))?.*Mobile.*Safari/"#, "Mobile Safari"),
    UARule(#"Version/(\d+)\.(\d+)(?:\.(\d+))?.*Safari/"#, "Safari"),
    UARule(#"(AdobeAIR|Lynx|Konqueror|SeaMonkey|Opera Mini|Opera|Maxthon|Midori|NetFront|Epiphany|Iceweasel|Camino|Netscape|Thunderbird|Vivaldi|YaBrowser|Wget|curl|Python-urllib|python-requests|Go-http-client|okhttp|WindowsPowerShell|PowerShell)/(\d+)(?:\.(\d+))?(?:\.(\d+))?"#),
].compactMap { $0 }

private let osRules: [UARule] = [
    UARule(#"Windows Phone (?:OS )?(\d+)\.(\d+)"#, "Windows Phone"),
    UARule(#"Windows NT 10\.0"#, "Windows", versions: ["10"]),
    UARule(#"Windows NT 6\.3"#, "Windows", versions: ["8", "1"]),
    UARule(#"Windows NT 6\.2"#, "Windows", versions: ["8"]),
    UARule(#"Windows NT 6\.1"#, "Windows", versions: ["7"]),
    UARule(#"Windows NT 6\.0"#, "Windows", versions: ["Vista"]),
    UARule(#"Windows NT 5\.1"#, "Windows", versions: ["XP"]),
    UARule(#"Windows NT 5\.0"#, "Windows", versions: ["2000"]),
    UARule(#"(?:iPhone|iPad|iPod).*? OS (\d+)_(\d+)(?:_(\d+))?"#, "iOS"),
    UARule(#"Mac OS X (\d+)[_.](\d+)(?:[_.](\d+))?"#, "Mac OS X"),
    UARule(#"Android[ /-]?(\d+)(?:\.(\d+))?(?:\.(\d+))?"#, "Android"),
    UARule(#"CrOS \S+ (\d+)\.(\d+)\.(\d+)"#, "Chrome OS"),
    UARule(#"(?:SymbianOS|SymbOS)/(\d+)\.(\d+)"#, "Symbian OS"),
    UARule(#"Ubuntu(?:/(\d+)\.(\d+))?"#, "Ubuntu"),
    UARule(#"Linux"#, "Linux"),
].compactMap { $0 }

/// Device rules: (rule, brand, model template): "$1", "$2" are groups.
private let deviceRules: [(UARule, String, String)] = [
    (UARule(#"Nokia(N[0-9]+)([A-Za-z_\-][A-Za-z0-9_\-]*)"#, "Nokia $1"), "Nokia", "$1$2"),
    (UARule(#"iPhone"#, "iPhone"), "Apple", "iPhone"),
    (UARule(#"iPad"#, "iPad"), "Apple", "iPad"),
    (UARule(#"iPod"#, "iPod"), "Apple", "iPod"),
    (UARule(#"Macintosh"#, "Mac"), "Apple", "Mac"),
    (UARule(#"[Bb]ot/\d|[Cc]rawler|[Ss]pider"#, "Spider"), "Spider", "Desktop"),
    (UARule(#"Android[^;]*; ([^;)]+?)(?: Build/|\))"#, "$1"), "Generic_Android", "$1"),
].compactMap { r, b, m in r.map { ($0, b, m) } }

private func browserBag(_ s: String) -> DynamicValue {
    let (family, v) = browserRules.lazy.compactMap { $0.match(s, parts: 3) }.first.map { ($0.0, $0.1) } ?? ("Other", ["", "", ""])
    return .object(PropertyBag([("Family", .string(family)), ("MajorVersion", .string(v[0])), ("MinorVersion", .string(v[1])),
                                ("Patch", .string(v[2]))]))
}

private func osBag(_ s: String) -> DynamicValue {
    let (family, v) = osRules.lazy.compactMap { $0.match(s, parts: 4) }.first.map { ($0.0, $0.1) } ?? ("Other", ["", "", "", ""])
    return .object(PropertyBag([("Family", .string(family)), ("MajorVersion", .string(v[0])), ("MinorVersion", .string(v[1])),
                                ("Patch", .string(v[2])), ("PatchMinor", .string(v[3]))]))
}

private func deviceBag(_ s: String) -> DynamicValue {
    for (rule, brand, model) in deviceRules {
        guard let (family, _, g) = rule.match(s, parts: 0) else { continue }
        func group(_ i: Int) -> String { i < g.count ? (g[i] ?? "") : "" }
        let m = model.replacingOccurrences(of: "$1", with: group(1)).replacingOccurrences(of: "$2", with: group(2))
        return .object(PropertyBag([("Family", .string(family)), ("Brand", .string(brand)), ("Model", .string(m))]))
    }
    return .object(PropertyBag([("Family", .string("Other")), ("Brand", .string("")), ("Model", .string(""))]))
}

private let targets: [String: (String, (String) -> DynamicValue)] = [
    "browser": ("Browser", browserBag), "os": ("OperatingSystem", osBag), "device": ("Device", deviceBag),
]

/// The look-for targets of a value (a string or an array of strings), unknown names left out.
private func lookFor(_ v: Value?) -> [String] {
    guard let v else { return ["browser", "os", "device"] }
    let names: [String]
    if case .string(let s) = v { names = [s] } else { names = (dynamicArray(v) ?? []).compactMap { if case .string(let s) = $0 { return s }; return nil } }
    return names.map { $0.lowercased() }.filter { targets[$0] != nil }
}

/// User agents are bounded before matching (a header is short; 4 KB keeps the patterns' work small).
private let maxUserAgent = 4096

let parseUserAgentFunction = ScalarFunction(
    name: "parse_user_agent",
    overloads: fn([p("user_agent_string", .type(.string)), opt("look_for", .stringOrDynamic)], .fixed(.dynamic)),
    summary: "The browser, operating system and/or device of a user-agent string (\"browser\", \"os\", \"device\"), from a documented subset of ua-parser's families; \"Other\" where none matches.",
    bind: { site in
        if site.constants.count > 1, let c = site.constants[1] {
            let names: [String]
            if case .string(let s) = c { names = [s] } else { names = (dynamicArray(c) ?? []).map { if case .string(let s) = $0 { return s }; return "\($0)" } }
            for n in names where targets[n.lowercased()] == nil {
                throw site.error("parse_user_agent(): look_for must be \"browser\", \"os\" or \"device\" (or an array of them), not '\(n)'", arg: 1)
            }
        }
        return BoundFunction(name: "parse_user_agent", resultType: .dynamic, kernel: .row({ args in
            guard case .string(let raw) = args[0] else { return .dynamic(.null) }
            let s = raw.utf8.count > maxUserAgent ? String(decoding: raw.utf8.prefix(maxUserAgent), as: UTF8.self) : raw
            var bag = PropertyBag()
            for t in lookFor(args.count > 1 ? args[1] : nil) {
                guard let (key, parse) = targets[t], bag[key] == nil else { continue }
                bag[key] = parse(s)
            }
            return .dynamic(.object(bag))
        }))
    })
