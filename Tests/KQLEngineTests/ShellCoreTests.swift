import Foundation
import KQLColumns
import KQLEngine
import KQLSyntax
import Testing

// The pure parts of `quarry shell` (Sources/quarry/Shell/Core, compiled into this target
// through the ShellCore link, since the CLI is an executable target no test can import):
// the line editor's state machine and key decoder, the statement splitter, completion,
// history and the dot-command parser.

@Suite struct LineEditorTests {
    func type(_ s: String, into e: inout LineEditorState) {
        for c in s { _ = e.apply(.text(c)) }
    }

    func keys(_ bytes: [UInt8]) -> [EditorKey] {
        var d = KeyDecoder()
        return d.feed(bytes)
    }

    @Test func insertsAtTheCursorAndMovesIt() {
        var e = LineEditorState()
        type("abc", into: &e)
        #expect(e.text == "abc" && e.cursor == 3)
        _ = e.apply(.left); _ = e.apply(.left)
        type("X", into: &e)
        #expect(e.text == "aXbc" && e.cursor == 2)
        _ = e.apply(.home)
        #expect(e.cursor == 0)
        _ = e.apply(.left)   // stays at the start
        #expect(e.cursor == 0)
        _ = e.apply(.end)
        _ = e.apply(.right)  // stays at the end
        #expect(e.cursor == 4)
    }

    @Test func deletesBackwardsForwardsAndByKill() {
        var e = LineEditorState()
        type("where x", into: &e)
        _ = e.apply(.backspace)
        #expect(e.text == "where " && e.cursor == 6)
        _ = e.apply(.home)
        _ = e.apply(.backspace)   // nothing before the cursor
        _ = e.apply(.delete)
        #expect(e.text == "here " && e.cursor == 0)
        _ = e.apply(.right); _ = e.apply(.right)
        _ = e.apply(.killToEnd)
        #expect(e.text == "he" && e.cursor == 2)
        type("llo", into: &e)
        _ = e.apply(.left)
        _ = e.apply(.killToStart)
        #expect(e.text == "o" && e.cursor == 0)
        var w = LineEditorState(text: "T | where Action")
        _ = w.apply(.deleteWordBack)
        #expect(w.text == "T | where " && w.cursor == 10)
    }

