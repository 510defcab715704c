import KQLColumns

let strcatArrayFunction = rowFunction(
    "strcat_array", signatures: ["strcat_array(array: dynamic, delimiter: string) -> string"],
    summary: "Joins the elements of a dynamic array into one string with a delimiter.", arity: 2...2,
    result: { site in
        try site.requireDynamic(0, "strcat_array")
        try site.require(1, [.string], "strcat_array")
        return .string
    }, kernel: { args in
        guard let a = dynamicArray(args[0]) else { return .string("") }
        return .string(a.map { kqlString(.dynamic($0)) }.joined(separator: kqlString(args[1])))
    })

let strcatDelimFunction = rowFunction(
    "strcat_delim", signatures: ["strcat_delim(delimiter: string, argument1, argument2 [, argumentN...]) -> string"],
    summary: "Concatenates 2 to 64 arguments (converted to strings) with a delimiter between them.", arity: 3...65,
    result: { site in
        try site.require(0, [.string], "strcat_delim")
        return .string
    }, kernel: { args in
        .string(args.dropFirst().map(kqlString).joined(separator: kqlString(args[0])))
    })
