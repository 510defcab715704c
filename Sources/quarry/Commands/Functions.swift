import ArgumentParser
import Foundation
import KQLEngine

/// `quarry functions [NAME]`: the function library, or one entry of it.
struct Functions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the functions Quarry implements, with their signatures; with a NAME, that one function.")

    @Argument(help: "A function name (scalar or aggregate, or an alias).")
    var name: String?

    func run() throws {
        let all = FunctionCatalog.all
        guard let name else { all.forEach(printEntry); return }
        let matches = all.filter { $0.name == name }
        guard matches.isEmpty else { matches.forEach(printEntry); return }
        let why = FunctionCatalog.unavailableReason(name) ?? (FunctionCatalog.isKnownUnsupported(name)
            ? "'\(name)' is a Kusto function Quarry does not support yet"
            : "unknown function '\(name)'")
        FileHandle.standardError.write(Data("error: \(why)\n".utf8))
        throw ExitCode(1)
    }

    private func printEntry(_ f: FunctionInfo) {
        print("\(f.name) (\(f.kind))")
        for s in f.signatures { print("    \(s)") }
        print("    \(f.summary)")
    }
}