    @Test func controlKeysDecodeToTheirActions() {
        #expect(keys([0x01, 0x05, 0x15, 0x0B, 0x03, 0x04, 0x09, 0x0D, 0x7F, 0x08, 0x17, 0x10, 0x0E])
                == [.home, .end, .killToStart, .killToEnd, .interrupt, .endOfInput, .tab, .enter, .backspace, .backspace, .deleteWordBack, .up, .down])
        var e = LineEditorState()
        for k in keys(Array("abc".utf8) + [0x01] + Array("X".utf8) + [0x05] + Array("Y".utf8)) { _ = e.apply(k) }
        #expect(e.text == "XabcY")
    }

    @Test func escapeSequencesDecodeEvenWhenSplitAcrossReads() {
        var d = KeyDecoder()
        #expect(d.feed([0x1B]) == [])
        #expect(d.feed([0x5B]) == [])
        #expect(d.feed([0x44]) == [.left])
        #expect(d.feed(Array("\u{1B}[C\u{1B}[A\u{1B}[B\u{1B}[H\u{1B}[F\u{1B}OH\u{1B}OF".utf8)) == [.right, .up, .down, .home, .end, .home, .end])
        #expect(d.feed(Array("\u{1B}[3~\u{1B}[1~\u{1B}[4~\u{1B}[1;5C\u{1B}[1;5D\u{1B}b\u{1B}f".utf8))
                == [.delete, .home, .end, .wordRight, .wordLeft, .wordLeft, .wordRight])
        #expect(d.feed(Array("\u{1B}[15~".utf8)) == [.ignored])   // F5: nothing
    }

    @Test func utf8TextDecodesWholeCharacters() {
        var d = KeyDecoder()
        let bytes = Array("é😀".utf8)
        var out: [EditorKey] = []
        for b in bytes { out += d.feed([b]) }
        #expect(out == [.text("é"), .text("😀")])
        #expect(d.feed([0xFF, 0x41]) == [.ignored, .text("A")])   // a byte no UTF-8 starts with
    }

    @Test func enterSubmitsCtrlCCancelsCtrlDEndsOnlyAnEmptyLine() {
        var e = LineEditorState(text: "print 1")
        #expect(e.apply(.enter) == .submit("print 1"))
        #expect(e.apply(.interrupt) == .cancel)
        _ = e.apply(.home)
        #expect(e.apply(.endOfInput) == .redraw)   // deletes under the cursor
        #expect(e.text == "rint 1")
        var empty = LineEditorState()
        #expect(empty.apply(.endOfInput) == .endOfInput)
        #expect(empty.apply(.tab) == .complete)
    }

    @Test func historyWalksBackAndForthAndKeepsTheTypedLine() {
        var e = LineEditorState(history: ["first", "second"])
        type("draft", into: &e)
        _ = e.apply(.up)
        #expect(e.text == "second" && e.cursor == 6)
        _ = e.apply(.up)
        #expect(e.text == "first")
        _ = e.apply(.up)   // no older entry
        #expect(e.text == "first")
        _ = e.apply(.down)
        #expect(e.text == "second")
        _ = e.apply(.down)
        #expect(e.text == "draft" && e.cursor == 5)
        _ = e.apply(.down)
        #expect(e.text == "draft")
    }

    @Test func completionReplacesExtendsOrLists() {
        var e = LineEditorState(text: "T | su")
        #expect(e.applyCompletion(Completion(start: 4, candidates: ["summarize"])) == [])
        #expect(e.text == "T | summarize" && e.cursor == 13)
        var f = LineEditorState(text: "T | project-")
        #expect(f.applyCompletion(Completion(start: 4, candidates: ["project-away", "project-keep"])) == ["project-away", "project-keep"])
        #expect(f.text == "T | project-")
        var g = LineEditorState(text: "x | where Rem")
        #expect(g.applyCompletion(Completion(start: 10, candidates: ["RemoteIP", "RemoteIPType"])) == [])
        #expect(g.text == "x | where RemoteIP")
        var h = LineEditorState(text: "devicen")   // a case-insensitive match takes the name's case
        #expect(h.applyCompletion(Completion(start: 0, candidates: ["DeviceNetworkEvents"])) == [])
        #expect(h.text == "DeviceNetworkEvents")
        var none = LineEditorState(text: "zz")
        #expect(none.applyCompletion(Completion(start: 0, candidates: [])) == [])
        #expect(none.text == "zz")
    }

    @Test func longLinesScrollToKeepTheCursorVisible() {
        let line = Array("0123456789abcdefghij")
        let short = LineRenderer.render(prompt: "q> ", buffer: Array("abc"), cursor: 1, width: 80)
        #expect(short.text == "q> abc" && short.cursorColumn == 4)
        let end = LineRenderer.render(prompt: "q> ", buffer: line, cursor: 20, width: 14)
        #expect(end.text == "q> abcdefghij" && end.cursorColumn == 13)
        let start = LineRenderer.render(prompt: "q> ", buffer: line, cursor: 0, width: 14)
        #expect(start.text == "q> 0123456789" && start.cursorColumn == 3)
    }

    // East Asian wide characters take two terminal columns, combining marks none
    // (DisplayWidth, UAX #11): the cursor column and the scrolled window count columns.
    @Test func wideCharactersMoveTheCursorTwoColumns() {
        var e = LineEditorState()
        type("日本語", into: &e)
        #expect(e.text == "日本語" && e.cursor == 3)
        #expect(LineRenderer.render(prompt: "q> ", buffer: e.buffer, cursor: e.cursor, width: 80).cursorColumn == 9)
        _ = e.apply(.left)
        #expect(LineRenderer.render(prompt: "q> ", buffer: e.buffer, cursor: e.cursor, width: 80).cursorColumn == 7)
        type("x", into: &e)
        #expect(e.text == "日本x語")
        let r = LineRenderer.render(prompt: "q> ", buffer: e.buffer, cursor: e.cursor, width: 80)
        #expect(r.text == "q> 日本x語" && r.cursorColumn == 8)
        // A wide prompt counts its columns too.
        #expect(LineRenderer.render(prompt: "検索> ", buffer: Array("ab"), cursor: 2, width: 80).cursorColumn == 8)
    }

    @Test func combiningMarksJoinTheirCharacter() {
        // The decoder hands over one scalar per key: "e" then U+0301.
        var d = KeyDecoder()
        let keys = d.feed(Array("e\u{301}x".utf8))
        #expect(keys == [.text("e"), .text("\u{301}"), .text("x")])
        var e = LineEditorState()
        for k in keys { _ = e.apply(k) }
        #expect(e.buffer.count == 2 && e.cursor == 2 && e.text == "e\u{301}x")
        #expect(LineRenderer.render(prompt: "q> ", buffer: e.buffer, cursor: e.cursor, width: 80).cursorColumn == 5)
        _ = e.apply(.left)
        #expect(LineRenderer.render(prompt: "q> ", buffer: e.buffer, cursor: e.cursor, width: 80).cursorColumn == 4)
        _ = e.apply(.backspace)   // removes the letter with its accent
        #expect(e.text == "x" && e.cursor == 0)
        // Hangul from conjoining jamo (ᄒ U+1112, ᅡ U+1161, ᆫ U+11AB) is one wide syllable.
        var h = LineEditorState()
        for k in KeyDecoder().feedAll("\u{1112}\u{1161}\u{11AB}") { _ = h.apply(k) }
        #expect(h.buffer.count == 1)
        #expect(LineRenderer.render(prompt: "", buffer: h.buffer, cursor: h.cursor, width: 80).cursorColumn == 2)
    }

    @Test func wideLinesScrollByColumnsAndNeverHalfDrawACharacter() {
        let line = Array("漢字漢字漢字漢字")   // 16 columns
        // Prompt 3 + room 10 + the cursor's free column = 14.
        let end = LineRenderer.render(prompt: "q> ", buffer: line, cursor: 8, width: 14)
        #expect(end.text == "q> 字漢字漢字" && end.cursorColumn == 13)
        let start = LineRenderer.render(prompt: "q> ", buffer: line, cursor: 0, width: 14)
        #expect(start.text == "q> 漢字漢字漢" && start.cursorColumn == 3)
        // One narrow character first: the fifth wide one would straddle the edge, so it is left out.
        let odd = LineRenderer.render(prompt: "q> ", buffer: Array("a漢字漢字漢字"), cursor: 0, width: 14)
        #expect(odd.text == "q> a漢字漢字" && odd.cursorColumn == 3)
    }
}

