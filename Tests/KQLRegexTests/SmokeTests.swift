import Testing
@testable import KQLRegex

@Test func smoke() throws {
    let r = try CompiledRegex("[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}")
    #expect(r.firstMatch(in: "::ffff:10.1.2.3")?[0] == "10.1.2.3")
    #expect(r.firstMatch(in: "fe80::1") == nil)
    let a = try CompiledRegex("a|ab")
    #expect(a.firstMatch(in: "ab")?[0] == "a")
    #expect(try CompiledRegex("(a+)(b)?").firstMatch(in: "xaab")! == ["aab", "aa", "b"])
    #expect(try CompiledRegex("a*").replaceAll(in: "baaac", with: "X") == "XbXcX")
}
