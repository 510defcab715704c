import Foundation
import KQLEngine
import QuarryIO

/// Reads one line from the terminal with the shell's editor (Core/LineEditor.swift): raw mode
/// while the line is edited, the screen redrawn after each key, Tab asking the completer.
/// Keys typed ahead (a paste of several lines) are kept for the next line.
final class InteractiveLineReader {
    enum Result: Equatable {
        case line(String)
        case cancelled
        case endOfInput
    }

    private var decoder = KeyDecoder()
    private var queued: [EditorKey] = []

    func readLine(prompt: String, history: [String], complete: (String, Int) -> Completion) -> Result {
        guard Terminal.enableRawMode() else {
            // Not a terminal after all: plain input.
            Terminal.write(prompt)
            return Swift.readLine().map { .line($0) } ?? .endOfInput
        }
        defer { Terminal.restore() }
        var state = LineEditorState(history: history)
        redraw(prompt, state)
        while true {
            guard let key = nextKey() else {
                Terminal.write("\r\n")
                return .endOfInput
            }
            switch state.apply(key) {
            case .redraw:
                redraw(prompt, state)
            case .submit(let text):
                Terminal.write("\r\n")
                return .line(text)
            case .cancel:
                Terminal.write("^C\r\n")
                return .cancelled
            case .endOfInput:
                Terminal.write("\r\n")
                return .endOfInput
            case .clearScreen:
                Terminal.write("\u{1B}[H\u{1B}[2J")
                redraw(prompt, state)
            case .complete:
                let listing = state.applyCompletion(complete(state.text, state.cursor))
                if !listing.isEmpty {
                    Terminal.write("\r\n" + Self.columns(listing, width: Terminal.width).joined(separator: "\r\n") + "\r\n")
                }
                redraw(prompt, state)
            }
        }
    }

    private func nextKey() -> EditorKey? {
        while queued.isEmpty {
            guard let bytes = Terminal.readBytes() else { return nil }
            queued = decoder.feed(bytes)
        }
        return queued.removeFirst()
    }

    private func redraw(_ prompt: String, _ state: LineEditorState) {
        let (text, column) = LineRenderer.render(prompt: prompt, buffer: state.buffer, cursor: state.cursor, width: Terminal.width)
        Terminal.write("\r" + text + "\u{1B}[0K\r" + (column > 0 ? "\u{1B}[\(column)C" : ""))
    }

    /// Candidates laid out in columns, at most 200 of them.
    static func columns(_ words: [String], width: Int) -> [String] {
        let shown = words.prefix(200)
        let cell = min(width, (shown.map { DisplayWidth.of($0) }.max() ?? 0) + 2)
        let perLine = max(1, width / max(1, cell))
        var lines: [String] = []
        var i = 0
        while i < shown.count {
            let row = shown[i..<min(shown.count, i + perLine)]
            lines.append(row.map { DisplayWidth.pad($0, to: cell) }.joined().trimmingCharacters(in: .whitespaces))
            i += perLine
        }
        if words.count > shown.count { lines.append("… and \(words.count - shown.count) more") }
        return lines
    }
}