extension KeyDecoder {
    /// The keys of `text`'s UTF-8 bytes.
    func feedAll(_ text: String) -> [EditorKey] {
        var d = self
        return d.feed(Array(text.utf8))
    }
}

@Suite struct StatementSplitterTests {
    @Test func aLineEndingInSemicolonIsAQuery() {
        var s = StatementSplitter()
        #expect(s.feed("T | take 3;") == .query("T | take 3;"))
        #expect(s.isEmpty)
        #expect(s.feed("T | take 3; // the first three") == .query("T | take 3; // the first three"))
    }

    @Test func aBlankLineEndsAMultiLineQuery() {
        var s = StatementSplitter()
        #expect(s.feed("T") == nil)
        #expect(s.feed("| where x > 1") == nil)
        #expect(!s.isEmpty)
        #expect(s.feed("   ") == .query("T\n| where x > 1"))
        #expect(s.feed("") == nil)   // nothing pending: a blank line does nothing
    }

    @Test func declarationsEndingInSemicolonKeepTheInputOpen() {
        var s = StatementSplitter()
        #expect(s.feed("let threshold = 5;") == nil)
        #expect(s.feed("set notruncation;") == nil)
        #expect(s.feed("declare query_parameters(n:long = 3);") == nil)
        #expect(s.feed("T | where x > threshold;") == .query("let threshold = 5;\nset notruncation;\ndeclare query_parameters(n:long = 3);\nT | where x > threshold;"))
        #expect(s.feed("let a = 1; print a;") == .query("let a = 1; print a;"))
        #expect(s.feed("let a = 1; // a comment") == nil)
    }

    @Test func semicolonsInStringsAndCommentsEndNothing() {
        var s = StatementSplitter()
        #expect(s.feed("print x = 'a;'") == nil)
        #expect(s.feed("| extend y = \"b;\" // c;") == nil)
        #expect(s.feed("| extend z = @'C:\\dir\\'") == nil)
        #expect(s.feed("| extend w = 'it\\'s;'") == nil)
        #expect(s.feed(";") != nil)
    }

    @Test func aMultiLineStringSpansBlankLines() {
        var s = StatementSplitter()
        #expect(s.feed("print x = ```a;") == nil)
        #expect(s.feed("") == nil)
        #expect(s.feed("b```;") == .query("print x = ```a;\n\nb```;"))
    }

    @Test func dotCommandsOnlyStartAnInput() {
        var s = StatementSplitter()
        #expect(s.feed("  .show tables;") == .command(".show tables"))
        #expect(s.feed("T") == nil)
        #expect(s.feed(".5 > 0") == nil)   // inside a query: part of it
        #expect(s.finish() == .query("T\n.5 > 0"))
        #expect(s.finish() == nil)
    }

