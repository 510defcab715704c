// The shell's line editor: a pure state machine (keys in, buffer/cursor/history out) that
// Shell/Terminal.swift drives over a raw-mode terminal.
//
// Why an own editor: none of the Swift packages this project may depend on
// (/work/.library/env/machines/swift-packages-b.md) edits lines — swift-argument-parser,
// console-kit and the rest print and prompt, but none has raw-mode editing with history and
// completion — and the C libraries (readline, libedit) would need a system library target and
// a -dev package on every machine. What the shell needs is small: one line at a time (a
// multi-line query is entered line by line), left/right, home/end, backspace/delete, history
// up/down, Tab, and the Emacs control keys. Keeping the editing logic free of I/O makes it
// testable key by key (Tests/KQLEngineTests/ShellCore links this folder).
//
// Files in Shell/Core depend on Foundation and the libraries KQLEngineTests links (KQLEngine's
// `Completion`, the completer's answer: the completer itself lives in KQLEngine, shared with the
// server's page; QuarryIO's `DisplayWidth`), so the tests can compile them.

import KQLEngine
import QuarryIO

/// A key, decoded from the terminal's bytes by `KeyDecoder`.
enum EditorKey: Equatable {
    case text(Character)
    case left, right, home, end, wordLeft, wordRight
    case backspace, delete, deleteWordBack
    case up, down
    case tab, enter
    case killToStart          // Ctrl-U
    case killToEnd            // Ctrl-K
    case interrupt            // Ctrl-C
    case endOfInput           // Ctrl-D
    case clearScreen          // Ctrl-L
    case ignored
}

/// What the driver does after a key.
enum EditorEvent: Equatable {
    case redraw
    case submit(String)
    case cancel               // Ctrl-C: drop the line (and the statement being entered)
    case endOfInput           // Ctrl-D on an empty line
    case complete             // Tab: ask the completer, then `applyCompletion`
    case clearScreen
}

/// One line being edited, with the history to walk through.
struct LineEditorState: Equatable {
    private(set) var buffer: [Character] = []
    private(set) var cursor = 0
    let history: [String]
    /// The history entry shown (history.count = the line being typed).
    private(set) var historyIndex: Int
    /// The typed line, kept while walking the history.
    private var draft: [Character] = []

    init(history: [String] = [], text: String = "") {
        self.history = history
        historyIndex = history.count
        buffer = Array(text)
        cursor = buffer.count
    }

    var text: String { String(buffer) }

