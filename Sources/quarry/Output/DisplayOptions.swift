import ArgumentParser
import Foundation

/// How `run` and `query` show a result to a person: width, rows, pager, notes, exit status.
struct DisplayOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Fit table output to this many columns (default: the terminal's width when standard output is a terminal, else unlimited; 0 = unlimited).", valueName: "N"))
    var maxWidth: Int?

    @Flag(help: "Show every cell in full: no cutting of table or vertical output to the width (the result limit is --no-truncation).")
    var noTruncate = false

    @Option(help: ArgumentHelp("Show at most this many rows in table, vertical and markdown output, saying how many were left out (default: 1000 when standard output is a terminal, else all; 0 = all).", valueName: "N"))
    var maxRows: Int?

    @Flag(help: "Never page the output (by default a result taller than the terminal goes through $PAGER, or 'less -FRX').")
    var noPager = false

    @Flag(name: .shortAndLong, help: "Print no notes or warnings on standard error (errors still are).")
    var quiet = false

    @Flag(help: "Exit with status 3 when the result has at least one row (after printing it): for scripts and CI.")
    var failOnRows = false

    func validate() throws {
        if let maxWidth, maxWidth < 0 { throw ValidationError("--max-width must be 0 (unlimited) or a number of columns") }
        if let maxRows, maxRows < 0 { throw ValidationError("--max-rows must be 0 (all) or a number of rows") }
    }

    /// The settings for `format`, given what standard output is attached to.
    func settings(for format: OutputFormat) throws -> DisplaySettings {
        let terminal = Terminal.size(STDOUT_FILENO)
        let isTTY = Terminal.isTerminal(STDOUT_FILENO)
        if maxRows != nil && !format.isForPeople {
            throw ValidationError("--max-rows applies to table, vertical and markdown output; with --format \(format.rawValue) use 'take N' in the query")
        }
        var s = DisplaySettings()
        if !noTruncate {
            if let maxWidth { s.maxWidth = maxWidth == 0 ? nil : maxWidth } else if isTTY { s.maxWidth = terminal?.columns ?? 80 }
        }
        if let maxRows { s.maxRows = maxRows == 0 ? nil : maxRows } else if isTTY { s.maxRows = DisplaySettings.terminalRowLimit }
        if isTTY && !noPager { s.pagerScreenRows = terminal?.rows ?? 0 }
        s.failOnRows = failOnRows
        return s
    }
}

/// Display settings resolved for one run (see `DisplayOptions`).
struct DisplaySettings {
    /// Rows shown by default when standard output is a terminal.
    static let terminalRowLimit = 1000
    /// Columns table and vertical output fit into; nil = unlimited.
    var maxWidth: Int? = nil
    /// Rows table, vertical and markdown output show; nil = all.
    var maxRows: Int? = nil
    /// The terminal's height when output taller than it goes through a pager; 0 = no pager.
    var pagerScreenRows = 0
    var failOnRows = false
}