    @Test func scanFindsTheStatements() {
        let scan = StatementSplitter.scan("let a = ';'; // x;\nprint a;")
        #expect(scan.statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } == ["let a = ';'", "print a"])
        #expect(scan.endsWithSemicolon && !scan.openString)
    }
}

@Suite struct CompleterTests {
    static let session: QuerySession = {
        let net = Schema([Field("Timestamp", .datetime), Field("DeviceName", .string), Field("RemoteIP", .string), Field("RemoteIPType", .string), Field("RemotePort", .int)])
        let logon = Schema([Field("AccountName", .string), Field("DeviceName", .string)])
        return QuerySession(tables: ["DeviceNetworkEvents": TableSource(Table(schema: net, batches: [])),
                                     "DeviceLogonEvents": TableSource(Table(schema: logon, batches: []))])
    }()

    /// The shell's completer over a session: its tables, the binder's columns, the function catalog.
    static let completer: Completer = {
        let s = session
        return Completer(tables: { Array(s.tables.keys) },
                         columns: { q in
                             let r = s.checkSchema(q)
                             return r.diagnostics.contains { $0.severity == .error } ? nil : r.schema?.names
                         },
                         functions: FunctionCatalog.all.map(\.name))
    }()

    func complete(_ line: String, previous: [String] = []) -> [String] {
        Self.completer.complete(line: line, cursor: line.count, previousLines: previous).candidates
    }

    @Test func tablesAndStartingOperatorsAtTheStart() {
        #expect(complete("Dev") == ["DeviceLogonEvents", "DeviceNetworkEvents"])
        #expect(complete("DeviceN") == ["DeviceNetworkEvents"])
        #expect(complete("devicen") == ["DeviceNetworkEvents"])   // case-insensitive when nothing matches exactly
        #expect(complete("pri") == ["print"])
        #expect(complete("let x = 1; Dev") == ["DeviceLogonEvents", "DeviceNetworkEvents"])
    }

    @Test func operatorsAfterAPipe() {
        #expect(complete("DeviceNetworkEvents | su") == ["summarize"])
        #expect(complete("DeviceNetworkEvents | project-") == ["project-away", "project-keep", "project-rename", "project-reorder"])
        #expect(complete("DeviceNetworkEvents\n| whe") == ["where"])
        #expect(complete("| ta", previous: ["DeviceNetworkEvents"]) == ["take"])
        let c = Self.completer.complete(line: "T | mv-ex", cursor: 9)
        #expect(c.start == 4 && c.candidates == ["mv-expand"])
    }

    @Test func columnsOfTheInputUnderTheCursor() {
        #expect(complete("DeviceNetworkEvents | where Remote") == ["RemoteIP", "RemoteIPType", "RemotePort"])
        // The input of the operator is the query up to its pipe: a project narrows it.
        #expect(complete("DeviceNetworkEvents | project DeviceName, Port = RemotePort | where ") == ["DeviceName", "Port"])
        #expect(complete("DeviceNetworkEvents | extend Hour = bin(Timestamp, 1h) | summarize count() by Ho") == ["Hour"])
        // A query entered over several lines, with a let.
        #expect(complete("| where Acc", previous: ["let n = 1;", "DeviceLogonEvents"]) == ["AccountName"])
        // Inside a function call, the operator's input; inside a subquery, the subquery's.
        #expect(complete("DeviceNetworkEvents | where strlen(Dev") == ["DeviceName"] + Self.tablesAndFunctions("Dev"))
        #expect(complete("DeviceNetworkEvents | join (DeviceLogonEvents | where Acc") == ["AccountName"])
        #expect(complete("DeviceNetworkEvents | join (Dev") == ["DeviceLogonEvents", "DeviceNetworkEvents"])
        // An empty word lists the columns only.
        #expect(complete("DeviceLogonEvents | project ") == ["AccountName", "DeviceName"])
    }

    static func tablesAndFunctions(_ prefix: String) -> [String] {
        FunctionCatalog.all.map(\.name).filter { $0.hasPrefix(prefix) }.sorted()
            + ["DeviceLogonEvents", "DeviceNetworkEvents"].filter { $0.hasPrefix(prefix) }
    }

    @Test func functionsAndKeywordsInExpressions() {
        #expect(complete("DeviceNetworkEvents | extend x = tolow") == ["tolower"])
        #expect(complete("DeviceNetworkEvents | where RemoteIP has_a").contains("has_any"))
        #expect(complete("DeviceNetworkEvents | summarize dcou").contains("dcount"))
    }

