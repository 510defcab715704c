import KQLColumns

/// The common type of two branches, widening numbers (int < long < real); nil if they differ otherwise.
func commonType(_ a: KQLType, _ b: KQLType) -> KQLType? {
    if a == b { return a }
    if a.isNumeric && b.isNumeric { return (a == .real || b == .real) ? .real : .long }
    return nil
}

let iffFunction = ScalarFunction(
    name: "iff", aliases: ["iif"], signatures: ["iff(condition: bool, then, else) -> common type of then and else"],
    summary: "`then` where the condition is true, else `else` (a null condition counts as false).", arity: 3...3,
    bind: { site in
        try site.require(0, [.bool], "iff")
        guard let t = commonType(site.types[1], site.types[2]) else {
            throw site.error("iff(): then (\(site.types[1])) and else (\(site.types[2])) must have the same type", arg: 2)
        }
        return BoundFunction(name: "iff", resultType: t, kernel: .row { args in
            coerce(isTrue(args[0]) ? args[1] : args[2], to: t)
        })
    })
