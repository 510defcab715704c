import KQLColumns

/// An activity plugin's input (id, timeline, dimension 1 … n) grouped by the dimensions (in order
/// of first appearance) and binned: per group, per bin, the ids of its rows. Rows outside the bins
/// or with a null time are left out.
struct ActivityGroups {
    var keys: [[Value]] = []
    var perBin: [[Int: [Value]]] = []

    init(_ input: Table, _ bins: ActivityBins, context: QueryContext) throws {
        var groupOf: [[Value]: Int] = [:]
        for b in input.batches {
            for r in 0..<b.count {
                if r % 4096 == 0 { try context.checkpoint() }
                guard let k = bins.bin(b.columns[1].value(at: r)) else { continue }
                let key = (2..<b.columns.count).map { b.columns[$0].value(at: r) }
                let g: Int
                if let existing = groupOf[key] { g = existing } else { g = keys.count; groupOf[key] = g; keys.append(key); perBin.append([:]) }
                perBin[g][k, default: []].append(b.columns[0].value(at: r))
            }
        }
    }
}