    @Test func nothingInsideStringsOrComments() {
        #expect(complete("DeviceNetworkEvents | where DeviceName == \"Dev") == [])
        #expect(complete("DeviceNetworkEvents // Dev") == [])
        #expect(complete("print 'a' | where Dev").contains("DeviceNetworkEvents"))   // a closed string
    }

    /// Every operator offered after `|` is one the parser accepts there.
    @Test func everyOfferedOperatorParses() {
        for op in Completer.pipeOperators {
            let (_, diags) = KQLParser.parse(SourceText("T | \(op) x"))
            #expect(!diags.contains { $0.code == .unknownOperator }, "\(op)")
        }
        let (_, bogus) = KQLParser.parse(SourceText("T | summarise x"))
        #expect(bogus.contains { $0.code == .unknownOperator })
    }
}

@Suite struct ShellHistoryTests {
    func tempPath() -> String {
        NSTemporaryDirectory() + "quarry-history-\(UUID().uuidString.prefix(8))/state/quarry/history"
    }

    @Test func aMultiLineQueryIsOneEntryUnlessJoiningWouldChangeIt() {
        #expect(ShellHistory.entries(for: ["T", "  | take 3;"]) == ["T | take 3;"])
        #expect(ShellHistory.entries(for: ["T // all", "| take 3;"]) == ["T // all", "| take 3;"])
        #expect(ShellHistory.entries(for: ["print 1;"]) == ["print 1;"])
        #expect(ShellHistory.entries(for: ["T", "", "| take 1"]) == ["T | take 1"])
    }

    @Test func entriesPersistAcrossSessionsAndStayBounded() throws {
        let path = tempPath()
        var h = ShellHistory(path: path, limit: 3)
        h.add(["a;", "b;"])
        h.add(["b;"])   // a repeat of the last entry is kept once
        #expect(ShellHistory(path: path, limit: 3).entries == ["a;", "b;"])
        for i in 0..<10 { h.add(["q\(i);"]) }
        #expect(h.entries.count <= 6)
        let reloaded = ShellHistory(path: path, limit: 3)
        #expect(reloaded.entries == ["q7;", "q8;", "q9;"])
        let onDisk = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(onDisk.count == 3)
    }

    @Test func theFileLivesUnderXDGStateHomeOrTheHomeDirectory() {
        #expect(ShellHistory.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/quarry/history")
        #expect(ShellHistory.defaultPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]) == "/h/.local/state/quarry/history")
        #expect(ShellHistory.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/quarry/history")
        #expect(ShellHistory.defaultPath(environment: [:]) == nil)
    }
}

@Suite struct DotCommandTests {
    @Test func commandsParse() throws {
        #expect(try DotCommand.parse(".show tables").get() == .showTables)
        #expect(try DotCommand.parse(".show table DeviceEvents schema").get() == .showSchema(table: "DeviceEvents"))
        #expect(try DotCommand.parse(".show table ['My Table'] schema").get() == .showSchema(table: "My Table"))
        #expect(try DotCommand.parse(".set now 2025-05-02T09:00:00Z").get() == .setNow("2025-05-02T09:00:00Z"))
        #expect(try DotCommand.parse(".set now").get() == .setNow(nil))
        #expect(try DotCommand.parse(".set format csv").get() == .setFormat("csv"))
        #expect(try DotCommand.parse(".load /data/export dir").get() == .load(directory: "/data/export dir"))
        #expect(try DotCommand.parse(".timing").get() == .timing(nil))
        #expect(try DotCommand.parse(".timing off").get() == .timing(false))
        #expect(try DotCommand.parse(".help").get() == .help)
        #expect(try DotCommand.parse(".exit").get() == .quit)
    }

    @Test func mistakesSayWhatIsExpected() {
        #expect(throws: DotCommandError("unknown command '.shw'; .help lists the commands")) { try DotCommand.parse(".shw tables").get() }
        #expect(throws: DotCommandError("expected '.show tables' or '.show table T schema'")) { try DotCommand.parse(".show table T").get() }
        #expect(throws: DotCommandError("unknown setting 'colour'; .set takes now or format")) { try DotCommand.parse(".set colour red").get() }
        #expect(throws: DotCommandError("expected '.load DIR'")) { try DotCommand.parse(".load").get() }
        #expect(throws: DotCommandError("expected '.timing', '.timing on' or '.timing off'")) { try DotCommand.parse(".timing maybe").get() }
    }
}
