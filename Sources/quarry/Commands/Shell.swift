import ArgumentParser
import Foundation

/// `quarry shell`: bind the data once, then run queries one after another (Sources/quarry/Shell).
struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "An interactive shell: bind the data once, then run queries (end each with ';' or a blank line) and dot-commands (.help).")

    @OptionGroup var options: DataOptions
    @OptionGroup var limits: LimitOptions

    @Option(help: ArgumentHelp("Table rows the shell keeps in memory after a table's first scan, until its files change: bytes, or with K, M, G; 0 keeps none (default: a quarter of physical memory).", valueName: "SIZE"))
    var keepRows: String?

    @Flag(help: "Neither read nor write the history file ($XDG_STATE_HOME/quarry/history or ~/.local/state/quarry/history).")
    var noHistory = false

    func run() throws {
        // The same default as `quarry serve --keep-rows`.
        var keep: Int? = Int(min(ProcessInfo.processInfo.physicalMemory / 4, UInt64(Int.max)))
        if let keepRows {
            guard let bytes = LimitOptions.parseSize(keepRows) else { throw ValidationError("--keep-rows: '\(keepRows)' is not a size (e.g. 512M, 4G)") }
            keep = bytes == 0 ? nil : bytes
        }
        let shell = try ShellSession(options: options, limits: limits, historyPath: noHistory ? nil : ShellHistory.defaultPath(),
                                     keepRowsBytes: keep)
        let status = shell.run()
        if status != 0 { throw ExitCode(status) }
    }
}
