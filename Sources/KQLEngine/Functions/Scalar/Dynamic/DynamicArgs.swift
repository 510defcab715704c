import KQLColumns

/// The array inside a dynamic argument (JSON text is parsed), nil when the value is not an array.
func dynamicArray(_ v: Value) -> [DynamicValue]? {
    guard case .dynamic(.array(let a)) = parseJSONValue(v) else { return nil }
    return a
}

/// Equality of a dynamic element with a scalar lookup value; numbers compare by value (1 == 1.0).
func dynamicEquals(_ e: DynamicValue, _ v: Value) -> Bool {
    let d = toDynamic(v)
    if e == d { return true }
    if let x = numericDouble(.dynamic(e)), let y = numericDouble(.dynamic(d)) { return x == y }
    return false
}