    mutating func apply(_ key: EditorKey) -> EditorEvent {
        switch key {
        case .text(let c):
            insert(c)
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(buffer.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = buffer.count
        case .wordLeft:
            while cursor > 0 && !Self.isWord(buffer[cursor - 1]) { cursor -= 1 }
            while cursor > 0 && Self.isWord(buffer[cursor - 1]) { cursor -= 1 }
        case .wordRight:
            while cursor < buffer.count && !Self.isWord(buffer[cursor]) { cursor += 1 }
            while cursor < buffer.count && Self.isWord(buffer[cursor]) { cursor += 1 }
        case .backspace:
            if cursor > 0 {
                buffer.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < buffer.count { buffer.remove(at: cursor) }
        case .deleteWordBack:
            var start = cursor
            while start > 0 && buffer[start - 1] == " " { start -= 1 }
            while start > 0 && buffer[start - 1] != " " { start -= 1 }
            buffer.removeSubrange(start..<cursor)
            cursor = start
        case .killToStart:
            buffer.removeSubrange(0..<cursor)
            cursor = 0
        case .killToEnd:
            buffer.removeSubrange(cursor..<buffer.count)
        case .up:
            guard historyIndex > 0 else { break }
            if historyIndex == history.count { draft = buffer }
            historyIndex -= 1
            show(Array(history[historyIndex]))
        case .down:
            guard historyIndex < history.count else { break }
            historyIndex += 1
            show(historyIndex == history.count ? draft : Array(history[historyIndex]))
        case .tab: return .complete
        case .enter: return .submit(text)
        case .interrupt: return .cancel
        case .endOfInput:
            // As in readline: end of input on an empty line, else delete under the cursor.
            if buffer.isEmpty { return .endOfInput }
            if cursor < buffer.count { buffer.remove(at: cursor) }
        case .clearScreen: return .clearScreen
        case .ignored: break
        }
        return .redraw
    }

    /// Inserts `c` at the cursor. The decoder hands over one scalar at a time, so a combining
    /// mark, a variation selector or the rest of a ZWJ sequence arrives as its own key: it
    /// joins the character before the cursor when the two make one grapheme (and one before a
    /// lone mark at the start joins it), so that buffer positions stay what the screen shows
    /// (`String(buffer).count == buffer.count`) and the cursor never sits inside a character.
    private mutating func insert(_ c: Character) {
        if cursor > 0 {
            let joined = String(buffer[cursor - 1]) + String(c)
            if joined.count == 1, let j = joined.first {
                buffer[cursor - 1] = j
                return
            }
        }
        if cursor < buffer.count {
            let joined = String(c) + String(buffer[cursor])
            if joined.count == 1, let j = joined.first {
                buffer[cursor] = j
                cursor += 1
                return
            }
        }
        buffer.insert(c, at: cursor)
        cursor += 1
    }

    private mutating func show(_ line: [Character]) {
        buffer = line
        cursor = buffer.count
    }

    /// Applies a completion of the word that starts at `completion.start`: one candidate
    /// replaces the word; several extend it to their longest common prefix. Returns the
    /// candidates to list when that adds nothing (several candidates, no longer prefix).
    mutating func applyCompletion(_ completion: Completion) -> [String] {
        let c = completion.candidates
        guard !c.isEmpty, completion.start >= 0, completion.start <= cursor else { return [] }
        let word = String(buffer[completion.start..<cursor])
        if c.count == 1 {
            replaceWord(from: completion.start, with: c[0])
            return []
        }
        let common = Completion.commonPrefix(c)
        if common.count > word.count {
            replaceWord(from: completion.start, with: common)
            return []
        }
        return c
    }

    private mutating func replaceWord(from start: Int, with s: String) {
        buffer.replaceSubrange(start..<cursor, with: Array(s))
        cursor = start + s.count
    }

    static func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
}

/// The visible part of prompt + line on a terminal `width` columns wide, measured in terminal
/// columns (`DisplayWidth`, as table output measures cells: an East Asian wide character takes
/// two, a combining mark none): the line scrolls sideways so that the cursor stays visible, and
/// a wide character that would straddle the right edge is left out rather than half drawn.
/// `cursorColumn` is the cursor's column (0-based) from the left edge.
enum LineRenderer {
    static func width(_ c: Character) -> Int { DisplayWidth.of(String(c)) }

    static func render(prompt: String, buffer: [Character], cursor: Int, width: Int) -> (text: String, cursorColumn: Int) {
        let promptWidth = DisplayWidth.of(prompt)
        let room = max(1, width - promptWidth - 1)   // the last column stays free for the cursor
        let cursor = min(max(0, cursor), buffer.count)
        let w = buffer.map(Self.width)
        // The first shown character: as far left as keeps the cursor within `room` columns.
        var start = 0, beforeCursor = w[0..<cursor].reduce(0, +)
        while beforeCursor > room && start < cursor {
            beforeCursor -= w[start]
            start += 1
        }
        var end = start, used = 0
        while end < buffer.count && used + w[end] <= room {
            used += w[end]
            end += 1
        }
        // Zero-width characters right after the last shown one belong to it.
        while end < buffer.count && w[end] == 0 { end += 1 }
        return (prompt + String(buffer[start..<end]), promptWidth + beforeCursor)
    }
}

/// Decodes terminal input bytes into keys: UTF-8 text, control keys, and the escape sequences
/// of the usual terminals (xterm, tmux, the Linux console: CSI and SS3 forms).
struct KeyDecoder {
    private var pending: [UInt8] = []

    mutating func feed(_ bytes: [UInt8]) -> [EditorKey] {
        var keys: [EditorKey] = []
        for b in bytes {
            pending.append(b)
            if let k = decode() {
                keys.append(k)
                pending.removeAll()
            }
        }
        return keys
    }

    /// A key when `pending` holds a complete one; nil while it is a prefix of one.
    private func decode() -> EditorKey? {
        guard let first = pending.first else { return nil }
        if first == 0x1B { return decodeEscape() }
        if first < 0x80 {
            switch first {
            case 0x01: return .home          // Ctrl-A
            case 0x02: return .left          // Ctrl-B
            case 0x03: return .interrupt     // Ctrl-C
            case 0x04: return .endOfInput    // Ctrl-D
            case 0x05: return .end           // Ctrl-E
            case 0x06: return .right         // Ctrl-F
            case 0x08, 0x7F: return .backspace
            case 0x09: return .tab
            case 0x0A, 0x0D: return .enter
            case 0x0B: return .killToEnd     // Ctrl-K
            case 0x0C: return .clearScreen   // Ctrl-L
            case 0x0E: return .down          // Ctrl-N
            case 0x10: return .up            // Ctrl-P
            case 0x15: return .killToStart   // Ctrl-U
            case 0x17: return .deleteWordBack // Ctrl-W
            case 0x20...0x7E: return .text(Character(Unicode.Scalar(first)))
            default: return .ignored
            }
        }
        // UTF-8: wait for the whole sequence; a malformed one is dropped.
        let need: Int
        switch first {
        case 0xC2...0xDF: need = 2
        case 0xE0...0xEF: need = 3
        case 0xF0...0xF4: need = 4
        default: return .ignored
        }
        if pending.count > 1, pending.last.map({ $0 & 0xC0 != 0x80 }) ?? false { return .ignored }
        guard pending.count == need else { return nil }
        let s = String(decoding: pending, as: UTF8.self)
        guard s.unicodeScalars.count == 1, let c = s.first, c != "\u{FFFD}" else { return .ignored }
        return .text(c)
    }

    private func decodeEscape() -> EditorKey? {
        guard pending.count >= 2 else { return nil }
        let second = pending[1]
        if second == UInt8(ascii: "[") || second == UInt8(ascii: "O") {
            guard pending.count >= 3 else { return nil }
            let last = pending[pending.count - 1]
            // Parameter bytes (digits, ';') until the final byte.
            if (0x30...0x3F).contains(last) {
                return pending.count > 16 ? .ignored : nil
            }
            let params = String(decoding: pending[2..<(pending.count - 1)], as: UTF8.self)
            let modified = params.contains(";")   // e.g. ESC [ 1 ; 5 C: Ctrl-Right
            switch last {
            case UInt8(ascii: "A"): return .up
            case UInt8(ascii: "B"): return .down
            case UInt8(ascii: "C"): return modified ? .wordRight : .right
            case UInt8(ascii: "D"): return modified ? .wordLeft : .left
            case UInt8(ascii: "H"): return .home
            case UInt8(ascii: "F"): return .end
            case UInt8(ascii: "~"):
                switch params {
                case "1", "7": return .home
                case "4", "8": return .end
                case "3": return .delete
                default: return .ignored
                }
            default: return .ignored
            }
        }
        // Alt-b / Alt-f move by words; Alt-Backspace deletes one; other Alt keys do nothing.
        switch second {
        case UInt8(ascii: "b"): return .wordLeft
        case UInt8(ascii: "f"): return .wordRight
        case 0x7F, 0x08: return .deleteWordBack
        default: return .ignored
        }
    }
}
