import KQLSyntax
import Testing

/// "Did you mean": case-insensitive match first, then Damerau-Levenshtein (optimal string
/// alignment) within a budget that grows with the name's length.
@Suite struct SuggestionTests {
    func d(_ a: String, _ b: String) -> Int { Suggestion.distance(Array(a.unicodeScalars), Array(b.unicodeScalars)) }

    @Test func distanceCountsEditsAndAdjacentSwaps() {
        #expect(d("RemotIP", "RemoteIP") == 1)
        #expect(d("tolowr", "tolower") == 1)
        #expect(d("wher", "where") == 1)
        #expect(d("DeviecName", "DeviceName") == 1)   // a swap is one edit
        #expect(d("kitten", "sitting") == 3)
        #expect(d("", "abc") == 3)
        #expect(d("abc", "abc") == 0)
    }

    @Test func thresholdGrowsWithLength() {
        #expect(Suggestion.threshold(forLength: 2) == 0)
        #expect(Suggestion.threshold(forLength: 4) == 1)
        #expect(Suggestion.threshold(forLength: 8) == 2)
        #expect(Suggestion.threshold(forLength: 18) == 3)
    }

    @Test func caseInsensitiveMatchWinsOverACloserSpelling() {
        #expect(Suggestion.best(for: "remoteip", among: ["RemoteIPs", "RemoteIP"]) == "RemoteIP")
        #expect(Suggestion.best(for: "RemotIP", among: ["LocalIP", "RemoteIP", "RemotePort"]) == "RemoteIP")
        #expect(Suggestion.best(for: "DeviceNetworkEvent", among: ["DeviceEvents", "DeviceNetworkEvents", "DeviceNetworkInfo"]) == "DeviceNetworkEvents")
        #expect(Suggestion.help(for: "tolowr", among: ["toupper", "tolower"]) == "did you mean 'tolower'?")
    }

    @Test func farOrShortNamesGetNoSuggestion() {
        #expect(Suggestion.best(for: "Zebra", among: ["RemoteIP", "DeviceName"]) == nil)
        #expect(Suggestion.best(for: "xy", among: ["ab", "x"]) == nil)
        #expect(Suggestion.best(for: "where", among: ["where"]) == nil)   // not a misspelling
        #expect(Suggestion.best(for: "", among: ["a"]) == nil)
    }

    @Test func tiesGoToTheFirstCandidate() {
        #expect(Suggestion.best(for: "colA", among: ["colB", "colC"]) == "colB")
    }
}
