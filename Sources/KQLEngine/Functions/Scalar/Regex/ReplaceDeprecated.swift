import KQLColumns

/// `replace()` is the deprecated alias of replace_regex, with the same (source, lookupRegex, rewrite) order.
let replaceDeprecatedFunction: ScalarFunction = {
    var f = replaceRegexFunction
    f.name = "replace"
    f.summary = "Deprecated alias of replace_regex(source, lookupRegex, rewrite)."
    return f
}()
