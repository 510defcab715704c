import KQLColumns

/// parse_path: Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension, AlternateDataStreamName.
func parsePath(_ s: String) -> DynamicValue {
    var rest = Substring(s)
    var scheme = ""
    if let sep = rest.range(of: "://") {
        let cand = rest[..<sep.lowerBound]
        if cand.count > 1, cand.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "." || $0 == "-" }) {
            scheme = String(cand); rest = rest[sep.upperBound...]
        }
    }
    let chars = Array(rest)
    var root = ""
    if chars.count >= 2, chars[0].isLetter, chars[1] == ":" { root = String(chars[0...1]) }
    let isSep: (Character) -> Bool = { $0 == "/" || $0 == "\\" }
    var dir = "", file = String(rest)
    if let last = rest.lastIndex(where: isSep) {
        dir = String(rest[..<last]); file = String(rest[rest.index(after: last)...])
    } else if !root.isEmpty {
        dir = root; file = String(rest.dropFirst(2))
    }
    var ads = ""
    if let colon = file.firstIndex(of: ":") { ads = String(file[file.index(after: colon)...]); file = String(file[..<colon]) }
    var ext = ""
    if let dot = file.lastIndex(of: ".") { ext = String(file[file.index(after: dot)...]) }
    var dirName = dir
    if let last = dir.lastIndex(where: isSep) { dirName = String(dir[dir.index(after: last)...]) }
    if dirName == root { dirName = "" }
    return .object(PropertyBag(uniqueKeys: ["Scheme", "RootPath", "DirectoryPath", "DirectoryName", "Filename", "Extension", "AlternateDataStreamName"],
                               values: [scheme, root, dir, dirName, file, ext, ads].map(DynamicValue.string)))
}

let parsePathFunction = rowFunction(
    "parse_path", fn([p("path", .type(.string))], .fixed(.dynamic)),
    summary: "The parts of a file path as a bag: Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension, AlternateDataStreamName.",
    kernel: { .dynamic(parsePath(kqlString($0[0]))) })
