import KQLColumns

extension Executor {
    /// `bag_unpack`, batch by batch: each slot column reads its property from each row's bag.
    func bagUnpackStream(_ n: LogicalPlan.BagUnpack) throws -> BatchStream {
        let source = try stream(n.input)
        return BatchStream {
            guard let group = try source.next() else { return nil }
            return group.map { self.bagUnpack($0, n) }
        }
    }

    private func bagUnpack(_ b: Batch, _ n: LogicalPlan.BagUnpack) -> Batch {
        let bags: [PropertyBag?] = (0..<b.count).map { r in
            if case .dynamic(.object(let bag)) = b.columns[n.source].value(at: r) { return bag }
            return nil
        }
        let columns: [Column] = zip(n.outputs, n.schema.fields).map { output, field in
            switch output {
            case .input(let i): return b.columns[i]
            case .constantNull: return Column.repeating(.null(field.type), count: b.count, type: field.type)
            case .slot(let key, let type):
                var builder = ColumnBuilder(type: type, capacity: b.count)
                for bag in bags {
                    if let v = bag?[key] { builder.append(convertDynamic(v, to: type)) } else { builder.appendNull() }
                }
                return builder.finish()
            }
        }
        return Batch(columns: columns, count: b.count)
    }
}
