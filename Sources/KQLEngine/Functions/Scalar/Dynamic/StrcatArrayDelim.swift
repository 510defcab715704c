import KQLColumns

let strcatArrayFunction = rowFunction(
    "strcat_array", aliases: ["array_strcat"], fn([p("array", .type(.dynamic)), p("delimiter", .type(.string))], .fixed(.string)),
    summary: "Joins the elements of a dynamic array into one string with a delimiter.", kernel: { args in
        guard let a = dynamicArray(args[0]) else { return .string("") }
        return .string(a.map { kqlString(.dynamic($0)) }.joined(separator: kqlString(args[1])))
    })

let strcatDelimFunction = rowFunction(
    "strcat_delim", [Overload([p("delimiter", .type(.string))], repeating: Repeat(params: [p("argument", .scalar)], min: 2, max: 64), .fixed(.string))],
    summary: "Concatenates 2 to 64 arguments (converted to strings) with a delimiter between them.", kernel: { args in
        .string(args.dropFirst().map(kqlString).joined(separator: kqlString(args[0])))
    })
